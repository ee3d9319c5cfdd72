import { z } from "zod";
import {
  type CurrencyCode,
  formatCurrencyAmount,
  isCurrencyCode,
  MAX_CURRENCY_AMOUNT,
  parseCurrencyAmount,
} from "../money/currencies";
import { ParseDecimalError } from "../money/decimal";

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
