import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { rowsOf } from "../../db/rows";

export type WatchSet = {
  /** Lowercase recipient addresses with an active target on the chain. */
  recipients: Set<string>;
};

/**
 * The distinct recipients watched on a chain. A skip scan over the partial index: its cost grows
 * with the number of distinct recipients (merchants), not with the number of open invoices.
 */
export async function loadWatchSet(executor: Executor, chainId: number): Promise<WatchSet> {
  const result = await executor.execute<{ recipient: string }>(sql`
    with recursive found(recipient) as (
      (select recipient from payment_targets
        where chain_id = ${chainId} and active order by recipient limit 1)
      union all
      select (select t.recipient from payment_targets t
               where t.chain_id = ${chainId} and t.active and t.recipient > found.recipient
               order by t.recipient limit 1)
        from found where found.recipient is not null
    )
    select recipient from found where recipient is not null`);
  return { recipients: new Set(rowsOf<{ recipient: string }>(result).map((row) => row.recipient)) };
}

/**
 * Ends watching on a chain for targets whose window closed before `minedBefore` (the time of the
 * last block scanned, so a lagging watcher never drops a target early) and releases their
 * invoices' manual amounts on that chain.
 */
export async function endWatching(
  executor: Executor,
  chainId: number,
  minedBefore: Date,
  now: Date,
): Promise<number> {
  const result = await executor.execute<{ invoice_id: string }>(sql`
    with ended as (
      update payment_targets set active = false
       where chain_id = ${chainId} and active and watch_until < ${minedBefore.toISOString()}
       returning invoice_id, token_address
    ), released as (
      update manual_amounts m set released_at = ${now.toISOString()}
        from ended
       where m.invoice_id = ended.invoice_id and m.chain_id = ${chainId}
         and m.token_address = ended.token_address and m.released_at is null
      returning m.id
    )
    select invoice_id from ended`);
  return rowsOf<{ invoice_id: string }>(result).length;
}
