import {
  type Address,
  erc20Abi,
  type Hash,
  type Hex,
  isAddressEqual,
  type PublicClient,
  parseEventLogs,
  TransactionNotFoundError,
  TransactionReceiptNotFoundError,
} from "viem";
import type { StoredPaymentOption } from "../invoices/paymentOptions";

/** Why a transaction cannot pay an invoice; the checkout page turns each into a sentence. */
export type RejectionCode =
  | "wrong_chain"
  | "transaction_failed"
  | "no_matching_transfer"
  | "reference_mismatch"
  | "transaction_already_used"
  | "invoice_not_payable";

export type MatchedTransfer = {
  logIndex: number;
  from: Address;
  amount: bigint;
  option: StoredPaymentOption;
};

export type IncludedBlock = { number: bigint; hash: Hash; timestamp: Date };

/** Who sent a transaction and with which nonce: another transaction with both replaced it. */
export type TransactionSender = { from: Address; nonce: number };

export type TransactionInspection =
  /** No receipt yet: not mined, or not seen by this RPC yet (sender null: the node lacks it). */
  | { kind: "pending"; sender: TransactionSender | null }
  | { kind: "rejected"; code: RejectionCode }
  | {
      kind: "transfers";
      transfers: MatchedTransfer[];
      block: IncludedBlock;
      /** Blocks on top of and including the transaction's block. */
      confirmations: number;
      sender: TransactionSender;
    };

/** True when `reference` (0x + bytes) appears byte-aligned anywhere in `input`. */
export function inputContainsReference(input: Hex, reference: Hex): boolean {
  const haystack = input.slice(2).toLowerCase();
  const needle = reference.slice(2).toLowerCase();
  if (needle.length === 0) return false;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
    if (at % 2 === 0) return true;
  }
  return false;
}

/**
 * Reads a transaction's receipt and input and says whether, and with which Transfer logs, it
 * pays one of `options` (all on the client's chain) for the invoice named by `reference`.
 * The input is searched whole, not only its tail, so smart-wallet calls that wrap the transfer
 * (Safe, ERC-4337) still match.
 */
export async function inspectTransaction(parameters: {
  client: PublicClient;
  options: readonly StoredPaymentOption[];
  reference: Hex;
  txHash: Hash;
}): Promise<TransactionInspection> {
  const { client, options, reference, txHash } = parameters;
  let receipt: Awaited<ReturnType<PublicClient["getTransactionReceipt"]>>;
  try {
    receipt = await client.getTransactionReceipt({ hash: txHash });
  } catch (error) {
    if (error instanceof TransactionReceiptNotFoundError) {
      return { kind: "pending", sender: await pendingSender(client, txHash) };
    }
    throw error;
  }
  if (receipt.status !== "success") return { kind: "rejected", code: "transaction_failed" };

  const transfers: MatchedTransfer[] = [];
  const logs = parseEventLogs({ abi: erc20Abi, eventName: "Transfer", logs: receipt.logs });
  for (const log of logs) {
    const option = options.find(
      (candidate) =>
        isAddressEqual(candidate.token.address, log.address) &&
        isAddressEqual(candidate.recipient, log.args.to),
    );
    if (!option || log.args.value === 0n) continue;
    transfers.push({
      logIndex: log.logIndex,
      from: log.args.from,
      amount: log.args.value,
      option,
    });
  }
  if (transfers.length === 0) return { kind: "rejected", code: "no_matching_transfer" };

  const transaction = await client.getTransaction({ hash: txHash });
  if (!inputContainsReference(transaction.input, reference)) {
    return { kind: "rejected", code: "reference_mismatch" };
  }

  const [block, head] = await Promise.all([
    client.getBlock({ blockHash: receipt.blockHash }),
    client.getBlockNumber({ cacheTime: 0 }),
  ]);
  const depth = head - receipt.blockNumber + 1n;
  return {
    kind: "transfers",
    transfers,
    block: {
      number: receipt.blockNumber,
      hash: receipt.blockHash,
      timestamp: new Date(Number(block.timestamp) * 1000),
    },
    confirmations: depth > 0n ? Number(depth) : 0,
    sender: { from: transaction.from, nonce: transaction.nonce },
  };
}

/** The sender of a transaction still waiting to be mined, or null when the node does not know it. */
async function pendingSender(client: PublicClient, hash: Hash): Promise<TransactionSender | null> {
  try {
    const transaction = await client.getTransaction({ hash });
    return { from: transaction.from, nonce: transaction.nonce };
  } catch (error) {
    if (error instanceof TransactionNotFoundError) return null;
    throw error;
  }
}
