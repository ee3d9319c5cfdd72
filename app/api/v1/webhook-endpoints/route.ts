import { searchParamsObject } from "@/lib/api/listParams";
import { otherMethods } from "@/lib/api/methods";
import { parseInput } from "@/lib/api/parse";
import { readJsonBody } from "@/lib/api/request";
import { apiRoute, json } from "@/lib/api/route";
import {
  createWebhookEndpoint,
  listWebhookEndpoints,
  listWebhookEndpointsQuery,
  presentWebhookEndpoint,
} from "@/lib/webhooks/endpoints";
import { createWebhookEndpointBody } from "@/lib/webhooks/schemas";

/** The signing secret is in this answer only: it is never shown again. */
export const POST = apiRoute(async ({ request, db, auth }) => {
  const body = parseInput(createWebhookEndpointBody, await readJsonBody(request));
  const { endpoint, secret } = await createWebhookEndpoint(db, {
    merchantId: auth.merchant.id,
    livemode: auth.livemode,
    body,
  });
  return json({ ...presentWebhookEndpoint(endpoint), secret }, 201);
});

export const GET = apiRoute(async ({ request, db, auth }) => {
  const query = parseInput(listWebhookEndpointsQuery, searchParamsObject(request.url));
  return json(
    await listWebhookEndpoints(db, {
      merchantId: auth.merchant.id,
      livemode: auth.livemode,
      query,
    }),
  );
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
