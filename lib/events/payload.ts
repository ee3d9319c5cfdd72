import type { events } from "../db/schema";

export type EventRow = typeof events.$inferSelect;

/** An event as the API shows it and as webhooks deliver it. */
export type ApiEvent = {
  id: string;
  object: "event";
  type: string;
  created_at: string;
  livemode: boolean;
  /** The invoice as it was when the event happened (or, for webhook.test, a message). */
  data: Record<string, unknown>;
};

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
