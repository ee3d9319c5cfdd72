import { z } from "zod";
import {
  type CurrencyCode,
  formatCurrencyAmount,
  isCurrencyCode,
  MAX_CURRENCY_AMOUNT,
  parseCurrencyAmount,
} from "../money/currencies";
import { ParseDecimalError } from "../money/decimal";
import { refundSchema } from "../refunds/schemas";
import { address, baseUnits, decimal, hex, listSchema, timestamp } from "../schemaFields";
import { INVOICE_EXCEPTIONS, INVOICE_STATUSES } from "./state";

export const MIN_EXPIRES_IN = 60;
export const MAX_EXPIRES_IN = 7 * 24 * 3600;
export const DEFAULT_EXPIRES_IN = 1800;

export const metadataSchema = z
  .record(
    z.string().min(1, "keys must not be empty").max(40, "keys must be at most 40 characters"),
    z.string("values must be strings").max(500, "values must be at most 500 characters"),
  )
  .refine((value) => Object.keys(value).length <= 50, "must have at most 50 keys")
  .meta({ description: "Your own key-value pairs, private to you: up to 50 keys." });

export const currencySchema = z
  .string()
  .transform((value) => value.toUpperCase())
  .refine(isCurrencyCode, "must be USD or EUR")
  .transform((value) => value as CurrencyCode)
  .meta({ description: "USD or EUR; paid in stablecoins of that currency." });

/** A decimal string such as "12.50"; checked against the currency's decimals where it is used. */
export const decimalAmountSchema = z.string('must be a string such as "12.50"').meta({
  description: `A decimal string such as "12.50"; never a number. At most ${formatCurrencyAmount(MAX_CURRENCY_AMOUNT, "USD")}.`,
  examples: ["12.50"],
});

export const expiresInSchema = z
  .number("must be a whole number of seconds")
  .int("must be a whole number of seconds")
  .min(MIN_EXPIRES_IN, `must be at least ${MIN_EXPIRES_IN} seconds`)
  .max(MAX_EXPIRES_IN, `must be at most ${MAX_EXPIRES_IN} seconds (7 days)`)
  .meta({ description: "Seconds the invoice stays payable, 60 to 604800; default 1800." });

export const redirectUrlSchema = z
  .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
  .max(2000)
  .meta({ description: "Where the shopper returns after paying; https in live mode." });

export const acceptSchema = z
  .array(
    z.strictObject({
      chain_id: z.number().int().positive(),
      token: z
        .string()
        .min(1)
        .max(20)
        .transform((value) => value.toUpperCase()),
    }),
  )
  .min(1, "must list at least one chain and token")
  .max(50)
  .meta({ description: "Limit the invoice to some of your chains and tokens." });

export const itemSchema = z.strictObject({
  name: z.string().min(1).max(200),
  quantity: z.number().int("must be a whole number").min(1).max(1_000_000),
  unit_amount: decimalAmountSchema,
});

/** POST /api/v1/invoices. Unknown fields are refused, so a typo never goes unnoticed. */
export const createInvoiceBody = z
  .strictObject({
    amount: decimalAmountSchema,
    currency: currencySchema,
    order_id: z.string().min(1).max(200).optional(),
    description: z.string().max(1000).optional(),
    metadata: metadataSchema.optional(),
    items: z.array(itemSchema).min(1).max(100).optional(),
    accept: acceptSchema.optional(),
    expires_in: expiresInSchema.optional(),
    redirect_url: redirectUrlSchema.optional(),
  })
  .transform((body, context) => {
    const amountUnits = parseAmount(body.amount, body.currency, ["amount"], context);
    if (amountUnits === null) return z.NEVER;
    if (body.items) {
      let total = 0n;
      for (const [index, item] of body.items.entries()) {
        const unit = parseAmount(
          item.unit_amount,
          body.currency,
          ["items", index, "unit_amount"],
          context,
        );
        if (unit === null) return z.NEVER;
        total += unit * BigInt(item.quantity);
      }
      if (total > MAX_CURRENCY_AMOUNT) {
        context.addIssue({
          code: "custom",
          path: ["items"],
          message: `the items' quantities times unit amounts must add up to at most ${formatCurrencyAmount(MAX_CURRENCY_AMOUNT, body.currency)}`,
        });
        return z.NEVER;
      }
      if (total !== amountUnits) {
        context.addIssue({
          code: "custom",
          path: ["items"],
          message: "the items' quantities times unit amounts must add up to amount",
        });
        return z.NEVER;
      }
    }
    return { ...body, amountUnits };
  });

export type CreateInvoiceBody = z.output<typeof createInvoiceBody>;

/** A positive amount of the currency, or an issue at `path`. */
export function parseAmount(
  value: string,
  currency: CurrencyCode,
  path: (string | number)[],
  context: z.RefinementCtx,
  allowZero = false,
): bigint | null {
  try {
    const units = parseCurrencyAmount(value, currency);
    if (units === 0n && !allowZero) {
      context.addIssue({ code: "custom", path, message: "must be greater than 0" });
      return null;
    }
    return units;
  } catch (error) {
    if (!(error instanceof ParseDecimalError)) throw error;
    context.addIssue({ code: "custom", path, message: error.message });
    return null;
  }
}

const uintString = z.string().regex(/^\d+$/);

export const transferAuthorizationSchema = z
  .object({
    domain: z.object({
      name: z.string(),
      version: z.string(),
      chainId: z.number().int(),
      verifyingContract: address,
    }),
    types: z.object({
      TransferWithAuthorization: z.array(z.object({ name: z.string(), type: z.string() })),
    }),
    primaryType: z.literal("TransferWithAuthorization"),
    message: z.object({
      to: address,
      value: uintString,
      validAfter: uintString,
      validBefore: uintString,
      nonce: hex,
    }),
  })
  .meta({
    id: "TransferAuthorization",
    description:
      "EIP-712 typed data of an EIP-3009 transferWithAuthorization for exactly what is due: add `from` (the payer) to the message, sign it (eth_signTypedData_v4) and POST it to /api/checkout/{id}/authorizations. The merchant's relayer pays the gas.",
  });

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
    authorization: transferAuthorizationSchema.nullable().meta({
      description:
        "Present while the option can be paid gasless: a signature, no gas token needed. null when the token has no EIP-3009, the merchant turned it off, or the relayer cannot pay now.",
    }),
    paymaster_service_url: z.string().nullable().meta({
      description:
        "An ERC-7677 paymaster service (the checkout's proxy to the merchant's) for a smart-account wallet's `paymasterService` capability: it sponsors the gas of a user operation whose one call is `transaction`, and nothing else. null when the merchant sponsors no gas on this chain.",
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

export const invoiceItemSchema = z.object({
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
    items: z.array(invoiceItemSchema).nullable(),
    payment_link: z.string().nullable(),
    checkout_url: z.string(),
    x402_url: z.string().meta({
      description:
        "Where a program pays this invoice over x402 (HTTP 402, exact scheme): GET answers 402 with the requirements while payable.",
    }),
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

export const invoiceListSchema = listSchema(invoiceSchema, "InvoiceList");
