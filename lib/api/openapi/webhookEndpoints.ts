import { listDeliveriesQuery } from "../../webhooks/deliveries";
import { listWebhookEndpointsQuery } from "../../webhooks/endpoints";
import {
  createWebhookEndpointBody,
  deletedWebhookEndpointSchema,
  updateWebhookEndpointBody,
  webhookDeliveryListSchema,
  webhookDeliverySchema,
  webhookEndpointListSchema,
  webhookEndpointSchema,
  webhookEndpointWithSecretSchema,
} from "../../webhooks/schemas";

import { id, type PathOperations } from "./operation";

/** The OpenAPI operations of webhook endpoints and their deliveries. */
export const webhookEndpointOperations: PathOperations = {
  "/api/v1/webhook-endpoints": {
    post: {
      tag: "Webhooks",
      summary: "Create a webhook endpoint",
      description:
        "The answer carries the endpoint's signing secret, once. Deliveries are signed per the Standard Webhooks spec (webhook-id, webhook-timestamp, webhook-signature).",
      body: createWebhookEndpointBody,
      responses: {
        201: {
          description: "The endpoint and its secret.",
          schema: webhookEndpointWithSecretSchema,
        },
      },
      errors: [400, 401, 409, 413, 415, 429],
    },
    get: {
      tag: "Webhooks",
      summary: "List webhook endpoints",
      query: listWebhookEndpointsQuery,
      responses: {
        200: { description: "The endpoints, newest first.", schema: webhookEndpointListSchema },
      },
      errors: [400, 401, 429],
    },
  },
  "/api/v1/webhook-endpoints/{id}": {
    get: {
      tag: "Webhooks",
      summary: "Get a webhook endpoint",
      pathParams: id("endpoint"),
      responses: { 200: { description: "The endpoint.", schema: webhookEndpointSchema } },
      errors: [401, 404, 429],
    },
    post: {
      tag: "Webhooks",
      summary: "Update a webhook endpoint",
      description:
        'Change the URL, events or description; `{ "enabled": false }` pauses deliveries.',
      pathParams: id("endpoint"),
      body: updateWebhookEndpointBody,
      responses: {
        200: { description: "The updated endpoint.", schema: webhookEndpointSchema },
      },
      errors: [400, 401, 404, 409, 413, 415, 429],
    },
    delete: {
      tag: "Webhooks",
      summary: "Delete a webhook endpoint",
      description: "Nothing more is sent to it; its delivery log stays.",
      pathParams: id("endpoint"),
      responses: {
        200: { description: "The deleted endpoint.", schema: deletedWebhookEndpointSchema },
      },
      errors: [401, 404, 429],
    },
  },
  "/api/v1/webhook-endpoints/{id}/rotate-secret": {
    post: {
      tag: "Webhooks",
      summary: "Rotate a webhook secret",
      description: "A new secret, shown once; the old one keeps signing alongside it for 24 hours.",
      pathParams: id("endpoint"),
      responses: {
        200: {
          description: "The endpoint and its new secret.",
          schema: webhookEndpointWithSecretSchema,
        },
      },
      errors: [401, 404, 409, 429],
    },
  },
  "/api/v1/webhook-endpoints/{id}/deliveries": {
    get: {
      tag: "Webhooks",
      summary: "List an endpoint's deliveries",
      pathParams: id("endpoint"),
      query: listDeliveriesQuery,
      responses: {
        200: {
          description: "Deliveries, newest first, with their attempts.",
          schema: webhookDeliveryListSchema,
        },
      },
      errors: [400, 401, 404, 429],
    },
  },
  "/api/v1/webhook-endpoints/{id}/deliveries/{delivery_id}/redeliver": {
    post: {
      tag: "Webhooks",
      summary: "Redeliver",
      description: "Sends the delivery again now and answers with the attempt's result.",
      pathParams: { ...id("endpoint"), delivery_id: "The delivery's id." },
      responses: {
        200: { description: "The delivery after the attempt.", schema: webhookDeliverySchema },
      },
      errors: [401, 404, 409, 429],
    },
  },
  "/api/v1/webhook-endpoints/{id}/test": {
    post: {
      tag: "Webhooks",
      summary: "Send a test event",
      description:
        "Queues a webhook.test event for this endpoint only; it is sent within a second.",
      pathParams: id("endpoint"),
      responses: {
        201: { description: "The queued delivery.", schema: webhookDeliverySchema },
      },
      errors: [401, 404, 409, 429],
    },
  },
};
