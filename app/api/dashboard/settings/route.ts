import { z } from "zod";
import { dashboardMerchantRoute } from "@/lib/api/dashboardRoute";
import { otherMethods } from "@/lib/api/methods";
import { readJsonBody } from "@/lib/api/request";
import { json } from "@/lib/api/route";
import { getConfig } from "@/lib/config/config";
import { requireOwner } from "@/lib/dashboard/members";
import { parseInput } from "@/lib/errors";
import {
  confirmSettlementChanges,
  settlementConfirmationsSchema,
} from "@/lib/merchants/confirmSettlement";
import { presentMerchant, updateMerchant } from "@/lib/merchants/merchants";
import type { UpdateMerchantInput } from "@/lib/merchants/schemas";

export const dynamic = "force-dynamic";

/*
 * Only the body's shape is checked here; every value is checked by lib/merchants (the same code
 * as the merchant CLI's), whose errors name the field as this body does.
 */
const body = z.strictObject({
  name: z.unknown().optional(),
  logo_url: z.unknown().optional(),
  settlement_address: z.unknown().optional(),
  settlement_overrides: z.unknown().optional(),
  accepted_tokens: z
    .array(z.strictObject({ chain_id: z.unknown(), symbol: z.unknown() }), "expected a list")
    .nullable()
    .optional(),
  allowed_origins: z.unknown().optional(),
  default_expires_in: z.unknown().optional(),
  underpayment_tolerance_bps: z.unknown().optional(),
  gasless_enabled: z.unknown().optional(),
  gasless_fee_caps: z.unknown().optional(),
  /** Signatures by new settlement addresses that are not the signed-in wallet's. */
  settlement_confirmations: settlementConfirmationsSchema.optional(),
});

/** The session's merchant as the settings page shows it (any member may read it). */
export const GET = dashboardMerchantRoute(async ({ merchant }) =>
  json({ merchant: presentMerchant(merchant) }),
);

/**
 * Changes the fields given, and only those; owners only. A bad field is a 400 naming it, and
 * then nothing is written, not even the request's good fields. A new settlement address that is
 * not the signed-in wallet's is written only with a confirmation signed by that address (422
 * settlement_unconfirmed, invalid_signature or confirmation_expired otherwise).
 */
export const POST = dashboardMerchantRoute(
  async ({ request, db, session, merchant, merchantId }) => {
    requireOwner(session);
    const input = parseInput(body, await readJsonBody(request));
    const updated = await updateMerchant(
      db,
      merchantId,
      {
        name: input.name,
        logoUrl: input.logo_url,
        settlementAddress: input.settlement_address,
        settlementOverrides: input.settlement_overrides,
        acceptedTokens:
          input.accepted_tokens === undefined || input.accepted_tokens === null
            ? input.accepted_tokens
            : input.accepted_tokens.map((token) => ({
                chainId: token.chain_id,
                symbol: token.symbol,
              })),
        allowedOrigins: input.allowed_origins,
        defaultExpiresIn: input.default_expires_in,
        underpaymentToleranceBps: input.underpayment_tolerance_bps,
        gaslessEnabled: input.gasless_enabled,
        gaslessFeeCaps: input.gasless_fee_caps,
      } as UpdateMerchantInput,
      {
        beforeWrite: (changes) =>
          confirmSettlementChanges({
            merchant,
            signedIn: session.address,
            changes,
            confirmations: input.settlement_confirmations ?? [],
            publicUrl: getConfig().publicUrl,
          }),
      },
    );
    return json({ merchant: presentMerchant(updated) });
  },
);

// Other methods get a JSON 405 naming these, not an empty answer.
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
