import { z } from "zod";
import { invoiceSchema } from "../../invoices/schemas";
import {
  facilitatorRequestBody,
  x402PaymentRequiredSchema,
  x402SettleResponseSchema,
  x402SupportedSchema,
  x402VerifyResponseSchema,
} from "../../x402/schemas";
import { id, type PathOperations } from "./operation";

const PAY =
  "Without a `PAYMENT-SIGNATURE` header: 402 with the x402 v2 requirements (the `PAYMENT-REQUIRED` header, and the same JSON in the body), one `exact` requirement per option offered gasless. With one (an EIP-3009 authorization signed for one of them, as `@x402/fetch` sends it): verified, settled by the merchant's relayer (recorded before it is broadcast), credited, and answered 200 with the invoice and the `PAYMENT-RESPONSE` header. A refused payment is answered 402 again with `error` (`<reason>: <sentence>`) and nothing spent. Payments are limited to 1 a second (bursts of 30) per client address.";

/** The OpenAPI operations of x402: invoices and links paid over HTTP 402, and the facilitator. */
export const x402Operations: PathOperations = {
  "/api/x402/invoices/{id}": {
    get: {
      tag: "x402",
      summary: "Pay an invoice over x402",
      description: `Public. ${PAY} A paid invoice answers 200 with itself; an expired or canceled one 410.`,
      auth: false,
      pathParams: id("invoice"),
      responses: {
        200: { description: "The invoice, paid (or paid before).", schema: invoiceSchema },
        402: { description: "Payment required.", schema: x402PaymentRequiredSchema },
      },
      errors: [404, 410, 429],
    },
  },
  "/api/x402/links/{id}": {
    get: {
      tag: "x402",
      summary: "Pay a payment link over x402",
      description: `Public. Each paid request issues an invoice from the link and answers it (the merchant sees it and gets its webhooks as for any other). ${PAY} No invoice is issued for a payment that fails verification. An inactive link answers 410.`,
      auth: false,
      pathParams: id("payment link"),
      query: z.object({
        amount: z.string().optional().meta({
          description: "For a link whose amount is open: a decimal amount of its currency.",
        }),
      }),
      responses: {
        200: { description: "The invoice issued and paid.", schema: invoiceSchema },
        402: { description: "Payment required.", schema: x402PaymentRequiredSchema },
      },
      errors: [400, 404, 410, 429],
    },
  },
  "/api/x402/facilitator/supported": {
    get: {
      tag: "x402",
      summary: "What the facilitator settles",
      description:
        "For your own x402 resource servers (`HTTPFacilitatorClient` with `createAuthHeaders` sending your API key): the `exact` scheme on every chain with a relayer, and the relayer addresses.",
      responses: { 200: { description: "Supported kinds.", schema: x402SupportedSchema } },
      errors: [401, 429],
    },
  },
  "/api/x402/facilitator/verify": {
    post: {
      tag: "x402",
      summary: "Verify an x402 payment",
      description:
        "Checks a payment to you: `payTo` must be your settlement address on its network (this is no open relay), the token one you accept in the key's mode with gasless on, the amount at least the dust floor; then the signature, recipient, amount and window, and a simulation of the transfer. Refusals are 200 with `isValid: false` and `invalidReason`.",
      body: facilitatorRequestBody,
      responses: { 200: { description: "The verdict.", schema: x402VerifyResponseSchema } },
      errors: [400, 401, 413, 415, 429],
    },
  },
  "/api/x402/facilitator/settle": {
    post: {
      tag: "x402",
      summary: "Settle an x402 payment",
      description:
        "Verifies as /verify does, records the payment as a paid invoice of yours (the resource URL its description; its events and webhooks as for any invoice; `extra.invoice` names it), relays it, and answers once mined. Idempotent: the same payment settled again is answered from its first settlement, sending nothing. Refusals are 200 with `success: false` and `errorReason`.",
      body: facilitatorRequestBody,
      responses: { 200: { description: "The settlement.", schema: x402SettleResponseSchema } },
      errors: [400, 401, 413, 415, 429],
    },
  },
};
