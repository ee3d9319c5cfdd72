import { z } from "zod";
import { isCurrencyCode, parseCurrencyAmount } from "../money/currencies";
import { ParseDecimalError } from "../money/decimal";

export const MIN_EXPIRES_IN = 60;
export const MAX_EXPIRES_IN = 7 * 24 * 3600;
export const DEFAULT_EXPIRES_IN = 1800;

const metadataSchema = z
  .record(
    z.string().min(1, "keys must not be empty").max(40, "keys must be at most 40 characters"),
    z.string().max(500, "values must be at most 500 characters"),
  )
  .refine((value) => Object.keys(value).length <= 50, "must have at most 50 keys");

/** POST /api/v1/invoices. Unknown fields are refused, so a typo never goes unnoticed. */
export const createInvoiceBody = z
  .strictObject({
    amount: z.string('must be a string such as "12.50"'),
    currency: z
      .string()
      .transform((value) => value.toUpperCase())
      .refine(isCurrencyCode, "must be USD or EUR"),
    order_id: z.string().min(1).max(200).optional(),
    description: z.string().max(1000).optional(),
    metadata: metadataSchema.optional(),
    expires_in: z
      .number()
      .int("must be a whole number of seconds")
      .min(MIN_EXPIRES_IN, `must be at least ${MIN_EXPIRES_IN} seconds`)
      .max(MAX_EXPIRES_IN, `must be at most ${MAX_EXPIRES_IN} seconds (7 days)`)
      .optional(),
    redirect_url: z
      .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
      .max(2000)
      .optional(),
  })
  .transform((body, context) => {
    try {
      const amount = parseCurrencyAmount(body.amount, body.currency as "USD" | "EUR");
      if (amount === 0n) {
        context.addIssue({ code: "custom", path: ["amount"], message: "must be greater than 0" });
        return z.NEVER;
      }
      return { ...body, currency: body.currency as "USD" | "EUR", amountUnits: amount };
    } catch (error) {
      if (!(error instanceof ParseDecimalError)) throw error;
      context.addIssue({ code: "custom", path: ["amount"], message: error.message });
      return z.NEVER;
    }
  });

export type CreateInvoiceBody = z.output<typeof createInvoiceBody>;
