import { otherMethods } from "@/lib/api/methods";
import { json } from "@/lib/api/route";
import { dashboardLivemode } from "@/lib/dashboard/mode";
import { merchantRoute } from "@/lib/dashboard/route";
import { sendTestEvent } from "@/lib/webhooks/deliveries";
import { findMerchantWebhookEndpoint } from "@/lib/webhooks/endpoints";

export const dynamic = "force-dynamic";

/** Queues a webhook.test event for this endpoint only; the sender delivers it within a second. */
export const POST = merchantRoute<{ id: string }>(async ({ params, db, merchantId }) => {
  const livemode = dashboardLivemode();
  const endpoint = await findMerchantWebhookEndpoint(db, merchantId, livemode, params.id);
  const delivery = await sendTestEvent(db, { merchantId, livemode, endpointId: endpoint.id });
  return json(delivery, 201);
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
