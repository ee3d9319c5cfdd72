import { checkoutInvoiceSchema, submitPaymentResponseSchema } from "../../checkout/schemas";
import { submitPaymentBody } from "../../payments/submission/schemas";
import { authorizationAcceptedSchema, postAuthorizationBody } from "../../relayer/schemas";

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
  "/api/checkout/{id}/authorizations": {
    post: {
      tag: "Checkout",
      summary: "Pay by signature (gasless)",
      description:
        "Public. Posts an EIP-3009 `transferWithAuthorization` signed for a payment option's `authorization` (its typed data with `from` added): `to` is the option's recipient, `value` what is due, `valid_after`/`valid_before` and `nonce` the option's. The signer must be `from` (an ECDSA key, or a contract wallet that answers ERC-1271). The merchant's relayer simulates it and, only if the token would accept it, broadcasts it and pays the gas; the tokens go from `from` to the merchant. 202 with the transaction hash; the invoice then becomes processing and paid as for any payment, with its events and webhooks. Refused with nothing broadcast (422): gasless_unavailable, authorization_mismatch, invalid_signature, authorization_expired, authorization_used, insufficient_balance, payment_in_progress, relayer_unavailable, invoice_not_payable. 429 past 10 a minute per client address or 5 a minute per invoice.",
      auth: false,
      pathParams: id("invoice"),
      body: postAuthorizationBody,
      responses: {
        202: { description: "Broadcast by the relayer.", schema: authorizationAcceptedSchema },
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
