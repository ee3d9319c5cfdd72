import "server-only";
import { and, eq } from "drizzle-orm";
import type { Hash } from "viem";
import { getPaymentChains } from "../chains/registry";
import { describeRpcError } from "../chains/rpcError";
import type { Database } from "../db/client";
import { paymentSubmissions } from "../db/schema";
import { lockInvoice, overdueInvoiceIds, refreshInvoice } from "../invoices/invoices";
import { confirmPayments } from "./confirmPayments";
import { submitPayment } from "./submitPayment";

/** A posted hash with no receipt after this long is given up on (the invoice was never held). */
const SUBMISSION_PATIENCE_MS = 60 * 60 * 1000;

/** Checks posted hashes again whose receipts were not there yet. */
export async function recheckSubmissions(db: Database, now = new Date()): Promise<void> {
  const pending = await db
    .select()
    .from(paymentSubmissions)
    .where(eq(paymentSubmissions.status, "pending"))
    .limit(200);
  for (const submission of pending) {
    if (now.getTime() - submission.updatedAt.getTime() > SUBMISSION_PATIENCE_MS) {
      await db
        .update(paymentSubmissions)
        .set({ status: "abandoned", updatedAt: now })
        .where(
          and(eq(paymentSubmissions.id, submission.id), eq(paymentSubmissions.status, "pending")),
        );
      continue;
    }
    await submitPayment(db, {
      invoiceId: submission.invoiceId,
      chainId: submission.chainId,
      txHash: submission.txHash as Hash,
      now,
    });
  }
}

/** Open invoices past their deadline become expired (and emit invoice.expired). */
export async function expireOverdueInvoices(db: Database, now = new Date()): Promise<number> {
  const ids = await overdueInvoiceIds(db, now);
  for (const id of ids) {
    await db.transaction(async (tx) => {
      const invoice = await lockInvoice(tx, id);
      if (invoice) await refreshInvoice(tx, invoice, now);
    });
  }
  return ids.length;
}

type MonitorHandle = { stop(): Promise<void> };
const state = globalThis as typeof globalThis & { __checkoutMonitor?: MonitorHandle };

/**
 * The background loop of the server process: rechecks posted hashes, advances confirmations,
 * expires overdue invoices. One pass at a time; a failing pass is logged and retried.
 */
export function startPaymentMonitor(db: Database, intervalMs = 1000): MonitorHandle {
  if (state.__checkoutMonitor) return state.__checkoutMonitor;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let lastError = "";

  const pass = async () => {
    const now = new Date();
    await recheckSubmissions(db, now);
    for (const chain of getPaymentChains()) await confirmPayments(db, chain, now);
    await expireOverdueInvoices(db, now);
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = pass()
        .then(() => {
          lastError = "";
        })
        .catch((error: unknown) => {
          const message = describeRpcError(error);
          // Say it once per distinct failure, not once a second.
          if (message !== lastError) console.error(`Payment monitor: ${message}`);
          lastError = message;
        })
        .finally(schedule);
    }, intervalMs);
    timer.unref();
  };
  schedule();

  const handle: MonitorHandle = {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      state.__checkoutMonitor = undefined;
    },
  };
  state.__checkoutMonitor = handle;
  return handle;
}
