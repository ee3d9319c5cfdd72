import "server-only";
import { and, asc, eq, lt } from "drizzle-orm";
import type { Database } from "../db/client";
import { invoices } from "../db/schema";
import { refreshInvoice } from "./refreshInvoice";

/**
 * Open invoices past their deadline become expired (and emit invoice.expired). Several app
 * instances may sweep at once: each claims its own batch with FOR UPDATE SKIP LOCKED.
 */
export async function expireOverdueInvoices(db: Database, now = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    const overdue = await tx
      .select()
      .from(invoices)
      .where(and(eq(invoices.status, "open"), lt(invoices.expiresAt, now)))
      .orderBy(asc(invoices.expiresAt))
      .limit(100)
      .for("update", { skipLocked: true });
    for (const invoice of overdue) await refreshInvoice(tx, invoice, now);
    return overdue.length;
  });
}
