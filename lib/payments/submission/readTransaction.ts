import { erc20Abi, type Hash, type Hex, type Log, type PublicClient, parseEventLogs } from "viem";
import { isViemError } from "../../chains/rpcError";
import { type MatchChain, tokenOf } from "../matching/matchTransfers";
import type { TransactionSender, TransferLog } from "../transfers";

export type ReadTransaction =
  /** The node does not know the hash: never sent, not seen yet, dropped, or sent privately. */
  | { kind: "unknown" }
  /** The node has it, not mined yet. */
  | { kind: "pending"; input: Hex; sender: TransactionSender }
  | { kind: "failed"; sender: TransactionSender | null }
  | {
      kind: "mined";
      /** Its Transfer logs of the chain's tokens, with a non-zero amount. */
      logs: TransferLog[];
      input: Hex;
      sender: TransactionSender;
      blockNumber: bigint;
    };

/** The Transfer logs of a receipt that move one of the chain's tokens, with a non-zero amount. */
export function transferLogsOf(chain: MatchChain, logs: readonly Log[]): TransferLog[] {
  return parseEventLogs({ abi: erc20Abi, eventName: "Transfer", logs: [...logs] })
    .filter((log) => log.args.value > 0n && tokenOf(chain, log.address) !== undefined)
    .map((log) => ({
      token: log.address,
      from: log.args.from,
      to: log.args.to,
      value: log.args.value,
      blockNumber: log.blockNumber,
      blockHash: log.blockHash,
      transactionHash: log.transactionHash,
      logIndex: log.logIndex,
    }));
}

/** Null instead of "not found": a hash the node does not know is an answer, not a failure. */
export async function orNotFound<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (isViemError(error, "TransactionReceiptNotFoundError")) return null;
    if (isViemError(error, "TransactionNotFoundError")) return null;
    throw error;
  }
}

/**
 * What the chain says of a transaction: unknown, waiting to be mined, failed, or mined with its
 * token transfers. Two reads: the receipt, then the transaction (its input binds the transfers).
 */
export async function readTransaction(
  client: PublicClient,
  chain: MatchChain,
  hash: Hash,
): Promise<ReadTransaction> {
  const receipt = await orNotFound(client.getTransactionReceipt({ hash }));
  const transaction = await orNotFound(client.getTransaction({ hash }));
  const sender = transaction ? { from: transaction.from, nonce: transaction.nonce } : null;
  if (!receipt) {
    return transaction && sender
      ? { kind: "pending", input: transaction.input, sender }
      : { kind: "unknown" };
  }
  if (receipt.status !== "success") return { kind: "failed", sender };
  // A receipt without its transaction: a node between two states; the next look decides.
  if (!transaction || !sender) return { kind: "unknown" };
  return {
    kind: "mined",
    logs: transferLogsOf(chain, receipt.logs),
    input: transaction.input,
    sender,
    blockNumber: receipt.blockNumber,
  };
}
