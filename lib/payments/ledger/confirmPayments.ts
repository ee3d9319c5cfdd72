import "server-only";
import { and, eq } from "drizzle-orm";
import { erc20Abi, type Hash, type PublicClient, parseEventLogs } from "viem";
import { type PaymentChain, publicClientFor } from "../../chains/registry";
import { isViemError } from "../../chains/rpcError";
import type { Database } from "../../db/client";
import { paymentSubmissions, payments } from "../../db/schema";
import { syncManualAmounts } from "../../invoices/manualAmounts";
import type { PaymentRow } from "../../invoices/present";
import { lockInvoice } from "../../invoices/queries";
import { refreshInvoice } from "../../invoices/refreshInvoice";

type Receipt = Awaited<ReturnType<PublicClient["getTransactionReceipt"]>>;

/**
 * Moves confirming payments on one chain toward confirmed. Each transaction is looked up again
 * by hash: one whose block was reorganised away loses its payment rows (the invoice returns to
 * where it was); one re-mined in another block is re-dated, its log indexes re-read; one deep
 * enough counts.
 */
export async function confirmPayments(
  db: Database,
  chain: PaymentChain,
  now = new Date(),
  options: {
    client?: PublicClient;
    /** The head to measure depth against (default: asked of the RPC). */
    head?: bigint;
  } = {},
): Promise<number> {
  const confirming = await db
    .select()
    .from(payments)
    .where(and(eq(payments.chainId, chain.id), eq(payments.status, "confirming")));
  if (confirming.length === 0) return 0;

  const client = options.client ?? publicClientFor(chain);
  const head = options.head ?? (await client.getBlockNumber({ cacheTime: 0 }));
  const byTransaction = new Map<string, PaymentRow[]>();
  for (const payment of confirming) {
    byTransaction.set(payment.txHash, [...(byTransaction.get(payment.txHash) ?? []), payment]);
  }

  let changed = 0;
  for (const [txHash, rows] of byTransaction) {
    let receipt: Receipt | null;
    try {
      receipt = await client.getTransactionReceipt({ hash: txHash as Hash });
    } catch (error) {
      if (!isViemError(error, "TransactionReceiptNotFoundError")) throw error;
      receipt = null;
    }
    // A receipt above the head we measure against comes from a node further along: wait for it.
    if (receipt && receipt.blockNumber > head) continue;
    const stillThere = receipt !== null && receipt.status === "success";
    let blockTimestamp: Date | null = null;
    if (stillThere && receipt!.blockHash !== rows[0]!.blockHash) {
      const block = await client.getBlock({ blockHash: receipt!.blockHash });
      blockTimestamp = new Date(Number(block.timestamp) * 1000);
    }

    for (const payment of rows) {
      await db.transaction(async (tx) => {
        const invoice = await lockInvoice(tx, payment.invoiceId);
        if (!invoice) return;
        if (!stillThere || !receipt) {
          await tx.delete(payments).where(eq(payments.id, payment.id));
          // If the transaction lands again (re-mined after the reorg), the hash is checked anew;
          // back in the node's pool it is pending again at the next look.
          await tx
            .update(paymentSubmissions)
            .set({ status: "unseen", nextCheckAt: now, updatedAt: now })
            .where(
              and(
                eq(paymentSubmissions.invoiceId, payment.invoiceId),
                eq(paymentSubmissions.chainId, payment.chainId),
                eq(paymentSubmissions.txHash, payment.txHash),
              ),
            );
        } else {
          const moved = receipt.blockHash !== payment.blockHash;
          const depth = head - receipt.blockNumber + 1n;
          const confirmed = depth >= BigInt(chain.confirmations);
          await tx
            .update(payments)
            .set({
              blockNumber: receipt.blockNumber,
              blockHash: receipt.blockHash,
              blockTimestamp: moved ? blockTimestamp! : payment.blockTimestamp,
              logIndex: moved ? logIndexIn(receipt, payment, rows) : payment.logIndex,
              confirmations: Number(depth > 0n ? depth : 0n),
              status: confirmed ? "confirmed" : "confirming",
              confirmedAt: confirmed ? now : null,
            })
            .where(eq(payments.id, payment.id));
        }
        // A dropped payment that undoes `processing` emits invoice.reverted in this transaction.
        const refreshed = await refreshInvoice(tx, invoice, now, { paymentDropped: !stillThere });
        await syncManualAmounts(tx, refreshed.invoice, now);
      });
      changed++;
    }
  }
  return changed;
}

/**
 * Where a payment's transfer sits in the re-mined receipt: the log with the same token, sender
 * and amount; equal transfers of one transaction keep their order.
 */
function logIndexIn(
  receipt: Receipt,
  payment: PaymentRow,
  siblings: readonly PaymentRow[],
): number {
  const key = (token: string, from: string, amount: bigint) =>
    `${token.toLowerCase()}:${from.toLowerCase()}:${amount}`;
  const wanted = key(payment.tokenAddress, payment.fromAddress, payment.amount);
  const rank = siblings.filter(
    (row) =>
      key(row.tokenAddress, row.fromAddress, row.amount) === wanted &&
      row.logIndex < payment.logIndex,
  ).length;
  const matches = parseEventLogs({
    abi: erc20Abi,
    eventName: "Transfer",
    logs: receipt.logs,
  }).filter((log) => key(log.address, log.args.from, log.args.value) === wanted);
  return matches[rank]?.logIndex ?? payment.logIndex;
}
