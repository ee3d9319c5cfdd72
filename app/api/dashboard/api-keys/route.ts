import { z } from "zod";
import { dashboardMerchantRoute } from "@/lib/api/dashboardRoute";
import { otherMethods } from "@/lib/api/methods";
import { readJsonBody } from "@/lib/api/request";
import { json } from "@/lib/api/route";
import { apiKeyModes, dashboardLivemode } from "@/lib/dashboard/mode";
import { DomainError, parseInput } from "@/lib/errors";
import { createApiKey, listApiKeys } from "@/lib/merchants/apiKeys";
import { apiKeyLabelSchema, apiKeyModeSchema } from "@/lib/merchants/schemas";

export const dynamic = "force-dynamic";

const createApiKeyBody = z.strictObject({
  label: apiKeyLabelSchema,
  /** The dashboard's mode when omitted. */
  mode: apiKeyModeSchema.optional(),
});

/** The merchant's keys, revoked ones included: prefix, label, mode, dates; never a secret. */
export const GET = dashboardMerchantRoute(async ({ db, merchantId }) =>
  json({ object: "list", data: await listApiKeys(db, merchantId), modes: apiKeyModes() }),
);

/** A new key: the secret is in this answer only (stored hashed, never shown again). */
export const POST = dashboardMerchantRoute(async ({ request, db, merchantId }) => {
  const body = parseInput(createApiKeyBody, await readJsonBody(request));
  const mode = body.mode ?? (dashboardLivemode() ? "live" : "test");
  if (!apiKeyModes().includes(mode)) {
    throw new DomainError(
      "parameter_invalid",
      `Invalid mode: this deployment has no ${mode} chains, so a ${mode} key could not take payments.`,
      "mode",
    );
  }
  const { apiKey, key } = await createApiKey(db, { merchantId, mode, label: body.label });
  return json({ ...key, secret: apiKey }, 201);
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
