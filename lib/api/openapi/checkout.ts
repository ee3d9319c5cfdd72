import { checkoutInvoiceSchema, submitPaymentResponseSchema } from "../../checkout/schemas";
import { submitPaymentBody } from "../../payments/submission/schemas";

import { id, type PathOperations } from "./operation";

/** The OpenAPI operations of the public endpoints of the hosted checkout page. */
export const checkoutOperations: PathOperations = {
  "/api/checkout/{id}": {
    get: {
      tag: "Checkout",
      summary: "Get an invoice as the shopper sees it",
      description:
        "Public: what the hosted checkout page shows (no metadata). Rate-limited per client address.",
      auth: false,
      pathParams: id("invoice"),
      responses: { 200: { description: "The invoice.", schema: checkoutInvoiceSchema } },
      errors: [404, 429],
    },
  },
  "/api/checkout/{id}/payments": {
    post: {
      tag: "Checkout",
      summary: "Submit a transaction hash",
      description:
        "Public: anyone may post any hash. Each Transfer of the transaction credits the invoice whose reference immediately follows the call that made it (transfer or transferFrom with the log's recipient and amount, anywhere in the input), whichever invoice the hash was posted to. 202 when the receipt is not there yet: the hash is kept and asked about again, as `unseen` (a hint that holds nothing) when the chain's node does not know it, as `pending` when the node has it and it pays this invoice. 422 codes: wrong_chain, transaction_failed, no_matching_transfer, reference_mismatch, amount_too_small, token_not_accepted, transaction_already_used, invoice_not_payable. 429 too_many_pending_payments when this client address has 20 hashes waiting.",
      auth: false,
      pathParams: id("invoice"),
      body: submitPaymentBody,
      responses: {
        200: {
          description: "Credited, or still gaining confirmations.",
          schema: submitPaymentResponseSchema,
        },
        202: {
          description: "Not mined yet: kept and checked again.",
          schema: submitPaymentResponseSchema,
        },
      },
      errors: [400, 404, 413, 415, 422, 429, 503],
    },
  },
  "/api/checkout/{id}/events": {
    get: {
      tag: "Checkout",
      summary: "Follow an invoice live",
      description:
        "Public, server-sent events (`text/event-stream`): an `invoice` event carrying the CheckoutInvoice at once and whenever it changes (a transaction sent, a confirmation, paid, expired), `: heartbeat` comments every 15 seconds, and an `end` event (`reason`: `settled`, `gone` or `lifetime`) before the stream closes, on a final state or after 10 minutes (`retry: 1000`: EventSource reconnects by itself). Changes made by any instance sharing the database arrive within a second. At most 10 open streams per client address (429 beyond).",
      auth: false,
      pathParams: id("invoice"),
      responses: {
        200: { description: "The event stream.", schema: checkoutInvoiceSchema },
      },
      errors: [404, 429],
      stream: true,
    },
  },
};
