import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "../db/client";
import { paymentSubmissions } from "../db/schema";
import { newId } from "../ids";

export type SubmissionStatus = (typeof paymentSubmissions.$inferSelect)["status"];

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
    now: Date;
  },
): Promise<void> {
  const fromAddress = parameters.sender?.from.toLowerCase() ?? null;
  const nonce = parameters.sender?.nonce ?? null;
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
        // updated_at says since when the status holds: a pending hash checked again keeps it.
        updatedAt:
          parameters.status === "pending" ? sql`${paymentSubmissions.updatedAt}` : parameters.now,
      },
      // A decided submission stays decided; only a pending one moves on.
      setWhere: sql`${paymentSubmissions.status} = 'pending'`,
    });
}
