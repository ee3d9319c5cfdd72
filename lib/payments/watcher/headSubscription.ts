import "server-only";
import { createPublicClient, webSocket } from "viem";
import type { PaymentChain } from "../../chains/registry";
import { describeRpcError } from "../../chains/rpcError";
import { toHead } from "./chainReader";
import type { Head } from "./types";

export type HeadSubscription = {
  /** Subscribes if it is not (no-op without a WebSocket endpoint). */
  open(): void;
  close(): Promise<void>;
  /** The newest head announced since the last call, if any. */
  takeHead(): Head | null;
  /** Whether a head arrived within `ms`: the subscription is alive. */
  liveWithin(ms: number): boolean;
};

/**
 * New heads by a WebSocket `newHeads` subscription: each one is kept for the next pass and wakes
 * the loop (`onHead`). A failing subscription is said once; the loop then polls.
 */
export function createHeadSubscription(
  chain: PaymentChain,
  wsUrl: string | null,
  onHead: () => void,
): HeadSubscription {
  let socket: { close: () => Promise<void> } | null = null;
  let fresh: Head | null = null;
  let lastAt = 0;
  return {
    open() {
      if (!wsUrl || socket) return;
      const wsClient = createPublicClient({
        chain: chain.chain,
        transport: webSocket(wsUrl, { keepAlive: true, reconnect: true, retryCount: 0 }),
      });
      let reported = false;
      const unwatch = wsClient.watchBlocks({
        poll: false,
        onBlock: (block) => {
          const head = toHead(block);
          if (!head) return;
          fresh = head;
          lastAt = Date.now();
          onHead();
        },
        onError: (error) => {
          if (!reported)
            console.warn(
              `${chain.name}: new-block subscription failed (${describeRpcError(error)}); polling.`,
            );
          reported = true;
        },
      });
      socket = {
        close: async () => {
          unwatch();
          const rpc = await wsClient.transport.getRpcClient().catch(() => null);
          rpc?.close();
        },
      };
    },
    async close() {
      const current = socket;
      socket = null;
      fresh = null;
      await current?.close().catch(() => {});
    },
    takeHead() {
      const head = fresh;
      fresh = null;
      return head;
    },
    liveWithin(ms) {
      return socket !== null && Date.now() - lastAt < ms;
    },
  };
}
