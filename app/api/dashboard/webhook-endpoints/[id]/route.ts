import { otherMethods } from "@/lib/api/methods";
import { parseInput } from "@/lib/api/parse";
import { readJsonBody } from "@/lib/api/request";
import { json } from "@/lib/api/route";
import { dashboardLivemode } from "@/lib/dashboard/mode";
import { merchantRoute } from "@/lib/dashboard/route";
import {
  deleteWebhookEndpoint,
  findMerchantWebhookEndpoint,
  presentWebhookEndpoint,
  updateWebhookEndpoint,
} from "@/lib/webhooks/endpoints";
import { updateWebhookEndpointBody } from "@/lib/webhooks/schemas";

export const dynamic = "force-dynamic";

export const GET = merchantRoute<{ id: string }>(async ({ params, db, merchantId }) =>
  json(
    presentWebhookEndpoint(
      await findMerchantWebhookEndpoint(db, merchantId, dashboardLivemode(), params.id),
    ),
  ),
);

/** URL, events, description; `{ "enabled": false }` pauses deliveries. */
export const POST = merchantRoute<{ id: string }>(async ({ request, params, db, merchantId }) => {
  const body = parseInput(updateWebhookEndpointBody, await readJsonBody(request));
  const endpoint = await updateWebhookEndpoint(db, {
    merchantId,
    livemode: dashboardLivemode(),
    id: params.id,
    body,
  });
  return json(presentWebhookEndpoint(endpoint));
});

export const DELETE = merchantRoute<{ id: string }>(async ({ params, db, merchantId }) => {
  const endpoint = await deleteWebhookEndpoint(db, {
    merchantId,
    livemode: dashboardLivemode(),
    id: params.id,
  });
  return json({ ...presentWebhookEndpoint(endpoint), deleted: true });
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { PUT, PATCH, OPTIONS } = otherMethods("GET", "POST", "DELETE");
