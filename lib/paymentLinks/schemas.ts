import { z } from "zod";
import {
  acceptSchema,
  currencySchema,
  decimalAmountSchema,
  expiresInSchema,
  metadataSchema,
  redirectUrlSchema,
} from "../invoices/schemas";
import { decimal, listSchema, timestamp } from "../schemaFields";

const linkFields = {
  amount: decimalAmountSchema
    .nullable()
    .meta({ description: 'A fixed amount such as "25.00", or null to let the shopper type it.' }),
  currency: currencySchema,
  description: z.string().max(1000).nullable().optional(),
  redirect_url: redirectUrlSchema.nullable().optional(),
  metadata: metadataSchema.optional(),
  expires_in: expiresInSchema.optional(),
  accept: acceptSchema.nullable().optional(),
};

/** POST /api/v1/payment-links */
export const createPaymentLinkBody = z.strictObject(linkFields);

/** POST /api/v1/payment-links/{id}: any field, and `active: false` to deactivate. */
export const updatePaymentLinkBody = z
  .strictObject({
    ...linkFields,
    amount: linkFields.amount.optional(),
    currency: currencySchema.optional(),
    active: z
      .boolean()
      .optional()
      .meta({ description: "false deactivates the link; true reactivates it." }),
  })
  .refine((body) => Object.keys(body).length > 0, "give at least one field to change");

export type CreatePaymentLinkBody = z.output<typeof createPaymentLinkBody>;
export type UpdatePaymentLinkBody = z.output<typeof updatePaymentLinkBody>;

export const paymentLinkSchema = z
  .object({
    id: z.string().meta({ examples: ["plink_01m883hj1m37h8eehqa0k8fx3a"] }),
    object: z.literal("payment_link"),
    livemode: z.boolean(),
    active: z.boolean(),
    url: z.string().meta({ description: "Share or embed it; each visit issues a fresh invoice." }),
    x402_url: z.string().meta({
      description:
        "Where a program pays this link over x402 (add ?amount= when the amount is open): each paid request issues an invoice.",
    }),
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

export const paymentLinkListSchema = listSchema(paymentLinkSchema, "PaymentLinkList");
