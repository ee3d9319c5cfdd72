import "server-only";
import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "../db/client";
import { events } from "../db/schema";
import { DomainError, notFound } from "../errors";
import { type ListResponse, limitParam } from "../pagination";
import { EVENT_TYPES } from "./eventTypes";
import { type ApiEvent, presentEvent } from "./payload";

export const listEventsQuery = z.strictObject({
  type: z.enum(EVENT_TYPES).optional().meta({ description: "Only events of this type." }),
  limit: limitParam,
  starting_after: z
    .string()
    .optional()
    .meta({ description: "An event id: return the events before it." }),
});

/** A merchant's events in one mode, newest first. */
export async function listEvents(
  executor: Executor,
  parameters: { merchantId: string; livemode: boolean; query: z.output<typeof listEventsQuery> },
): Promise<ListResponse<ApiEvent>> {
  const { merchantId, livemode, query } = parameters;
  const limit = query.limit ?? 20;
  const conditions: SQL[] = [eq(events.merchantId, merchantId), eq(events.livemode, livemode)];
  if (query.type) conditions.push(eq(events.type, query.type));
  if (query.starting_after) {
    const [cursor] = await executor
      .select({ id: events.id, createdAt: events.createdAt })
      .from(events)
      .where(and(eq(events.id, query.starting_after), ...conditions.slice(0, 2)));
    if (!cursor) {
      throw new DomainError(
        "parameter_invalid",
        "Invalid starting_after: no such event.",
        "starting_after",
      );
    }
    conditions.push(
      sql`(${events.createdAt}, ${events.id}) < (${cursor.createdAt.toISOString()}::timestamptz, ${cursor.id})`,
    );
  }
  const rows = await executor
    .select()
    .from(events)
    .where(and(...conditions))
    .orderBy(desc(events.createdAt), desc(events.id))
    .limit(limit + 1);
  return {
    object: "list",
    data: rows.slice(0, limit).map(presentEvent),
    has_more: rows.length > limit,
  };
}

export async function findMerchantEvent(
  executor: Executor,
  merchantId: string,
  livemode: boolean,
  id: string,
): Promise<ApiEvent> {
  const [row] = await executor
    .select()
    .from(events)
    .where(
      and(eq(events.id, id), eq(events.merchantId, merchantId), eq(events.livemode, livemode)),
    );
  if (!row) throw notFound("event");
  return presentEvent(row);
}
