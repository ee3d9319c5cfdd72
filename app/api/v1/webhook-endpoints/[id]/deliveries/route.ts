import { searchParamsObject } from "@/lib/api/listParams";
import { otherMethods } from "@/lib/api/methods";
import { json, merchantRoute } from "@/lib/api/route";
import { parseInput } from "@/lib/errors";
import { listDeliveries, listDeliveriesQuery } from "@/lib/webhooks/deliveries";
import { findMerchantWebhookEndpoint } from "@/lib/webhooks/endpoints";

export const GET = merchantRoute<{ id: string }>(
  async ({ request, params, db, merchant, livemode }) => {
    const endpoint = await findMerchantWebhookEndpoint(db, merchant.id, livemode, params.id);
    const query = parseInput(listDeliveriesQuery, searchParamsObject(request.url));
    return json(await listDeliveries(db, endpoint.id, query));
  },
);

// Other methods get a JSON 405 naming these, not an empty answer.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
