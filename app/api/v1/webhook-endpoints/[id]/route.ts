import { otherMethods } from "@/lib/api/methods";
import { parseInput } from "@/lib/api/parse";
import { readJsonBody } from "@/lib/api/request";
import { apiRoute, json } from "@/lib/api/route";
import {
  deleteWebhookEndpoint,
  findMerchantWebhookEndpoint,
  presentWebhookEndpoint,
  updateWebhookEndpoint,
} from "@/lib/webhooks/endpoints";
import { updateWebhookEndpointBody } from "@/lib/webhooks/schemas";

export const GET = apiRoute<{ id: string }>(async ({ params, db, auth }) =>
  json(
    presentWebhookEndpoint(
      await findMerchantWebhookEndpoint(db, auth.merchant.id, auth.livemode, params.id),
    ),
  ),
);

/** Change the URL, events or description; `{ "enabled": false }` pauses deliveries. */
export const POST = apiRoute<{ id: string }>(async ({ request, params, db, auth }) => {
  const body = parseInput(updateWebhookEndpointBody, await readJsonBody(request));
  const endpoint = await updateWebhookEndpoint(db, {
    merchantId: auth.merchant.id,
    livemode: auth.livemode,
    id: params.id,
    body,
  });
  return json(presentWebhookEndpoint(endpoint));
});

export const DELETE = apiRoute<{ id: string }>(async ({ params, db, auth }) => {
  const endpoint = await deleteWebhookEndpoint(db, {
    merchantId: auth.merchant.id,
    livemode: auth.livemode,
    id: params.id,
  });
  return json({ ...presentWebhookEndpoint(endpoint), deleted: true });
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { PUT, PATCH, OPTIONS } = otherMethods("GET", "POST", "DELETE");
