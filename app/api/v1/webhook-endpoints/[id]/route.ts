import { otherMethods } from "@/lib/api/methods";
import { readJsonBody } from "@/lib/api/request";
import { json, merchantRoute } from "@/lib/api/route";
import { parseInput } from "@/lib/errors";
import {
  deleteWebhookEndpoint,
  findMerchantWebhookEndpoint,
  presentWebhookEndpoint,
  updateWebhookEndpoint,
} from "@/lib/webhooks/endpoints";
import { updateWebhookEndpointBody } from "@/lib/webhooks/schemas";

export const GET = merchantRoute<{ id: string }>(async ({ params, db, merchant, livemode }) =>
  json(
    presentWebhookEndpoint(await findMerchantWebhookEndpoint(db, merchant.id, livemode, params.id)),
  ),
);

/** Change the URL, events or description; `{ "enabled": false }` pauses deliveries. */
export const POST = merchantRoute<{ id: string }>(
  async ({ request, params, db, merchant, livemode }) => {
    const body = parseInput(updateWebhookEndpointBody, await readJsonBody(request));
    const endpoint = await updateWebhookEndpoint(db, {
      merchantId: merchant.id,
      livemode: livemode,
      id: params.id,
      body,
    });
    return json(presentWebhookEndpoint(endpoint));
  },
);

export const DELETE = merchantRoute<{ id: string }>(async ({ params, db, merchant, livemode }) => {
  const endpoint = await deleteWebhookEndpoint(db, {
    merchantId: merchant.id,
    livemode: livemode,
    id: params.id,
  });
  return json({ ...presentWebhookEndpoint(endpoint), deleted: true });
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { PUT, PATCH, OPTIONS } = otherMethods("GET", "POST", "DELETE");
