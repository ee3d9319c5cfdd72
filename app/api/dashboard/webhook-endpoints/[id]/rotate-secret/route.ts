import { otherMethods } from "@/lib/api/methods";
import { json } from "@/lib/api/route";
import { dashboardLivemode } from "@/lib/dashboard/mode";
import { merchantRoute } from "@/lib/dashboard/route";
import { presentWebhookEndpoint, rotateWebhookSecret } from "@/lib/webhooks/endpoints";

export const dynamic = "force-dynamic";

/** A new secret, shown once; the old one keeps signing alongside it for 24 hours. */
export const POST = merchantRoute<{ id: string }>(async ({ params, db, merchantId }) => {
  const { endpoint, secret } = await rotateWebhookSecret(db, {
    merchantId,
    livemode: dashboardLivemode(),
    id: params.id,
  });
  return json({
    ...presentWebhookEndpoint(endpoint),
    secret,
    previous_secret_expires_at: endpoint.previousSecretExpiresAt?.toISOString() ?? null,
  });
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
