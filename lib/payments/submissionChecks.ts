import "server-only";
import { and, eq } from "drizzle-orm";
import type { Address, Hash, PublicClient } from "viem";
import { findPaymentChain, publicClientFor } from "../chains/registry";
import type { Database } from "../db/client";
import { paymentSubmissions } from "../db/schema";
import { submitPayment } from "./submitPayment";

/** A posted hash with no receipt after this long is given up on (the invoice was never held). */
export const SUBMISSION_PATIENCE_MS = 60 * 60 * 1000;

/**
 * Checks posted hashes again whose receipts were not there yet. One whose sender has since used
 * its nonce for another transaction was replaced (sped up or canceled in the wallet) and can never
 * land: it is marked `replaced`, and the invoice, which a posted hash never holds, stays payable.
 */
export async function recheckSubmissions(
  db: Database,
  now = new Date(),
  options: { chainId?: number; client?: PublicClient } = {},
): Promise<void> {
  const pending = await db
    .select()
    .from(paymentSubmissions)
    .where(
      and(
        eq(paymentSubmissions.status, "pending"),
        options.chainId === undefined ? undefined : eq(paymentSubmissions.chainId, options.chainId),
      ),
    )
    .limit(200);
  for (const submission of pending) {
    if (now.getTime() - submission.updatedAt.getTime() > SUBMISSION_PATIENCE_MS) {
      await settle(db, submission.id, "abandoned", now);
      continue;
    }
    const chain = findPaymentChain(submission.chainId);
    if (!chain) continue;
    const client = options.client ?? publicClientFor(chain);
    const result = await submitPayment(db, {
      invoiceId: submission.invoiceId,
      chainId: submission.chainId,
      txHash: submission.txHash as Hash,
      now,
      client,
    });
    if (
      result.outcome === "pending" &&
      !result.known &&
      submission.fromAddress !== null &&
      submission.nonce !== null
    ) {
      const used = await client.getTransactionCount({
        address: submission.fromAddress as Address,
        blockTag: "latest",
      });
      if (used > submission.nonce) await settle(db, submission.id, "replaced", now);
    }
  }
}

async function settle(
  db: Database,
  id: string,
  status: "abandoned" | "replaced",
  now: Date,
): Promise<void> {
  await db
    .update(paymentSubmissions)
    .set({ status, updatedAt: now })
    .where(and(eq(paymentSubmissions.id, id), eq(paymentSubmissions.status, "pending")));
}
