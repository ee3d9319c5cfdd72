import { z } from "zod";
import { EVENT_TYPES } from "../events/eventTypes";

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
