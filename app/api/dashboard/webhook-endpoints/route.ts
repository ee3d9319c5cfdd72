import { searchParamsObject } from "@/lib/api/listParams";
import { otherMethods } from "@/lib/api/methods";
import { parseInput } from "@/lib/api/parse";
import { readJsonBody } from "@/lib/api/request";
import { json } from "@/lib/api/route";
import { dashboardLivemode } from "@/lib/dashboard/mode";
import { merchantRoute } from "@/lib/dashboard/route";
import {
  createWebhookEndpoint,
  listWebhookEndpoints,
  listWebhookEndpointsQuery,
  presentWebhookEndpoint,
} from "@/lib/webhooks/endpoints";
import { createWebhookEndpointBody } from "@/lib/webhooks/schemas";

export const dynamic = "force-dynamic";

export const GET = merchantRoute(async ({ request, db, merchantId }) => {
  const query = parseInput(listWebhookEndpointsQuery, searchParamsObject(request.url));
  return json(await listWebhookEndpoints(db, { merchantId, livemode: dashboardLivemode(), query }));
});

/** The whsec_ signing secret is in this answer only. */
export const POST = merchantRoute(async ({ request, db, merchantId }) => {
  const body = parseInput(createWebhookEndpointBody, await readJsonBody(request));
  const { endpoint, secret } = await createWebhookEndpoint(db, {
    merchantId,
    livemode: dashboardLivemode(),
    body,
  });
  return json({ ...presentWebhookEndpoint(endpoint), secret }, 201);
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
