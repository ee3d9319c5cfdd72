import "server-only";
import {
  type Address,
  BlockNotFoundError,
  encodeEventTopics,
  erc20Abi,
  formatLog,
  type Hash,
  numberToHex,
  type PublicClient,
  parseEventLogs,
} from "viem";
import type { PaymentChain } from "../../chains/registry";
import { yieldToEventLoop } from "../ledger/settleTransfers";
import type { WatchedTransaction } from "../matching/matchTransfers";
import type { TransferLog } from "../transfers";
import type { Head } from "./types";

/** eth_getLogs topic lists longer than this are left out: recipients are matched in memory. */
const MAX_TOPIC_RECIPIENTS = 100;
/** Logs decoded between turns of the event loop. */
const LOG_CHUNK = 100;
/** Transactions read at once. */
const TRANSACTION_READERS = 8;

export type ChainReader = {
  /** The block at a height, or null when the node does not have it yet. */
  blockAt(number: bigint): Promise<Head | null>;
  latestHead(): Promise<Head>;
  /** When a block, by hash, was mined. */
  blockTime(hash: Hash): Promise<Date>;
  /** Transfer logs of the chain's tokens in a block range, to these recipients when few. */
  transferLogs(from: bigint, to: bigint, recipients: ReadonlySet<string>): Promise<TransferLog[]>;
  /** Each transaction's input and sender, by lowercase hash. */
  transactionsOf(hashes: readonly Hash[]): Promise<Map<string, WatchedTransaction>>;
};

export function toHead(block: {
  number: bigint | null;
  hash: Hash | null;
  parentHash: Hash;
  timestamp: bigint;
}): Head | null {
  return block.number === null || block.hash === null
    ? null
    : {
        number: block.number,
        hash: block.hash,
        parentHash: block.parentHash,
        timestamp: new Date(Number(block.timestamp) * 1000),
      };
}

/** What the watcher reads of a chain, through one RPC client. */
export function createChainReader(chain: PaymentChain, client: PublicClient): ChainReader {
  return {
    async blockAt(number) {
      try {
        return toHead(await client.getBlock({ blockNumber: number }));
      } catch (error) {
        // A node behind the one that gave us the head does not have the block yet.
        if (error instanceof BlockNotFoundError) return null;
        throw error;
      }
    },

    async latestHead() {
      const head = toHead(await client.getBlock({ blockTag: "latest" }));
      if (!head) throw new Error("The RPC answered the latest block without a number or hash.");
      return head;
    },

    async blockTime(hash) {
      const block = await client.getBlock({ blockHash: hash });
      return new Date(Number(block.timestamp) * 1000);
    },

    async transferLogs(from, to, watched) {
      const recipients = [...watched] as Address[];
      const topics = encodeEventTopics({
        abi: erc20Abi,
        eventName: "Transfer",
        args: recipients.length <= MAX_TOPIC_RECIPIENTS ? { to: recipients } : undefined,
      });
      const raw = await client.request({
        method: "eth_getLogs",
        params: [
          {
            address: chain.tokens.map((token) => token.address),
            topics,
            fromBlock: numberToHex(from),
            toBlock: numberToHex(to),
          },
        ],
      });
      const logs: TransferLog[] = [];
      // Decoded a chunk at a time: a block of thousands of transfers does not hold the event loop.
      for (let at = 0; at < raw.length; at += LOG_CHUNK) {
        if (at > 0) await yieldToEventLoop();
        const decoded = parseEventLogs({
          abi: erc20Abi,
          eventName: "Transfer",
          logs: raw.slice(at, at + LOG_CHUNK).map((log) => formatLog(log)),
          strict: true,
        });
        for (const log of decoded) {
          if (log.removed || log.blockHash === null || log.transactionHash === null) continue;
          logs.push({
            token: log.address,
            from: log.args.from,
            to: log.args.to,
            value: log.args.value,
            blockNumber: log.blockNumber!,
            blockHash: log.blockHash!,
            transactionHash: log.transactionHash!,
            logIndex: log.logIndex!,
          });
        }
      }
      return logs;
    },

    async transactionsOf(hashes) {
      const found = new Map<string, WatchedTransaction>();
      let next = 0;
      const reader = async () => {
        while (next < hashes.length) {
          const hash = hashes[next++]!;
          const transaction = await client.getTransaction({ hash });
          found.set(hash.toLowerCase(), {
            input: transaction.input,
            sender: { from: transaction.from, nonce: transaction.nonce },
          });
        }
      };
      await Promise.all(
        Array.from({ length: Math.min(TRANSACTION_READERS, hashes.length) }, reader),
      );
      return found;
    },
  };
}
