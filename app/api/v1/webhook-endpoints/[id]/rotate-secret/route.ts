import { otherMethods } from "@/lib/api/methods";
import { json, merchantRoute } from "@/lib/api/route";
import { presentWebhookEndpoint, rotateWebhookSecret } from "@/lib/webhooks/endpoints";

/** A new secret, shown once; the old one keeps signing alongside it for 24 hours. */
export const POST = merchantRoute<{ id: string }>(async ({ params, db, merchant, livemode }) => {
  const { endpoint, secret } = await rotateWebhookSecret(db, {
    merchantId: merchant.id,
    livemode: livemode,
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
