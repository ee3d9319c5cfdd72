import { searchParamsObject } from "@/lib/api/listParams";
import { otherMethods } from "@/lib/api/methods";
import { readJsonBody } from "@/lib/api/request";
import { json, merchantRoute } from "@/lib/api/route";
import { parseInput } from "@/lib/errors";
import {
  createWebhookEndpoint,
  listWebhookEndpoints,
  listWebhookEndpointsQuery,
  presentWebhookEndpoint,
} from "@/lib/webhooks/endpoints";
import { createWebhookEndpointBody } from "@/lib/webhooks/schemas";

/** The signing secret is in this answer only: it is never shown again. */
export const POST = merchantRoute(async ({ request, db, merchant, livemode }) => {
  const body = parseInput(createWebhookEndpointBody, await readJsonBody(request));
  const { endpoint, secret } = await createWebhookEndpoint(db, {
    merchantId: merchant.id,
    livemode: livemode,
    body,
  });
  return json({ ...presentWebhookEndpoint(endpoint), secret }, 201);
});

export const GET = merchantRoute(async ({ request, db, merchant, livemode }) => {
  const query = parseInput(listWebhookEndpointsQuery, searchParamsObject(request.url));
  return json(
    await listWebhookEndpoints(db, {
      merchantId: merchant.id,
      livemode: livemode,
      query,
    }),
  );
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
