import "server-only";
import { and, eq } from "drizzle-orm";
import { type Hash, TransactionReceiptNotFoundError } from "viem";
import { type PaymentChain, publicClientFor } from "../chains/registry";
import type { Database } from "../db/client";
import { paymentSubmissions, payments } from "../db/schema";
import { lockInvoice, refreshInvoice } from "../invoices/invoices";

/**
 * Moves confirming payments on one chain toward confirmed. Each is looked up again by hash:
 * a transaction whose block was reorganised away loses its payment row (the invoice returns to
 * where it was); one that moved to another block is re-dated; one deep enough counts.
 */
export async function confirmPayments(
  db: Database,
  chain: PaymentChain,
  now = new Date(),
): Promise<number> {
  const confirming = await db
    .select()
    .from(payments)
    .where(and(eq(payments.chainId, chain.id), eq(payments.status, "confirming")));
  if (confirming.length === 0) return 0;

  const client = publicClientFor(chain);
  const head = await client.getBlockNumber({ cacheTime: 0 });
  let changed = 0;
  for (const payment of confirming) {
    let receipt: Awaited<ReturnType<typeof client.getTransactionReceipt>> | null;
    try {
      receipt = await client.getTransactionReceipt({ hash: payment.txHash as Hash });
    } catch (error) {
      if (!(error instanceof TransactionReceiptNotFoundError)) throw error;
      receipt = null;
    }
    const stillThere = receipt !== null && receipt.status === "success";
    const depth = receipt ? head - receipt.blockNumber + 1n : 0n;

    await db.transaction(async (tx) => {
      const invoice = await lockInvoice(tx, payment.invoiceId);
      if (!invoice) return;
      if (!stillThere || !receipt) {
        await tx.delete(payments).where(eq(payments.id, payment.id));
        // If the transaction lands again (re-mined after the reorg), the hash is checked anew.
        await tx
          .update(paymentSubmissions)
          .set({ status: "pending", updatedAt: now })
          .where(
            and(
              eq(paymentSubmissions.invoiceId, payment.invoiceId),
              eq(paymentSubmissions.chainId, payment.chainId),
              eq(paymentSubmissions.txHash, payment.txHash),
            ),
          );
      } else {
        const moved = receipt.blockHash !== payment.blockHash;
        let blockTimestamp = payment.blockTimestamp;
        if (moved) {
          const block = await client.getBlock({ blockHash: receipt.blockHash });
          blockTimestamp = new Date(Number(block.timestamp) * 1000);
        }
        const confirmed = depth >= BigInt(chain.confirmations);
        await tx
          .update(payments)
          .set({
            blockNumber: receipt.blockNumber,
            blockHash: receipt.blockHash,
            blockTimestamp,
            confirmations: Number(depth > 0n ? depth : 0n),
            status: confirmed ? "confirmed" : "confirming",
            confirmedAt: confirmed ? now : null,
          })
          .where(eq(payments.id, payment.id));
      }
      await refreshInvoice(tx, invoice, now);
    });
    changed++;
  }
  return changed;
}
