import "server-only";
import { and, eq, sql } from "drizzle-orm";
import {
  type Address,
  erc20Abi,
  getAddress,
  type Hash,
  isAddressEqual,
  type PublicClient,
  parseEventLogs,
} from "viem";
import { findPaymentChain, type PaymentChain, publicClientFor } from "../chains/registry";
import { isViemError } from "../chains/rpcError";
import { getConfig } from "../config/config";
import type { Database, Executor } from "../db/client";
import { invoices, merchantMembers, payments, refunds } from "../db/schema";
import { DomainError, invalidParameter, notFound } from "../errors";
import { recordInvoiceEvents } from "../events/recordEvents";
import { newId } from "../ids";
import { type InvoiceRow, type PaymentRow, presentInvoice } from "../invoices/present";
import { findMerchantInvoice, invoicePayments, lockInvoice } from "../invoices/queries";
import type { Merchant } from "../merchants/merchants";
import { settlementAddressFor } from "../merchants/merchants";
import { type CurrencyCode, formatCurrencyAmount, tokenToCurrencyUnits } from "../money/currencies";
import { ParseDecimalError, parseDecimal } from "../money/decimal";
import { type RefundRow, refundableAmount } from "./present";
import { invoiceRefunds } from "./queries";

/**
 * The wallets a refund may come from: the merchant's settlement address on the chain, the
 * address the refunded payment was sent to (the settlement address when the invoice was made),
 * and every dashboard member wallet. Anything else is not the merchant's money going back.
 * Without a payment: those wallets for every chain and token the invoice offered.
 */
export async function merchantWallets(
  executor: Executor,
  merchant: Merchant,
  invoice: InvoiceRow,
  payment?: Pick<PaymentRow, "chainId" | "tokenAddress">,
): Promise<Address[]> {
  const wallets: Address[] = [];
  const chainIds = payment
    ? [payment.chainId]
    : [...new Set(invoice.paymentOptions.map((option) => option.chainId))];
  for (const chainId of chainIds) wallets.push(getAddress(settlementAddressFor(merchant, chainId)));
  for (const option of invoice.paymentOptions) {
    const sameToken =
      !payment ||
      (option.chainId === payment.chainId &&
        isAddressEqual(option.token.address, payment.tokenAddress as Address));
    if (sameToken) wallets.push(getAddress(option.recipient));
  }
  const members = await executor
    .select({ address: merchantMembers.address })
    .from(merchantMembers)
    .where(eq(merchantMembers.merchantId, merchant.id));
  for (const member of members) wallets.push(getAddress(member.address));
  return [...new Set(wallets)];
}

/** A Transfer log in a refund transaction, as read from its receipt. */
export type RefundTransfer = {
  logIndex: number;
  from: Address;
  to: Address;
  amount: bigint;
  blockNumber: bigint;
  blockHash: Hash;
  confirmations: number;
};

export type ReadRefundTransferParameters = {
  client: PublicClient;
  txHash: Hash;
  token: Address;
  to: Address;
  amount: bigint;
  senders: readonly Address[];
};

/**
 * Reads a refund transaction's receipt and finds the Transfer of `amount` of `token` to `to`
 * from one of `senders`; each way it can fail is a DomainError naming the reason, for the merchant.
 */
export async function readRefundTransfers(
  parameters: ReadRefundTransferParameters,
): Promise<RefundTransfer[]> {
  const { client, txHash } = parameters;
  let receipt: Awaited<ReturnType<PublicClient["getTransactionReceipt"]>>;
  try {
    receipt = await client.getTransactionReceipt({ hash: txHash });
  } catch (error) {
    if (isViemError(error, "TransactionReceiptNotFoundError")) {
      throw new DomainError(
        "refund_not_mined",
        "The refund transaction is not mined yet; send it again once it is.",
        "tx_hash",
      );
    }
    throw error;
  }
  if (receipt.status !== "success") {
    throw new DomainError("refund_invalid", "The refund transaction failed on-chain.", "tx_hash");
  }
  const logs = parseEventLogs({ abi: erc20Abi, eventName: "Transfer", logs: receipt.logs });
  const matching = logs.filter(
    (log) =>
      isAddressEqual(log.address, parameters.token) &&
      isAddressEqual(log.args.to, parameters.to) &&
      log.args.value === parameters.amount,
  );
  if (matching.length === 0) {
    throw new DomainError(
      "refund_invalid",
      "The transaction has no transfer of that amount of the payment's token to the recipient.",
      "tx_hash",
    );
  }
  const fromMerchant = matching.filter((log) =>
    parameters.senders.some((sender) => isAddressEqual(sender, log.args.from)),
  );
  if (fromMerchant.length === 0) {
    throw new DomainError(
      "refund_invalid",
      "The transfer was not sent from one of the merchant's wallets (its settlement address or a dashboard member's wallet).",
      "tx_hash",
    );
  }
  const head = await client.getBlockNumber({ cacheTime: 0 });
  const depth = head - receipt.blockNumber + 1n;
  return fromMerchant.map((log) => ({
    logIndex: log.logIndex,
    from: getAddress(log.args.from),
    to: getAddress(log.args.to),
    amount: log.args.value,
    blockNumber: receipt.blockNumber,
    blockHash: receipt.blockHash,
    confirmations: depth > 0n ? Number(depth) : 0,
  }));
}

export type RecordRefundParameters = {
  merchant: Merchant;
  livemode: boolean;
  invoiceId: string;
  /** The payment refunded: its chain and token are the refund's. */
  paymentId: string;
  chainId: number;
  txHash: Hash;
  to: Address;
  /** In the payment's token, as a decimal string ("4.00"): parsed with the token's decimals. */
  amount: string;
  now?: Date;
  /** For tests: the chain client to read the receipt from. */
  client?: PublicClient;
};

/**
 * Verifies a refund transaction on-chain and records it once. Under a lock on the invoice row,
 * every refund recorded (confirming ones too) plus this one must not exceed what was paid, so
 * concurrent refunds cannot send back more than came in; a refused refund writes nothing.
 * A confirmed refund adds to amount_refunded and emits invoice.refunded in the same transaction.
 */
export async function recordRefund(
  executor: Executor,
  parameters: RecordRefundParameters,
): Promise<RefundRow> {
  const { merchant, livemode, invoiceId } = parameters;
  const invoice = await findMerchantInvoice(executor, merchant.id, livemode, invoiceId);
  const [payment] = await executor
    .select()
    .from(payments)
    .where(and(eq(payments.id, parameters.paymentId), eq(payments.invoiceId, invoice.id)));
  if (!payment) throw notFound("payment of this invoice", "payment_id");
  if (payment.status !== "confirmed") {
    throw new DomainError(
      "payment_not_confirmed",
      "That payment is not confirmed yet; refund it once it is.",
      "payment_id",
    );
  }
  if (parameters.chainId !== payment.chainId) {
    throw new DomainError(
      "refund_invalid",
      `A refund of this payment is sent on chain ${payment.chainId}.`,
      "chain_id",
    );
  }
  const amount = parseTokenAmount(parameters.amount, payment.tokenDecimals);
  const chain = findPaymentChain(payment.chainId);
  if (!chain) {
    throw new DomainError(
      "refund_invalid",
      `Chain ${payment.chainId} is not configured on this deployment.`,
      "chain_id",
    );
  }
  const currencyAmount = tokenToCurrencyUnits(amount, payment.tokenDecimals);
  // Cheap refusal before reading the chain; the binding check is repeated under the lock.
  await checkRefundable(executor, invoice, currencyAmount);

  const senders = await merchantWallets(executor, merchant, invoice, payment);
  const transfers = await readRefundTransfers({
    client: parameters.client ?? publicClientFor(chain),
    txHash: parameters.txHash,
    token: payment.tokenAddress as Address,
    to: parameters.to,
    amount,
    senders,
  });

  return runInTransaction(executor, async (tx) => {
    const locked = await lockInvoice(tx, invoice.id);
    if (!locked) throw notFound("invoice");
    const transfer = await firstUnrecorded(tx, chain.id, parameters.txHash, transfers);
    await checkRefundable(tx, locked, currencyAmount);
    const now = parameters.now ?? new Date();
    const confirmed = transfer.confirmations >= chain.confirmations;
    const [refund] = await tx
      .insert(refunds)
      .values({
        id: newId("ref", now.getTime()),
        invoiceId: locked.id,
        merchantId: merchant.id,
        chainId: chain.id,
        txHash: parameters.txHash.toLowerCase(),
        logIndex: transfer.logIndex,
        blockNumber: transfer.blockNumber,
        blockHash: transfer.blockHash,
        fromAddress: transfer.from,
        toAddress: transfer.to,
        tokenAddress: payment.tokenAddress,
        tokenSymbol: payment.tokenSymbol,
        tokenDecimals: payment.tokenDecimals,
        amount: transfer.amount,
        currencyAmount,
        status: confirmed ? "confirmed" : "confirming",
        confirmations: transfer.confirmations,
        createdAt: now,
        confirmedAt: confirmed ? now : null,
      })
      .returning();
    if (confirmed) await creditRefund(tx, locked, refund!, now);
    return refund!;
  });
}

function parseTokenAmount(value: string, decimals: number): bigint {
  let amount: bigint;
  try {
    amount = parseDecimal(value, decimals);
  } catch (error) {
    if (error instanceof ParseDecimalError)
      throw invalidParameter("amount", `Invalid amount: ${error.message}.`);
    throw error;
  }
  if (amount === 0n) throw invalidParameter("amount", "Invalid amount: must be more than 0.");
  return amount;
}

/** A transaction of its own, or a savepoint inside the caller's. */
function runInTransaction<T>(executor: Executor, work: (tx: Executor) => Promise<T>): Promise<T> {
  return (executor as Database).transaction(work);
}

/** 409 when this refund, with those already recorded, would send back more than was paid. */
async function checkRefundable(
  executor: Executor,
  invoice: InvoiceRow,
  currencyAmount: bigint,
): Promise<void> {
  const recorded = await invoiceRefunds(executor, invoice.id);
  const remaining = refundableAmount(invoice.amountPaid, recorded);
  if (currencyAmount > remaining) {
    const currency = invoice.currency as CurrencyCode;
    throw new DomainError(
      "refund_exceeds_paid",
      `Refunds may not exceed what was paid: at most ${formatCurrencyAmount(remaining, currency)} ${currency} is left to refund.`,
      "amount",
    );
  }
}

/** A transfer is one refund, once, and never both a payment and a refund. */
async function firstUnrecorded(
  executor: Executor,
  chainId: number,
  txHash: Hash,
  transfers: readonly RefundTransfer[],
): Promise<RefundTransfer> {
  const hash = txHash.toLowerCase();
  const taken = new Set<number>();
  const [asRefunds, asPayments] = await Promise.all([
    executor
      .select({ logIndex: refunds.logIndex })
      .from(refunds)
      .where(and(eq(refunds.chainId, chainId), eq(sql`lower(${refunds.txHash})`, hash))),
    executor
      .select({ logIndex: payments.logIndex })
      .from(payments)
      .where(and(eq(payments.chainId, chainId), eq(sql`lower(${payments.txHash})`, hash))),
  ]);
  for (const row of [...asRefunds, ...asPayments]) taken.add(row.logIndex);
  const transfer = transfers.find((candidate) => !taken.has(candidate.logIndex));
  if (!transfer) {
    throw new DomainError(
      "refund_already_recorded",
      "This transfer is already recorded on an invoice.",
      "tx_hash",
    );
  }
  return transfer;
}

/** Adds a confirmed refund to the invoice and emits invoice.refunded with the invoice as it now is. */
async function creditRefund(
  executor: Executor,
  invoice: InvoiceRow,
  refund: RefundRow,
  now: Date,
): Promise<InvoiceRow> {
  const [updated] = await executor
    .update(invoices)
    .set({ amountRefunded: invoice.amountRefunded + refund.currencyAmount, updatedAt: now })
    .where(eq(invoices.id, invoice.id))
    .returning();
  const [rows, refundRows] = await Promise.all([
    invoicePayments(executor, invoice.id),
    invoiceRefunds(executor, invoice.id),
  ]);
  await recordInvoiceEvents(executor, {
    merchantId: invoice.merchantId,
    invoice: presentInvoice(updated!, rows, getConfig().publicUrl, refundRows),
    types: ["invoice.refunded"],
    now,
  });
  return updated!;
}

/**
 * Brings an invoice's confirming refunds up to date: counts confirmations, confirms those deep
 * enough (crediting them and emitting invoice.refunded), and drops one whose transaction a reorg
 * removed (the merchant may post it again once it is mined anew). Called when the invoice is read.
 */
export async function confirmRefunds(
  executor: Executor,
  invoiceId: string,
  options: { now?: Date; client?: (chain: PaymentChain) => PublicClient } = {},
): Promise<void> {
  const pending = await executor
    .select()
    .from(refunds)
    .where(and(eq(refunds.invoiceId, invoiceId), eq(refunds.status, "confirming")));
  for (const refund of pending) {
    const chain = findPaymentChain(refund.chainId);
    if (!chain) continue;
    const client = options.client?.(chain) ?? publicClientFor(chain);
    let receipt: Awaited<ReturnType<PublicClient["getTransactionReceipt"]>> | null = null;
    try {
      receipt = await client.getTransactionReceipt({ hash: refund.txHash as Hash });
    } catch (error) {
      if (!isViemError(error, "TransactionReceiptNotFoundError")) throw error;
    }
    const head = receipt ? await client.getBlockNumber({ cacheTime: 0 }) : 0n;
    await runInTransaction(executor, async (tx) => {
      const invoice = await lockInvoice(tx, invoiceId);
      const [current] = await tx
        .select()
        .from(refunds)
        .where(and(eq(refunds.id, refund.id), eq(refunds.status, "confirming")));
      if (!invoice || !current) return;
      if (receipt?.status !== "success") {
        await tx.delete(refunds).where(eq(refunds.id, refund.id));
        return;
      }
      const depth = head - receipt.blockNumber + 1n;
      const confirmations = depth > 0n ? Number(depth) : 0;
      const now = options.now ?? new Date();
      const confirmed = confirmations >= chain.confirmations;
      const [updated] = await tx
        .update(refunds)
        .set({
          blockNumber: receipt.blockNumber,
          blockHash: receipt.blockHash,
          confirmations,
          status: confirmed ? "confirmed" : "confirming",
          confirmedAt: confirmed ? now : null,
        })
        .where(eq(refunds.id, refund.id))
        .returning();
      if (confirmed) await creditRefund(tx, invoice, updated!, now);
    });
  }
}

/**
 * The refund-confirmation job's sweep: brings every invoice with a refund still confirming up to date, so
 * invoice.refunded is emitted even when nobody reads the invoice. Safe on several instances at
 * once (each confirmation re-checks the refund under the invoice's lock).
 */
export async function confirmPendingRefunds(executor: Executor, limit = 50): Promise<number> {
  const rows = await executor
    .selectDistinct({ invoiceId: refunds.invoiceId })
    .from(refunds)
    .where(eq(refunds.status, "confirming"))
    .limit(limit);
  for (const row of rows) await confirmRefunds(executor, row.invoiceId);
  return rows.length;
}
