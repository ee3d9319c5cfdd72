import "server-only";
import { and, asc, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { Address, Hash, Hex, PublicClient } from "viem";
import { findPaymentChain, publicClientFor } from "../../chains/registry";
import type { Database } from "../../db/client";
import { paymentSubmissions } from "../../db/schema";
import { findInvoice } from "../../invoices/queries";
import type { SettleReport } from "../ledger/settleTransfers";
import { inputPaysReference } from "../matching/binding";
import { orNotFound, transferLogsOf } from "./readTransaction";
import {
  LIVE_STATUSES,
  SUBMISSION_PATIENCE_MS,
  saveSubmission,
  unseenRecheckDelay,
} from "./submissions";
import { settleMined, whyNotPaid } from "./submitPayment";

/** Live hashes asked about in one pass, at most: a pass costs a bounded number of RPC calls. */
export const RECHECK_BATCH = 100;
/** A pending hash (the node has it) is asked about again this soon. */
const PENDING_RECHECK_MS = 1000;

export type RecheckSummary = {
  checked: number;
  credited: number;
  rejected: number;
  abandoned: number;
  replaced: number;
};

type SubmissionRow = typeof paymentSubmissions.$inferSelect;

/**
 * Asks again about posted hashes whose receipts were not there yet: at most RECHECK_BATCH due
 * ones a pass, oldest due first, their receipts and transactions read in one JSON-RPC batch
 * whatever was posted. A mined one is credited (every transfer to the invoice its call names);
 * one whose sender has since used its nonce for another transaction was replaced; one the node
 * still does not know is asked about again later and later (2 s doubling to a minute), and given
 * up after SUBMISSION_PATIENCE_MS. None of them ever held the invoice.
 */
export async function recheckSubmissions(
  db: Database,
  now = new Date(),
  options: { chainId?: number; client?: PublicClient } = {},
): Promise<RecheckSummary> {
  const summary: RecheckSummary = {
    checked: 0,
    credited: 0,
    rejected: 0,
    abandoned: 0,
    replaced: 0,
  };
  const due = await db
    .select()
    .from(paymentSubmissions)
    .where(
      and(
        inArray(paymentSubmissions.status, [...LIVE_STATUSES]),
        options.chainId === undefined ? undefined : eq(paymentSubmissions.chainId, options.chainId),
        or(isNull(paymentSubmissions.nextCheckAt), lte(paymentSubmissions.nextCheckAt, now)),
      ),
    )
    .orderBy(asc(paymentSubmissions.nextCheckAt))
    .limit(RECHECK_BATCH);

  const byChain = new Map<number, SubmissionRow[]>();
  for (const row of due) byChain.set(row.chainId, [...(byChain.get(row.chainId) ?? []), row]);
  for (const [chainId, rows] of byChain) {
    const chain = findPaymentChain(chainId);
    if (!chain) continue;
    const client = options.client ?? publicClientFor(chain, { batch: true });
    const expired = rows.filter((row) => {
      const since = row.status === "unseen" ? row.createdAt : row.updatedAt;
      return now.getTime() - since.getTime() > SUBMISSION_PATIENCE_MS;
    });
    await close(db, expired, "abandoned", now);
    summary.abandoned += expired.length;
    const live = rows.filter((row) => !expired.includes(row));
    if (live.length === 0) continue;
    summary.checked += live.length;

    // Issued in one turn of the event loop, so a batching client sends them as one request.
    const [receipts, transactions] = await Promise.all([
      Promise.all(
        live.map((row) => orNotFound(client.getTransactionReceipt({ hash: row.txHash as Hash }))),
      ),
      Promise.all(
        live.map((row) => orNotFound(client.getTransaction({ hash: row.txHash as Hash }))),
      ),
    ]);
    const senders = [
      ...new Set(
        live
          .filter((row, i) => !transactions[i] && row.fromAddress !== null && row.nonce !== null)
          .map((row) => row.fromAddress as Address),
      ),
    ];
    const nonces = new Map(
      await Promise.all(
        senders.map(
          async (address) =>
            [address, await client.getTransactionCount({ address, blockTag: "latest" })] as const,
        ),
      ),
    );
    const head = receipts.some(Boolean) ? await client.getBlockNumber({ cacheTime: 0 }) : 0n;
    const settled = new Map<string, SettleReport>();

    for (const [i, row] of live.entries()) {
      const receipt = receipts[i];
      const transaction = transactions[i];
      const key = { invoiceId: row.invoiceId, chainId, txHash: row.txHash };
      if (receipt && receipt.status !== "success") {
        await saveSubmission(db, {
          ...key,
          status: "rejected",
          errorCode: "transaction_failed",
          now,
        });
        summary.rejected++;
        continue;
      }
      const invoice = await findInvoice(db, row.invoiceId);
      if (!invoice) continue;
      if (receipt && transaction) {
        let report = settled.get(row.txHash);
        if (!report) {
          report = await settleMined(db, {
            chain,
            client,
            txHash: row.txHash as Hash,
            read: {
              kind: "mined",
              logs: transferLogsOf(chain, receipt.logs),
              input: transaction.input,
              sender: { from: transaction.from, nonce: transaction.nonce },
              blockNumber: receipt.blockNumber,
            },
            postedFor: null,
            now,
            head,
          });
          settled.set(row.txHash, report);
        }
        const mine = report.credited.find((entry) => entry.assignment.invoiceId === invoice.id);
        if (mine?.result.outcome === "credited") {
          summary.credited++;
          continue;
        }
        const code =
          mine?.result.outcome === "rejected"
            ? mine.result.code
            : whyNotPaid(invoice, chain, report);
        await saveSubmission(db, { ...key, status: "rejected", errorCode: code, now });
        summary.rejected++;
        continue;
      }
      if (transaction) {
        const recipients = invoice.paymentOptions.map((option) => option.recipient);
        if (!inputPaysReference(transaction.input, invoice.reference as Hex, recipients)) {
          await saveSubmission(db, {
            ...key,
            status: "rejected",
            errorCode: "reference_mismatch",
            now,
          });
          summary.rejected++;
          continue;
        }
        await saveSubmission(db, {
          ...key,
          status: "pending",
          sender: { from: transaction.from, nonce: transaction.nonce },
          nextCheckAt: new Date(now.getTime() + PENDING_RECHECK_MS),
          now,
        });
        await countCheck(db, row.id, new Date(now.getTime() + PENDING_RECHECK_MS));
        continue;
      }
      const used = row.fromAddress ? nonces.get(row.fromAddress as Address) : undefined;
      if (used !== undefined && row.nonce !== null && used > row.nonce) {
        // Its nonce went to another transaction: sped up or canceled in the wallet. It never lands.
        await close(db, [row], "replaced", now);
        summary.replaced++;
        continue;
      }
      // Unknown to the node (never sent, dropped, or sent privately): a hint only, asked about later.
      if (row.status === "pending") await saveSubmission(db, { ...key, status: "unseen", now });
      await countCheck(db, row.id, new Date(now.getTime() + unseenRecheckDelay(row.checks + 1)));
    }
  }
  return summary;
}

async function countCheck(db: Database, id: string, next: Date): Promise<void> {
  await db
    .update(paymentSubmissions)
    .set({ checks: sql`${paymentSubmissions.checks} + 1`, nextCheckAt: next })
    .where(
      and(eq(paymentSubmissions.id, id), inArray(paymentSubmissions.status, [...LIVE_STATUSES])),
    );
}

async function close(
  db: Database,
  rows: readonly SubmissionRow[],
  status: "abandoned" | "replaced",
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .update(paymentSubmissions)
    .set({ status, nextCheckAt: null, updatedAt: now })
    .where(
      and(
        inArray(
          paymentSubmissions.id,
          rows.map((row) => row.id),
        ),
        inArray(paymentSubmissions.status, [...LIVE_STATUSES]),
      ),
    );
}
