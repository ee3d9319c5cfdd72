import { otherMethods } from "@/lib/api/methods";
import { json, merchantRoute } from "@/lib/api/route";
import { sendTestEvent } from "@/lib/webhooks/deliveries";
import { findMerchantWebhookEndpoint } from "@/lib/webhooks/endpoints";

/** Queues a webhook.test event for this endpoint; it is delivered within a second. */
export const POST = merchantRoute<{ id: string }>(async ({ params, db, merchant, livemode }) => {
  const endpoint = await findMerchantWebhookEndpoint(db, merchant.id, livemode, params.id);
  const delivery = await sendTestEvent(db, {
    merchantId: merchant.id,
    livemode: livemode,
    endpointId: endpoint.id,
  });
  return json(delivery, 201);
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
