import "server-only";
import { and, count, desc, eq, gt, inArray, sql } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { paymentSubmissions } from "../../db/schema";
import { newId } from "../../ids";

export type SubmissionStatus = (typeof paymentSubmissions.$inferSelect)["status"];

/** Hashes still being asked about: they hold nothing, but they cost the server a look. */
export const LIVE_STATUSES = ["unseen", "pending"] as const;
/** Unseen hashes one invoice keeps; a newer one lets the oldest go. */
export const MAX_UNSEEN_PER_INVOICE = 5;
/** Live hashes one client address may have posted, across invoices, within the patience window. */
export const MAX_LIVE_PER_CLIENT = 20;

/** A live hash is given up on after this long: unseen since it was posted, or pending. */
export const SUBMISSION_PATIENCE_MS = 60 * 60 * 1000;

/** How long until an unseen hash is asked about again, after `checks` looks: 2 s doubling to 1 min. */
export function unseenRecheckDelay(checks: number): number {
  return Math.min(60_000, 2000 * 2 ** Math.min(checks, 5));
}

/** Records what became of a transaction hash the checkout page posted for an invoice. */
export async function saveSubmission(
  executor: Executor,
  parameters: {
    invoiceId: string;
    chainId: number;
    txHash: string;
    status: SubmissionStatus;
    errorCode?: string | null;
    /** Sender and nonce, when known: how a replaced transaction is recognised later. */
    sender?: { from: string; nonce: number } | null;
    clientAddress?: string | null;
    /** When a live hash is next asked about. */
    nextCheckAt?: Date | null;
    now: Date;
  },
): Promise<void> {
  const fromAddress = parameters.sender?.from.toLowerCase() ?? null;
  const nonce = parameters.sender?.nonce ?? null;
  const live = (LIVE_STATUSES as readonly string[]).includes(parameters.status);
  const nextCheckAt = live ? (parameters.nextCheckAt ?? parameters.now) : null;
  await executor
    .insert(paymentSubmissions)
    .values({
      id: newId("sub", parameters.now.getTime()),
      invoiceId: parameters.invoiceId,
      chainId: parameters.chainId,
      txHash: parameters.txHash,
      status: parameters.status,
      errorCode: parameters.errorCode ?? null,
      fromAddress,
      nonce,
      clientAddress: parameters.clientAddress ?? null,
      nextCheckAt,
      createdAt: parameters.now,
      updatedAt: parameters.now,
    })
    .onConflictDoUpdate({
      target: [paymentSubmissions.invoiceId, paymentSubmissions.chainId, paymentSubmissions.txHash],
      set: {
        status: parameters.status,
        errorCode: parameters.errorCode ?? null,
        fromAddress: sql`coalesce(${paymentSubmissions.fromAddress}, ${fromAddress})`,
        nonce: sql`coalesce(${paymentSubmissions.nonce}, ${nonce}::integer)`,
        nextCheckAt: nextCheckAt
          ? sql`least(${paymentSubmissions.nextCheckAt}, ${nextCheckAt.toISOString()}::timestamptz)`
          : null,
        // updated_at says since when the status holds: a hash checked again keeps it.
        updatedAt: sql`case when ${paymentSubmissions.status} = ${parameters.status} then ${paymentSubmissions.updatedAt} else ${parameters.now.toISOString()}::timestamptz end`,
      },
      // A decided submission stays decided; only a live one moves on.
      setWhere: inArray(paymentSubmissions.status, [...LIVE_STATUSES]),
    });
}

/** The submission of this hash for this invoice, if it was posted before. */
export async function findSubmission(
  executor: Executor,
  key: { invoiceId: string; chainId: number; txHash: string },
) {
  const [row] = await executor
    .select()
    .from(paymentSubmissions)
    .where(
      and(
        eq(paymentSubmissions.invoiceId, key.invoiceId),
        eq(paymentSubmissions.chainId, key.chainId),
        eq(paymentSubmissions.txHash, key.txHash),
      ),
    )
    .limit(1);
  return row ?? null;
}

/** Live hashes a client address posted since `since`. */
export async function liveSubmissionsOf(
  executor: Executor,
  clientAddress: string,
  since: Date,
): Promise<number> {
  const [row] = await executor
    .select({ n: count() })
    .from(paymentSubmissions)
    .where(
      and(
        eq(paymentSubmissions.clientAddress, clientAddress),
        inArray(paymentSubmissions.status, [...LIVE_STATUSES]),
        gt(paymentSubmissions.createdAt, since),
      ),
    );
  return row?.n ?? 0;
}

/** Keeps an invoice's newest MAX_UNSEEN_PER_INVOICE unseen hashes; older ones are given up. */
export async function trimUnseen(executor: Executor, invoiceId: string, now: Date): Promise<void> {
  const older = executor
    .select({ id: paymentSubmissions.id })
    .from(paymentSubmissions)
    .where(
      and(eq(paymentSubmissions.invoiceId, invoiceId), eq(paymentSubmissions.status, "unseen")),
    )
    .orderBy(desc(paymentSubmissions.createdAt), desc(paymentSubmissions.id))
    .offset(MAX_UNSEEN_PER_INVOICE);
  await executor
    .update(paymentSubmissions)
    .set({ status: "abandoned", nextCheckAt: null, updatedAt: now })
    .where(and(inArray(paymentSubmissions.id, older), eq(paymentSubmissions.status, "unseen")));
}
