import { otherMethods } from "@/lib/api/methods";
import { json, merchantRoute } from "@/lib/api/route";
import { redeliver } from "@/lib/webhooks/deliveries";
import { findMerchantWebhookEndpoint } from "@/lib/webhooks/endpoints";

/** Sends the delivery again now and answers with the attempt's result. */
export const POST = merchantRoute<{ id: string; delivery_id: string }>(
  async ({ params, db, merchant, livemode }) => {
    const endpoint = await findMerchantWebhookEndpoint(db, merchant.id, livemode, params.id);
    return json(await redeliver(db, endpoint.id, params.delivery_id));
  },
);

// Other methods get a JSON 405 naming these, not an empty answer.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
