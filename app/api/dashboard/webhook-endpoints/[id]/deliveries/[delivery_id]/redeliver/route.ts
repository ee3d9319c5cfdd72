import { otherMethods } from "@/lib/api/methods";
import { json } from "@/lib/api/route";
import { dashboardLivemode } from "@/lib/dashboard/mode";
import { merchantRoute } from "@/lib/dashboard/route";
import { redeliver } from "@/lib/webhooks/deliveries";
import { findMerchantWebhookEndpoint } from "@/lib/webhooks/endpoints";

export const dynamic = "force-dynamic";

/** Sends the delivery again now and answers with the attempt's result. */
export const POST = merchantRoute<{ id: string; delivery_id: string }>(
  async ({ params, db, merchantId }) => {
    const endpoint = await findMerchantWebhookEndpoint(
      db,
      merchantId,
      dashboardLivemode(),
      params.id,
    );
    return json(await redeliver(db, endpoint.id, params.delivery_id));
  },
);

// Other methods get a JSON 405 naming these, not an empty answer.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
