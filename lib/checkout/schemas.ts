import { z } from "zod";
import { invoiceItemSchema, paymentOptionSchema, paymentSchema } from "../invoices/schemas";
import { INVOICE_EXCEPTIONS, INVOICE_STATUSES } from "../invoices/state";
import { decimal, hex, timestamp } from "../schemaFields";

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
    items: z.array(invoiceItemSchema).nullable(),
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
