import { z } from "zod";
import { listSchema, timestamp } from "../schemaFields";

export const eventSchema = z
  .object({
    id: z.string().meta({ examples: ["evt_01m883hj1m37h8eehqa0k8fx3a"] }),
    object: z.literal("event"),
    type: z.string().meta({ examples: ["invoice.paid"] }),
    created_at: timestamp,
    livemode: z.boolean(),
    data: z.record(z.string(), z.unknown()).meta({
      description: "The invoice as it was when the event happened (for webhook.test, a message).",
    }),
  })
  .meta({
    id: "Event",
    description: "Something that happened to an invoice; webhooks deliver exactly this.",
  });

export const eventListSchema = listSchema(eventSchema, "EventList");
