import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "../db/client";
import { retryWindowMs } from "./schedule";

/** Why a paused delivery was given up, in the delivery log. */
export const PAUSED_TOO_LONG =
  "the endpoint was disabled for longer than the retry window after the event";

/**
 * A disabled endpoint's deliveries wait (pending, never claimed) until it is enabled again, but
 * not forever: once the event is older than the retry window (about 3 days by default, the same
 * span retries would have taken) they fail, as they would have had the endpoint been down.
 * Without `endpointId` it sweeps every disabled endpoint. Returns how many failed.
 */
export async function failPausedDeliveriesPastWindow(
  executor: Executor,
  parameters: { now: Date; retryDelays: readonly number[]; endpointId?: string },
): Promise<number> {
  const cutoff = new Date(
    parameters.now.getTime() - retryWindowMs(parameters.retryDelays),
  ).toISOString();
  const at = parameters.now.toISOString();
  const result = await executor.execute(sql`
    update webhook_deliveries d
    set status = 'failed', completed_at = ${at}::timestamptz, next_attempt_at = null,
      locked_until = null, last_error = ${PAUSED_TOO_LONG}
    from webhook_endpoints e
    where e.id = d.endpoint_id and not e.enabled and e.deleted_at is null
      and d.status = 'pending' and d.created_at < ${cutoff}::timestamptz
      ${parameters.endpointId ? sql`and e.id = ${parameters.endpointId}` : sql``}
    returning d.id
  `);
  return (result as unknown as { rows: unknown[] }).rows.length;
}

/**
 * When an endpoint is enabled again, what waited for it becomes due at once, ordered by the
 * event's time: a delivery's next attempt is its creation, so the oldest goes out first.
 */
export async function resumePausedDeliveries(
  executor: Executor,
  parameters: { endpointId: string; now: Date; retryDelays: readonly number[] },
): Promise<void> {
  await failPausedDeliveriesPastWindow(executor, parameters);
  await executor.execute(sql`
    update webhook_deliveries set next_attempt_at = created_at
    where endpoint_id = ${parameters.endpointId} and status = 'pending'
  `);
}
