import "server-only";
import { EventEmitter } from "node:events";
import { sql } from "drizzle-orm";
import type { Executor } from "../db/client";

/**
 * The invoice's version for the live checkout stream: one indexed query that changes whenever
 * anything the page shows changes (status, amounts through updated_at, a payment's confirmations,
 * a posted transaction's status), of a fixed size however many payments and posted hashes the
 * invoice has. Null when there is no such invoice.
 */
export async function readInvoiceVersion(
  executor: Executor,
  invoiceId: string,
): Promise<string | null> {
  const result = await executor.execute(sql`
    select
      i.status || '|' || coalesce(i.exception, '') || '|' || i.amount_paid::text || '|' ||
      extract(epoch from i.updated_at)::text || '|' ||
      (select count(*) || ':' || coalesce(sum(p.confirmations), 0) || ':' ||
              count(*) filter (where p.status = 'confirmed') || ':' ||
              coalesce(sum(hashtext(p.block_hash || ':' || p.log_index)), 0)
        from payments p where p.invoice_id = i.id) || '|' ||
      (select count(*) || ':' || coalesce(extract(epoch from max(s.updated_at))::text, '') || ':' ||
              count(*) filter (where s.status in ('unseen', 'pending'))
        from payment_submissions s where s.invoice_id = i.id) as version
    from invoices i where i.id = ${invoiceId}
  `);
  const rows = (result as unknown as { rows: { version: string }[] }).rows;
  return rows[0]?.version ?? null;
}

const holder = globalThis as typeof globalThis & { __checkoutInvoiceSignals?: EventEmitter };

function signals(): EventEmitter {
  if (!holder.__checkoutInvoiceSignals) {
    holder.__checkoutInvoiceSignals = new EventEmitter();
    // One listener per open checkout stream.
    holder.__checkoutInvoiceSignals.setMaxListeners(0);
  }
  return holder.__checkoutInvoiceSignals;
}

/** Wakes this process's streams of the invoice at once (other instances see it at their poll). */
export function signalInvoiceChanged(invoiceId: string): void {
  signals().emit(invoiceId);
}

export function onInvoiceSignal(invoiceId: string, listener: () => void): () => void {
  signals().on(invoiceId, listener);
  return () => signals().off(invoiceId, listener);
}

const streamCounts = globalThis as typeof globalThis & {
  __checkoutStreamsByAddress?: Map<string, number>;
};

/** Open streams per client address in this process; a page holds one. */
export const MAX_STREAMS_PER_ADDRESS = 10;

/** Takes a stream slot for the address; false when it already holds the most it may. */
export function openStreamSlot(address: string): boolean {
  streamCounts.__checkoutStreamsByAddress ??= new Map();
  const counts = streamCounts.__checkoutStreamsByAddress;
  const open = counts.get(address) ?? 0;
  if (open >= MAX_STREAMS_PER_ADDRESS) return false;
  counts.set(address, open + 1);
  return true;
}

export function closeStreamSlot(address: string): void {
  const counts = streamCounts.__checkoutStreamsByAddress;
  const open = counts?.get(address) ?? 0;
  if (open <= 1) counts?.delete(address);
  else counts?.set(address, open - 1);
}
