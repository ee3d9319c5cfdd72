import type { Address, Hash, Hex } from "viem";
import type { StoredPaymentOption } from "../invoices/paymentOptions";
import {
  inputContainsReference,
  type MatchedTransfer,
  type TransactionSender,
} from "./inspectTransaction";

/** Length of an invoice reference in bytes (see newReference). */
export const REFERENCE_BYTES = 16;

/** One decoded ERC-20 Transfer log. */
export type TransferLog = {
  token: Address;
  from: Address;
  to: Address;
  value: bigint;
  blockNumber: bigint;
  blockHash: Hash;
  transactionHash: Hash;
  logIndex: number;
};

/** Transfers worth a closer look: a non-zero amount to a watched recipient. */
export function candidateTransfers(
  logs: readonly TransferLog[],
  recipients: ReadonlySet<string>,
): TransferLog[] {
  return logs.filter((log) => log.value > 0n && recipients.has(log.to.toLowerCase()));
}

/**
 * Every byte-aligned window of `size` bytes in a transaction input, as 0x-hex: the references
 * the input could carry, wherever they sit (appended, or inside a smart wallet's call).
 */
export function referenceWindows(input: Hex, size = REFERENCE_BYTES): string[] {
  const hex = input.slice(2).toLowerCase();
  const width = size * 2;
  const windows = new Set<string>();
  for (let at = 0; at + width <= hex.length; at += 2) windows.add(`0x${hex.slice(at, at + width)}`);
  return [...windows];
}

export type ReferencedInvoice = {
  id: string;
  reference: string;
  paymentOptions: StoredPaymentOption[];
};

/** An invoice holding a manual amount for (token, recipient). Addresses lowercase. */
export type ManualHolder = {
  invoiceId: string;
  tokenAddress: string;
  recipient: string;
  amount: bigint;
  paymentOptions: StoredPaymentOption[];
};

export type WatchedTransaction = { input: Hex; sender: TransactionSender };

/** Transfers of one transaction that pay one invoice. */
export type TransferAssignment = {
  invoiceId: string;
  txHash: Hash;
  blockNumber: bigint;
  blockHash: Hash;
  sender: TransactionSender;
  via: "reference" | "manual";
  transfers: MatchedTransfer[];
};

export type AssignmentReport = {
  assignments: TransferAssignment[];
  /** Candidate transfers that matched no invoice: ignored, never credited to a guess. */
  unmatched: number;
  /** Candidate transfers whose input names more than one invoice paid this way: ignored. */
  ambiguous: number;
};

function optionFor(
  options: readonly StoredPaymentOption[],
  chainId: number,
  log: TransferLog,
): StoredPaymentOption | undefined {
  const token = log.token.toLowerCase();
  const to = log.to.toLowerCase();
  return options.find(
    (option) =>
      option.chainId === chainId &&
      option.token.address.toLowerCase() === token &&
      option.recipient.toLowerCase() === to,
  );
}

/**
 * Decides which invoice, if any, each candidate transfer pays. A transfer pays an invoice when its
 * transaction input carries the invoice's reference and the transfer sends one of that invoice's
 * tokens to its recipient; without a reference, when its amount is exactly one the invoice holds
 * for manual transfers to that token and recipient. Anything else is left alone.
 */
export function assignTransfers(parameters: {
  chainId: number;
  candidates: readonly TransferLog[];
  transactions: ReadonlyMap<string, WatchedTransaction>;
  referenced: readonly ReferencedInvoice[];
  manualHolders: readonly ManualHolder[];
}): AssignmentReport {
  const { chainId, candidates, transactions, referenced, manualHolders } = parameters;
  const byReference = new Map(
    referenced.map((invoice) => [invoice.reference.toLowerCase(), invoice]),
  );
  const byManual = new Map(
    manualHolders.map((holder) => [
      `${holder.tokenAddress}:${holder.recipient}:${holder.amount.toString()}`,
      holder,
    ]),
  );
  const groups = new Map<string, TransferAssignment>();
  let unmatched = 0;
  let ambiguous = 0;

  for (const log of candidates) {
    const transaction = transactions.get(log.transactionHash.toLowerCase());
    if (!transaction) {
      unmatched++;
      continue;
    }
    const named = referenceWindows(transaction.input)
      .map((window) => byReference.get(window))
      .filter((invoice): invoice is ReferencedInvoice => invoice !== undefined)
      .filter((invoice) => inputContainsReference(transaction.input, invoice.reference as Hex))
      .map((invoice) => ({ invoice, option: optionFor(invoice.paymentOptions, chainId, log) }))
      .filter((match) => match.option !== undefined);

    let invoiceId: string;
    let option: StoredPaymentOption;
    let via: TransferAssignment["via"];
    if (named.length > 1) {
      ambiguous++;
      continue;
    }
    if (named.length === 1) {
      invoiceId = named[0]!.invoice.id;
      option = named[0]!.option!;
      via = "reference";
    } else {
      const holder = byManual.get(
        `${log.token.toLowerCase()}:${log.to.toLowerCase()}:${log.value.toString()}`,
      );
      const held = holder && optionFor(holder.paymentOptions, chainId, log);
      if (!holder || !held) {
        unmatched++;
        continue;
      }
      invoiceId = holder.invoiceId;
      option = held;
      via = "manual";
    }

    const key = `${invoiceId}:${log.transactionHash.toLowerCase()}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        invoiceId,
        txHash: log.transactionHash.toLowerCase() as Hash,
        blockNumber: log.blockNumber,
        blockHash: log.blockHash,
        sender: transaction.sender,
        via,
        transfers: [],
      };
      groups.set(key, group);
    }
    group.transfers.push({ logIndex: log.logIndex, from: log.from, amount: log.value, option });
  }

  const assignments = [...groups.values()].sort((a, b) =>
    a.blockNumber === b.blockNumber
      ? a.transfers[0]!.logIndex - b.transfers[0]!.logIndex
      : a.blockNumber < b.blockNumber
        ? -1
        : 1,
  );
  return { assignments, unmatched, ambiguous };
}
