import type { z } from "zod";
import type { events } from "../db/schema";
import type { eventSchema } from "./schemas";

export type EventRow = typeof events.$inferSelect;

/** An event as the API shows it and as webhooks deliver it. */
/** Derived from its schema, the one source of the API's shape. */
export type ApiEvent = z.output<typeof eventSchema>;

export function presentEvent(event: EventRow): ApiEvent {
  return {
    id: event.id,
    object: "event",
    type: event.type,
    created_at: event.createdAt.toISOString(),
    livemode: event.livemode,
    data: event.data,
  };
}
