import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { Address, Hash, Hex, PublicClient, TransactionReceipt } from "viem";
import { eip3009Abi } from "../chains/eip3009";
import { type PaymentChain, publicClientFor } from "../chains/registry";
import { isViemError } from "../chains/rpcError";
import { signalInvoiceChanged } from "../checkout/liveUpdates";
import type { Database } from "../db/client";
import { relayerTransactions } from "../db/schema";
import { submitPayment } from "../payments/submission/submitPayment";
import {
  broadcastRelayTransaction,
  type RelayCall,
  type RelayerTransactionRow,
  signRelayTransaction,
} from "./lane";
import { type RelayerFees, relayerAccountFor } from "./relayerState";

/** A transaction not mined this long after it was sent is sent again, or re-priced if the market moved. */
export const RESEND_AFTER_MS = 6_000;
/** Pending transactions looked at per pass. */
const ROWS_PER_PASS = 200;
/** A replacement must outbid the transaction it replaces by at least 10% (nodes' rule); 12.5% is safe. */
const BUMP_NUMERATOR = 1125n;
const BUMP_DENOMINATOR = 1000n;
/** A 0-value transfer to itself: what holds a nonce whose authorization can no longer be paid. */
const FILLER_GAS = 21_000n;

export type TendReport = {
  mined: number;
  reverted: number;
  resent: number;
  bumped: number;
  filled: number;
};

/**
 * One pass over a chain's pending relayer transactions, oldest nonce first: a mined one is
 * recorded (its fee counted, its invoice credited at once); one the node lost is sent again; one
 * left behind by the market is re-signed at the same nonce with a higher fee. Before any
 * resubmission the token's authorizationState says whether the authorization was already used
 * (by this transaction in a form we did not see, or by anyone who front-ran it): then the nonce
 * is filled with a 0-value transfer to itself instead, so nothing is paid twice and no later
 * nonce waits forever.
 */
export async function tendRelayer(
  db: Database,
  chain: PaymentChain,
  options: { now?: Date; client?: PublicClient } = {},
): Promise<TendReport> {
  const report: TendReport = { mined: 0, reverted: 0, resent: 0, bumped: 0, filled: 0 };
  const account = relayerAccountFor(chain);
  if (!account) return report;
  const client = options.client ?? publicClientFor(chain);
  const rows = await db
    .select()
    .from(relayerTransactions)
    .where(
      and(
        eq(relayerTransactions.chainId, chain.id),
        eq(relayerTransactions.relayerAddress, account.address.toLowerCase()),
        eq(relayerTransactions.status, "pending"),
      ),
    )
    .orderBy(asc(relayerTransactions.nonce))
    .limit(ROWS_PER_PASS);
  if (rows.length === 0) return report;

  let market: RelayerFees | null = null;
  const used = BigInt(
    await client.getTransactionCount({ address: account.address, blockTag: "latest" }),
  );
  for (const row of rows) {
    const now = options.now ?? new Date();
    const receipt = await minedReceipt(client, row);
    if (receipt) {
      await recordMined(db, chain, row, receipt, client);
      if (receipt.status === "success") report.mined++;
      else report.reverted++;
      continue;
    }
    if (row.nonce < used) {
      // The nonce was mined, by none of this row's versions: the key was used elsewhere.
      await db
        .update(relayerTransactions)
        .set({ status: "replaced", updatedAt: now })
        .where(eq(relayerTransactions.id, row.id));
      continue;
    }
    const sentAt = row.broadcastAt?.getTime() ?? 0;
    if (now.getTime() - sentAt < RESEND_AFTER_MS) continue;

    // About to send something again: first, is the authorization still unpaid?
    if (row.kind === "authorization" && (await authorizationSpent(client, row))) {
      market ??= await marketFees(client);
      await replace(db, client, chain, row, fillerCall(account.address), market, now);
      report.filled++;
      continue;
    }
    market ??= await marketFees(client);
    if (market.maxFeePerGas > row.maxFeePerGas) {
      await replace(db, client, chain, row, callOf(row), market, now);
      report.bumped++;
    } else {
      await broadcastRelayTransaction(db, client, row, now);
      report.resent++;
    }
  }
  return report;
}

function callOf(row: RelayerTransactionRow): RelayCall {
  return { to: row.toAddress as Address, data: row.data as Hex, gas: row.gasLimit };
}

function fillerCall(relayer: Address): RelayCall {
  return { to: relayer, data: "0x", gas: FILLER_GAS };
}

async function marketFees(client: PublicClient): Promise<RelayerFees> {
  const fees = await client.estimateFeesPerGas();
  return { maxFeePerGas: fees.maxFeePerGas, maxPriorityFeePerGas: fees.maxPriorityFeePerGas };
}

/** The receipt of whichever of the row's signed versions was mined, if one was. */
async function minedReceipt(
  client: PublicClient,
  row: RelayerTransactionRow,
): Promise<TransactionReceipt | null> {
  const hashes = [...new Set([row.txHash, ...row.txHashes])].reverse();
  for (const hash of hashes) {
    try {
      return await client.getTransactionReceipt({ hash: hash as Hash });
    } catch (error) {
      if (!isViemError(error, "TransactionReceiptNotFoundError")) throw error;
    }
  }
  return null;
}

/** True when the token says the row's authorization was used or canceled. */
async function authorizationSpent(
  client: PublicClient,
  row: RelayerTransactionRow,
): Promise<boolean> {
  return client.readContract({
    address: row.tokenAddress as Address,
    abi: eip3009Abi,
    functionName: "authorizationState",
    args: [row.authorizer as Address, row.authorizationNonce as Hex],
  });
}

/**
 * Re-signs the row's nonce with a call and fees, records the new hash before sending it (the
 * earlier hashes stay listed: any of them may still be the one mined), then sends it.
 */
async function replace(
  db: Database,
  client: PublicClient,
  chain: PaymentChain,
  row: RelayerTransactionRow,
  call: RelayCall,
  market: RelayerFees,
  now: Date,
): Promise<void> {
  const account = relayerAccountFor(chain)!;
  const bump = (value: bigint) =>
    (value * BUMP_NUMERATOR + BUMP_DENOMINATOR - 1n) / BUMP_DENOMINATOR;
  const fees: RelayerFees = {
    maxFeePerGas: max(market.maxFeePerGas, bump(row.maxFeePerGas)),
    maxPriorityFeePerGas: max(market.maxPriorityFeePerGas, bump(row.maxPriorityFeePerGas)),
  };
  const signed = await signRelayTransaction(account, chain, call, row.nonce, fees);
  const filler = call.data === "0x" && call.to.toLowerCase() === account.address.toLowerCase();
  const [updated] = await db
    .update(relayerTransactions)
    .set({
      toAddress: call.to.toLowerCase(),
      data: call.data,
      gasLimit: call.gas,
      maxFeePerGas: fees.maxFeePerGas,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
      txHash: signed.hash,
      rawTransaction: signed.raw,
      txHashes: [...row.txHashes, signed.hash],
      attempts: row.attempts + 1,
      ...(filler ? { kind: "filler" as const } : {}),
      updatedAt: now,
    })
    .where(eq(relayerTransactions.id, row.id))
    .returning();
  await broadcastRelayTransaction(db, client, updated!, now);
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

/**
 * Records a mined relayer transaction: its fee (gas used x effective price) for the merchant's
 * budget, and, when it relayed an authorization for an invoice, credits the invoice at once (the
 * watcher would too; a transfer credits once whichever comes first).
 */
export async function recordMined(
  db: Database,
  chain: PaymentChain,
  row: RelayerTransactionRow,
  receipt: TransactionReceipt,
  client: PublicClient = publicClientFor(chain),
): Promise<void> {
  const now = new Date();
  await db
    .update(relayerTransactions)
    .set({
      status: receipt.status === "success" ? "mined" : "reverted",
      txHash: receipt.transactionHash.toLowerCase(),
      feePaid: receipt.gasUsed * receipt.effectiveGasPrice,
      minedBlock: receipt.blockNumber,
      updatedAt: now,
    })
    .where(and(eq(relayerTransactions.id, row.id), eq(relayerTransactions.status, "pending")));
  if (row.invoiceId && receipt.status === "success" && row.kind === "authorization") {
    await submitPayment(db, {
      invoiceId: row.invoiceId,
      chainId: chain.id,
      txHash: receipt.transactionHash,
      client,
      now,
    });
    signalInvoiceChanged(row.invoiceId);
  }
}

/**
 * Waits for a just-broadcast transaction's receipt and records it, so a gasless payment is
 * credited the moment it is mined; the relayer job does the same for anything this misses.
 */
export async function followRelayTransaction(
  db: Database,
  chain: PaymentChain,
  row: RelayerTransactionRow,
  options: { pollingIntervalMs?: number; timeoutMs?: number } = {},
): Promise<void> {
  const client = publicClientFor(chain);
  try {
    const receipt = await client.waitForTransactionReceipt({
      hash: row.txHash as Hash,
      pollingInterval: options.pollingIntervalMs ?? 250,
      timeout: options.timeoutMs ?? 120_000,
    });
    await recordMined(db, chain, row, receipt, client);
  } catch {
    // Left to the relayer job, which reads it again.
  }
}
