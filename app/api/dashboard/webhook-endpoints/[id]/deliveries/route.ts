import { searchParamsObject } from "@/lib/api/listParams";
import { otherMethods } from "@/lib/api/methods";
import { parseInput } from "@/lib/api/parse";
import { json } from "@/lib/api/route";
import { dashboardLivemode } from "@/lib/dashboard/mode";
import { merchantRoute } from "@/lib/dashboard/route";
import { listDeliveries, listDeliveriesQuery } from "@/lib/webhooks/deliveries";
import { findMerchantWebhookEndpoint } from "@/lib/webhooks/endpoints";

export const dynamic = "force-dynamic";

/** The endpoint's delivery log, newest first, each with its attempts. */
export const GET = merchantRoute<{ id: string }>(async ({ request, params, db, merchantId }) => {
  const endpoint = await findMerchantWebhookEndpoint(
    db,
    merchantId,
    dashboardLivemode(),
    params.id,
  );
  const query = parseInput(listDeliveriesQuery, searchParamsObject(request.url));
  return json(await listDeliveries(db, endpoint.id, query));
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
