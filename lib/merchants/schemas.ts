import { getAddress, isAddress, zeroAddress } from "viem";
import { z } from "zod";
import { isExactOrigin } from "../checkout/embedding";
import { FEE_CAP_PATTERN } from "../relayer/feeCap";

export const MERCHANT_NAME_MAX_LENGTH = 100;
export const API_KEY_LABEL_MAX_LENGTH = 100;

export const merchantNameSchema = z
  .string({ error: "expected text" })
  .trim()
  .min(1, "a merchant needs a name")
  .max(MERCHANT_NAME_MAX_LENGTH, `at most ${MERCHANT_NAME_MAX_LENGTH} characters`);

/**
 * An EVM address, stored checksummed. A mixed-case address must match its checksum: a wrong one
 * is most likely a typo, and a typo here sends the merchant's money to nobody.
 */
export const evmAddressSchema = z
  .string({ error: "expected an EVM address" })
  .trim()
  .refine((value) => isAddress(value), {
    error:
      "expected an EVM address, 0x followed by 40 hex digits (mixed case must match its checksum)",
  })
  .refine((value) => value.toLowerCase() !== zeroAddress, {
    error: "the zero address cannot receive payments",
  })
  .transform((value) => getAddress(value));

export const chainIdSchema = z
  .number({ error: "expected a chain id" })
  .int("expected a whole-number chain id")
  .positive("expected a positive chain id");

/** Per-chain settlement addresses, keyed by chain id ("8453"). */
export const settlementOverridesSchema = z.record(
  z.string().regex(/^[1-9][0-9]{0,15}$/, "keys must be chain ids, such as 8453"),
  evmAddressSchema,
);

export const acceptedTokenSchema = z.strictObject({
  chainId: chainIdSchema,
  symbol: z
    .string({ error: "expected a token symbol" })
    .trim()
    .min(1, "expected a token symbol")
    .max(20, "expected a token symbol"),
});

/** null: every token on every chain this deployment offers. */
export const acceptedTokensSchema = z
  .array(acceptedTokenSchema)
  .min(1, "list at least one token, or null for every token")
  .nullable();

/** Shown on the checkout page: an https URL, or a small data: image (no request elsewhere). */
export const logoUrlSchema = z
  .string({ error: "expected a URL" })
  .trim()
  .max(100_000, "at most 100,000 characters")
  .refine(
    (value) =>
      /^data:image\/(png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/=]+$/.test(value) ||
      (URL.canParse(value) && new URL(value).protocol === "https:"),
    { error: "expected an https URL or a data:image/…;base64 URI" },
  )
  .nullable();

/**
 * An origin allowed to frame the checkout: https (http only for localhost), nothing after the
 * host, and exactly one site (no wildcard such as `https://*` or `https://*.example`).
 */
export const allowedOriginSchema = z
  .string({ error: "expected an origin" })
  .trim()
  .refine(
    (value) => {
      if (!URL.canParse(value)) return false;
      const url = new URL(value);
      const local = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
      return (
        (url.protocol === "https:" || (url.protocol === "http:" && local)) &&
        url.origin === value.replace(/\/$/, "") &&
        isExactOrigin(url.origin)
      );
    },
    {
      error:
        "expected an exact origin such as https://shop.example (no wildcards; http only for localhost)",
    },
  )
  .transform((value) => new URL(value).origin);

export const allowedOriginsSchema = z.array(allowedOriginSchema).max(20, "at most 20 origins");

export const createMerchantInputSchema = z.strictObject({
  name: merchantNameSchema,
  settlementAddress: evmAddressSchema,
  settlementOverrides: settlementOverridesSchema.optional(),
  acceptedTokens: acceptedTokensSchema.optional(),
});
export type CreateMerchantInput = z.input<typeof createMerchantInputSchema>;

/** Bounds of a merchant's default invoice expiry, the same as an invoice's own expires_in. */
export const MIN_DEFAULT_EXPIRES_IN = 60;
export const MAX_DEFAULT_EXPIRES_IN = 7 * 24 * 3600;

/** Seconds new invoices stay payable when the request does not say; null: the 30-minute default. */
export const defaultExpiresInSchema = z
  .number({ error: "expected a whole number of seconds, or null for the 30-minute default" })
  .int("expected a whole number of seconds")
  .min(MIN_DEFAULT_EXPIRES_IN, `must be at least ${MIN_DEFAULT_EXPIRES_IN} seconds (1 minute)`)
  .max(MAX_DEFAULT_EXPIRES_IN, `must be at most ${MAX_DEFAULT_EXPIRES_IN} seconds (7 days)`)
  .nullable();

export const MAX_UNDERPAYMENT_TOLERANCE_BPS = 500;

/** How much may be missing for an invoice to count as paid, in basis points (100 = 1%), 0 to 5%. */
export const underpaymentToleranceBpsSchema = z
  .number({ error: "expected a whole number of basis points (100 = 1%)" })
  .int("expected a whole number of basis points (100 = 1%)")
  .min(0, "must not be negative")
  .max(
    MAX_UNDERPAYMENT_TOLERANCE_BPS,
    `must be at most ${MAX_UNDERPAYMENT_TOLERANCE_BPS / 100}% (${MAX_UNDERPAYMENT_TOLERANCE_BPS} basis points)`,
  );

/** A fee cap for gasless payments: a decimal amount of the invoice currency, 0 to 100. */
export const gaslessFeeCapSchema = z
  .string({ error: 'expected a decimal amount such as "0.05"' })
  .trim()
  .regex(
    FEE_CAP_PATTERN,
    'expected a decimal amount from 0 to 100 with at most 6 decimals, such as "0.05"',
  )
  .refine((value) => Number(value) <= 100, "must be at most 100");

/** Per chain id, the most one gasless payment's gas may be worth, in the invoice currency. */
export const gaslessFeeCapsSchema = z.record(
  z.string().regex(/^[1-9][0-9]{0,15}$/, "keys must be chain ids, such as 8453"),
  gaslessFeeCapSchema,
);

export const updateMerchantInputSchema = createMerchantInputSchema.partial().extend({
  logoUrl: logoUrlSchema.optional(),
  allowedOrigins: allowedOriginsSchema.optional(),
  defaultExpiresIn: defaultExpiresInSchema.optional(),
  underpaymentToleranceBps: underpaymentToleranceBpsSchema.optional(),
  gaslessEnabled: z.boolean({ error: "expected true or false" }).optional(),
  gaslessFeeCaps: gaslessFeeCapsSchema.optional(),
});
export type UpdateMerchantInput = z.input<typeof updateMerchantInputSchema>;

export const apiKeyModeSchema = z.enum(["test", "live"], { error: 'expected "test" or "live"' });

export const apiKeyLabelSchema = z
  .string({ error: "expected text" })
  .trim()
  .min(1, "a label must not be empty")
  .max(API_KEY_LABEL_MAX_LENGTH, `at most ${API_KEY_LABEL_MAX_LENGTH} characters`);

export const createApiKeyInputSchema = z.strictObject({
  merchantId: z.string({ error: "expected a merchant id" }),
  mode: apiKeyModeSchema,
  label: apiKeyLabelSchema.nullish(),
});
export type CreateApiKeyInput = z.input<typeof createApiKeyInputSchema>;

export const revokeApiKeyInputSchema = z.strictObject({
  merchantId: z.string({ error: "expected a merchant id" }),
  keyId: z.string({ error: "expected a key id" }),
});
export type RevokeApiKeyInput = z.input<typeof revokeApiKeyInputSchema>;
