import { z } from "zod";
import { EVENT_TYPES } from "../events/eventTypes";
import { listSchema, timestamp } from "../schemaFields";

const urlField = z.string("must be a string").max(2000).meta({
  description:
    "Where deliveries are POSTed: https in live mode; test mode also allows http://127.0.0.1.",
});

const enabledEvents = z
  .array(
    z.enum(["*", ...EVENT_TYPES], { error: `must be "*" or one of: ${EVENT_TYPES.join(", ")}` }),
  )
  .min(1, "must list at least one event type")
  .max(EVENT_TYPES.length + 1)
  .meta({ description: 'The event types to deliver, or ["*"] for every one.' });

/** POST /api/v1/webhook-endpoints */
export const createWebhookEndpointBody = z.strictObject({
  url: urlField,
  enabled_events: enabledEvents.optional(),
  description: z.string().max(500).optional(),
});

/** POST /api/v1/webhook-endpoints/{id} */
export const updateWebhookEndpointBody = z
  .strictObject({
    url: urlField.optional(),
    enabled_events: enabledEvents.optional(),
    description: z.string().max(500).nullable().optional(),
    enabled: z.boolean().optional().meta({
      description:
        "false pauses deliveries: events keep being queued and nothing is sent; true resumes them, oldest first. Deliveries paused longer than the retry window (about 3 days after their event) fail.",
    }),
  })
  .refine((body) => Object.keys(body).length > 0, "give at least one field to change");

export type CreateWebhookEndpointBody = z.output<typeof createWebhookEndpointBody>;
export type UpdateWebhookEndpointBody = z.output<typeof updateWebhookEndpointBody>;

export const webhookEndpointSchema = z
  .object({
    id: z.string().meta({ examples: ["we_01m883hj1m37h8eehqa0k8fx3a"] }),
    object: z.literal("webhook_endpoint"),
    livemode: z.boolean(),
    url: z.string(),
    description: z.string().nullable(),
    enabled_events: z.array(z.string()),
    enabled: z.boolean(),
    flagged_at: timestamp
      .nullable()
      .meta({ description: "When a delivery failed for good; a later success clears it." }),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: "WebhookEndpoint" });

export const webhookEndpointWithSecretSchema = webhookEndpointSchema
  .extend({
    secret: z
      .string()
      .meta({ description: "whsec_…: verify deliveries with it. Shown only in this answer." }),
    previous_secret_expires_at: timestamp
      .nullable()
      .optional()
      .meta({ description: "After a rotation: until then the old secret signs too." }),
  })
  .meta({ id: "WebhookEndpointWithSecret" });

export const deletedWebhookEndpointSchema = webhookEndpointSchema
  .extend({ deleted: z.literal(true) })
  .meta({ id: "DeletedWebhookEndpoint" });

export const webhookEndpointListSchema = listSchema(webhookEndpointSchema, "WebhookEndpointList");

export const webhookDeliverySchema = z
  .object({
    id: z.string(),
    object: z.literal("webhook_delivery"),
    endpoint_id: z.string(),
    event_id: z.string(),
    event_type: z.string(),
    status: z.enum(["pending", "succeeded", "failed"]),
    attempts: z.number().int(),
    last_status_code: z.number().int().nullable(),
    last_latency_ms: z.number().int().nullable(),
    last_error: z.string().nullable(),
    next_attempt_at: timestamp.nullable(),
    created_at: timestamp,
    completed_at: timestamp.nullable(),
    attempt_history: z.array(
      z.object({
        attempt: z.number().int(),
        started_at: timestamp,
        status_code: z.number().int().nullable(),
        latency_ms: z.number().int(),
        error: z.string().nullable(),
      }),
    ),
  })
  .meta({
    id: "WebhookDelivery",
    description: "One event for one endpoint, with every attempt to send it.",
  });

export const webhookDeliveryListSchema = listSchema(webhookDeliverySchema, "WebhookDeliveryList");
