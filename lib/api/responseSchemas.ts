import { z } from "zod";
import { INVOICE_EXCEPTIONS, INVOICE_STATUSES } from "../invoices/state";

/**
 * The shapes the API answers with, as zod schemas: the OpenAPI document is generated from them,
 * the contract test validates real answers against that document, and lib/api/responseTypes.ts
 * checks at compile time that the presenters return exactly these shapes.
 */

const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/)
  .meta({ description: "An EVM address." });
const hex = z.string().regex(/^0x[0-9a-fA-F]*$/);
const baseUnits = z.string().regex(/^\d+$/).meta({
  description: "Token base units as a decimal string (6 decimals for USDC: 12.50 is 12500000).",
});
const decimal = z
  .string()
  .regex(/^\d+\.\d+$/)
  .meta({ description: 'A decimal string such as "12.50".' });
const timestamp = z.iso.datetime().meta({ description: "ISO 8601 time, UTC." });

export const paymentOptionSchema = z
  .object({
    chain_id: z.number().int(),
    chain_name: z.string(),
    token: z.object({ symbol: z.string(), address, decimals: z.number().int() }),
    amount: baseUnits.meta({ description: "What is still due, in the token's base units." }),
    recipient: address,
    reference: hex.meta({ description: "16 bytes that tie a transfer to this invoice." }),
    transaction: z.object({ to: address, data: hex, value: z.literal("0") }).meta({
      description: "Send it as it stands, from any wallet or script, to pay what is due.",
    }),
    manual: z
      .object({
        amount: baseUnits,
        uri: z.string().meta({ description: "EIP-681 transfer URI for QR codes." }),
      })
      .nullable()
      .meta({
        description: "A plain transfer of exactly this amount to recipient pays the invoice.",
      }),
  })
  .meta({ id: "PaymentOption", description: "One chain and token the invoice can be paid with." });

export const paymentSchema = z
  .object({
    chain_id: z.number().int(),
    tx_hash: hex,
    log_index: z.number().int(),
    from: address,
    token: address,
    token_symbol: z.string(),
    token_decimals: z.number().int(),
    amount: baseUnits,
    confirmations: z.number().int(),
    status: z.enum(["confirming", "confirmed"]),
    block_number: z.string().regex(/^\d+$/),
    created_at: timestamp,
  })
  .meta({ id: "Payment", description: "A transfer credited to the invoice." });

export const refundSchema = z
  .object({
    id: z.string().meta({ examples: ["ref_01m883hj1m37h8eehqa0k8fx3a"] }),
    chain_id: z.number().int(),
    tx_hash: hex,
    from: address.meta({ description: "The merchant's wallet that sent the refund." }),
    to: address.meta({
      description: "Who received it: the payer, or an address the merchant chose.",
    }),
    token: address,
    token_symbol: z.string(),
    token_decimals: z.number().int(),
    amount: decimal.meta({ description: "In the invoice's currency." }),
    token_amount: baseUnits,
    confirmations: z.number().int(),
    status: z.enum(["confirming", "confirmed"]).meta({
      description: "Only confirmed refunds count in amount_refunded.",
    }),
    created_at: timestamp,
  })
  .meta({
    id: "Refund",
    description: "A transfer from the merchant back to the payer, verified on-chain.",
  });

const itemSchema = z.object({
  name: z.string(),
  quantity: z.number().int(),
  unit_amount: z.string(),
});

export const invoiceSchema = z
  .object({
    id: z.string().meta({ examples: ["inv_01m883hj1m37h8eehqa0k8fx3a"] }),
    object: z.literal("invoice"),
    livemode: z.boolean(),
    status: z.enum(INVOICE_STATUSES),
    exception: z.enum(INVOICE_EXCEPTIONS).nullable().meta({
      description:
        "What else happened: underpaid, overpaid, paid_late (completed after expiry), multiple_payments (paid again after paid), paid_after_cancel (money arrived on a canceled invoice; it stays canceled).",
    }),
    amount: decimal,
    currency: z.string(),
    amount_paid: decimal,
    amount_due: decimal,
    order_id: z.string().nullable(),
    description: z.string().nullable(),
    metadata: z.record(z.string(), z.string()),
    items: z.array(itemSchema).nullable(),
    payment_link: z.string().nullable(),
    checkout_url: z.string(),
    redirect_url: z.string().nullable(),
    expires_at: timestamp,
    created_at: timestamp,
    paid_at: timestamp.nullable(),
    canceled_at: timestamp.nullable(),
    payments: z.array(paymentSchema).meta({
      description:
        "Its payments, oldest first: all of them up to 20, else the 20 largest (payment_count says how many there are).",
    }),
    payment_count: z.number().int().meta({ description: "How many payments the invoice has." }),
    payment_options: z
      .array(paymentOptionSchema)
      .meta({ description: "Empty once the invoice is paid, expired or canceled." }),
    amount_refunded: decimal.meta({ description: "What confirmed refunds have sent back." }),
    refund_status: z.enum(["partially_refunded", "refunded"]).nullable().meta({
      description:
        "null until a refund is confirmed; refunded once everything paid was sent back. `status` does not change.",
    }),
    refunds: z.array(refundSchema),
  })
  .meta({ id: "Invoice" });

export const paymentLinkSchema = z
  .object({
    id: z.string().meta({ examples: ["plink_01m883hj1m37h8eehqa0k8fx3a"] }),
    object: z.literal("payment_link"),
    livemode: z.boolean(),
    active: z.boolean(),
    url: z.string().meta({ description: "Share or embed it; each visit issues a fresh invoice." }),
    amount: decimal.nullable(),
    currency: z.string(),
    description: z.string().nullable(),
    redirect_url: z.string().nullable(),
    metadata: z.record(z.string(), z.string()),
    expires_in: z.number().int(),
    accept: z.array(z.object({ chain_id: z.number().int(), token: z.string() })).nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: "PaymentLink" });

export function listSchema<Item extends z.ZodType>(item: Item, id: string) {
  return z.object({ object: z.literal("list"), data: z.array(item), has_more: z.boolean() }).meta({
    id,
    description: "A page, newest first; pass the last id as starting_after for the next.",
  });
}

export const invoiceListSchema = listSchema(invoiceSchema, "InvoiceList");
export const paymentLinkListSchema = listSchema(paymentLinkSchema, "PaymentLinkList");

export const errorSchema = z
  .object({
    error: z.object({
      type: z.enum([
        "invalid_request_error",
        "authentication_error",
        "payment_error",
        "rate_limit_error",
        "api_error",
      ]),
      code: z.string(),
      message: z.string(),
      param: z.string().nullable(),
    }),
  })
  .meta({ id: "Error" });

export const checkoutChainSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  nativeCurrency: z.object({ name: z.string(), symbol: z.string(), decimals: z.number().int() }),
  publicRpcUrl: z.string(),
  explorerUrl: z.string().nullable(),
  confirmations: z.number().int(),
  testnet: z.boolean(),
  local: z.boolean(),
});

export const checkoutInvoiceSchema = z
  .object({
    id: z.string(),
    livemode: z.boolean(),
    status: z.enum(INVOICE_STATUSES),
    exception: z.enum(INVOICE_EXCEPTIONS).nullable(),
    merchant_name: z.string(),
    merchant_logo_url: z.string().nullable().meta({
      description: "The merchant's logo: an https URL or a data: image; null when none is set.",
    }),
    amount: decimal,
    currency: z.string(),
    amount_paid: decimal,
    amount_due: decimal,
    description: z.string().nullable(),
    order_id: z.string().nullable(),
    items: z.array(itemSchema).nullable(),
    expires_at: timestamp,
    paid_at: timestamp.nullable(),
    redirect_url: z.string().nullable(),
    payment_options: z.array(paymentOptionSchema),
    payments: z.array(paymentSchema),
    payment_count: z.number().int(),
    submissions: z
      .array(
        z.object({
          chain_id: z.number().int(),
          tx_hash: hex,
          status: z
            .enum(["unseen", "pending", "credited", "rejected", "abandoned", "replaced"])
            .meta({
              description:
                "unseen: the chain's node does not know the transaction (a hint: the invoice stays payable); pending: the node has it and it pays this invoice, not mined yet.",
            }),
          error_code: z.string().nullable(),
          created_at: timestamp,
        }),
      )
      .meta({
        description: "The newest 10 transaction hashes posted for the invoice, oldest first.",
      }),
    chains: z.array(checkoutChainSchema),
  })
  .meta({
    id: "CheckoutInvoice",
    description: "The invoice as the shopper may see it: no metadata.",
  });

export const submitPaymentResponseSchema = z
  .object({
    status: z.enum(["credited", "processing"]),
    invoice: checkoutInvoiceSchema,
  })
  .meta({ id: "PaymentSubmission" });

export const eventSchema = z
  .object({
    id: z.string().meta({ examples: ["evt_01m883hj1m37h8eehqa0k8fx3a"] }),
    object: z.literal("event"),
    type: z.string().meta({ examples: ["invoice.paid"] }),
    created_at: timestamp,
    livemode: z.boolean(),
    data: z.record(z.string(), z.unknown()).meta({
      description: "The invoice as it was when the event happened (for webhook.test, a message).",
    }),
  })
  .meta({
    id: "Event",
    description: "Something that happened to an invoice; webhooks deliver exactly this.",
  });

export const eventListSchema = listSchema(eventSchema, "EventList");

export const unmatchedPaymentSchema = z
  .object({
    id: z.string().meta({ examples: ["unp_01m883hj1m37h8eehqa0k8fx3a"] }),
    object: z.literal("unmatched_payment"),
    livemode: z.boolean(),
    reason: z
      .enum([
        "below_minimum",
        "other_currency",
        "not_accepted",
        "invoice_not_payable",
        "ambiguous",
        "no_invoice",
      ])
      .meta({
        description:
          "Why nothing was credited. below_minimum: under the dust floor (no event is sent). other_currency: its reference named an invoice, but it paid in a token of another currency. not_accepted: a token or chain the merchant does not accept, or the other mode's. invoice_not_payable: the invoice it named was past its monitoring window. ambiguous: calls in one transaction named different invoices for it. no_invoice: no reference, and no open invoice held its exact amount.",
      }),
    invoice: z
      .string()
      .nullable()
      .meta({ description: "The invoice the transfer's reference named, if it named one." }),
    chain_id: z.number().int(),
    tx_hash: hex,
    log_index: z.number().int(),
    block_number: z.string().regex(/^\d+$/),
    from: address.meta({ description: "Who sent it: the address to refund." }),
    to: address.meta({ description: "The merchant's address it was paid to." }),
    token: address,
    token_symbol: z.string(),
    token_decimals: z.number().int(),
    amount: baseUnits,
    currency_amount: decimal.meta({ description: "The same amount in the token's currency." }),
    currency: z.string().meta({ description: "The token's currency, such as USD or EUR." }),
    created_at: timestamp,
  })
  .meta({
    id: "UnmatchedPayment",
    description:
      "A transfer to the merchant's address that credited no invoice: the money is the merchant's, to refund or to settle by hand.",
  });

export const unmatchedPaymentListSchema = listSchema(
  unmatchedPaymentSchema,
  "UnmatchedPaymentList",
);

export const webhookEndpointSchema = z
  .object({
    id: z.string().meta({ examples: ["we_01m883hj1m37h8eehqa0k8fx3a"] }),
    object: z.literal("webhook_endpoint"),
    livemode: z.boolean(),
    url: z.string(),
    description: z.string().nullable(),
    enabled_events: z.array(z.string()),
    enabled: z.boolean(),
    flagged_at: timestamp
      .nullable()
      .meta({ description: "When a delivery failed for good; a later success clears it." }),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: "WebhookEndpoint" });

export const webhookEndpointWithSecretSchema = webhookEndpointSchema
  .extend({
    secret: z
      .string()
      .meta({ description: "whsec_…: verify deliveries with it. Shown only in this answer." }),
    previous_secret_expires_at: timestamp
      .nullable()
      .optional()
      .meta({ description: "After a rotation: until then the old secret signs too." }),
  })
  .meta({ id: "WebhookEndpointWithSecret" });

export const deletedWebhookEndpointSchema = webhookEndpointSchema
  .extend({ deleted: z.literal(true) })
  .meta({ id: "DeletedWebhookEndpoint" });

export const webhookEndpointListSchema = listSchema(webhookEndpointSchema, "WebhookEndpointList");

export const webhookDeliverySchema = z
  .object({
    id: z.string(),
    object: z.literal("webhook_delivery"),
    endpoint_id: z.string(),
    event_id: z.string(),
    event_type: z.string(),
    status: z.enum(["pending", "succeeded", "failed"]),
    attempts: z.number().int(),
    last_status_code: z.number().int().nullable(),
    last_latency_ms: z.number().int().nullable(),
    last_error: z.string().nullable(),
    next_attempt_at: timestamp.nullable(),
    created_at: timestamp,
    completed_at: timestamp.nullable(),
    attempt_history: z.array(
      z.object({
        attempt: z.number().int(),
        started_at: timestamp,
        status_code: z.number().int().nullable(),
        latency_ms: z.number().int(),
        error: z.string().nullable(),
      }),
    ),
  })
  .meta({
    id: "WebhookDelivery",
    description: "One event for one endpoint, with every attempt to send it.",
  });

export const webhookDeliveryListSchema = listSchema(webhookDeliverySchema, "WebhookDeliveryList");
