import "server-only";
import { type Chain, createPublicClient, http, type PublicClient } from "viem";
import { anvil } from "viem/chains";
import { type AppConfig, ConfigError, getConfig } from "../config/config";
import { type ChainToken, stablecoinsOn } from "./tokens";

export type PaymentChain = {
  id: number;
  name: string;
  chain: Chain;
  /** Server-side RPC endpoint (may hold a provider key). */
  rpcUrl: string;
  /** WebSocket endpoint for new-block subscriptions; null: the watcher polls. */
  wsUrl: string | null;
  confirmations: number;
  /** Local and test networks carry test-mode money only. */
  testnet: boolean;
  local: boolean;
  tokens: ChainToken[];
  explorerUrl: string | null;
};

export function localChainRpcUrl(port: number): string {
  return `http://127.0.0.1:${port}`;
}

const localTokens = globalThis as typeof globalThis & { __checkoutLocalTokens?: ChainToken[] };

/**
 * Hands the registry the local chain's tokens: whoever starts or joins the local chain (the
 * server's start-up, the worker, the merchant CLI, tests) knows where they are deployed; the
 * registry does not need to know how.
 */
export function registerLocalChainTokens(tokens: readonly ChainToken[]): void {
  localTokens.__checkoutLocalTokens = [...tokens];
}

function localChainTokens(): ChainToken[] {
  const tokens = localTokens.__checkoutLocalTokens;
  if (!tokens) {
    throw new ConfigError(
      "The local chain's tokens are not known yet: the process that starts it must hand them over (registerLocalChainTokens).",
    );
  }
  return tokens;
}

/** The chains and tokens this deployment accepts payments on. */
export function paymentChainsFor(config: AppConfig): PaymentChain[] {
  if (config.localChain) {
    const rpcUrl = localChainRpcUrl(config.localChain.port);
    const chain: Chain = {
      ...anvil,
      name: "Local chain",
      rpcUrls: { default: { http: [rpcUrl] } },
    };
    return [
      {
        id: anvil.id,
        name: chain.name,
        chain,
        rpcUrl,
        // anvil answers WebSocket on the same port.
        wsUrl: rpcUrl.replace(/^http/, "ws"),
        confirmations: config.localChain.confirmations,
        testnet: true,
        local: true,
        tokens: localChainTokens(),
        explorerUrl: null,
      },
    ];
  }
  return config.productionChains.map(({ chain, rpcUrl, wsUrl, confirmations }) => {
    const tokens = stablecoinsOn(chain.id, config.tokenSymbols);
    if (tokens.length === 0) {
      throw new ConfigError(
        `TOKENS leaves no stablecoin on ${chain.name} (chain ${chain.id}); add one it has, such as USDC.`,
      );
    }
    return {
      id: chain.id,
      name: chain.name,
      chain,
      rpcUrl,
      wsUrl,
      confirmations,
      testnet: chain.testnet === true,
      local: false,
      tokens,
      explorerUrl: chain.blockExplorers?.default.url ?? null,
    };
  });
}

const chainsByConfig = new WeakMap<AppConfig, PaymentChain[]>();

/** The chains of this process's configuration (worked out once per configuration). */
export function getPaymentChains(): PaymentChain[] {
  const config = getConfig();
  let chains = chainsByConfig.get(config);
  if (!chains) {
    chains = paymentChainsFor(config);
    chainsByConfig.set(config, chains);
  }
  return chains;
}

export function findPaymentChain(chainId: number): PaymentChain | undefined {
  return getPaymentChains().find((chain) => chain.id === chainId);
}

const clients = globalThis as typeof globalThis & {
  __checkoutPublicClients?: Map<string, PublicClient>;
};

/**
 * One viem public client per RPC endpoint for the life of the process. `batch`: calls issued in
 * the same turn of the event loop go out as one JSON-RPC batch (one HTTP request).
 */
export function publicClientFor(
  chain: PaymentChain,
  options: { batch?: boolean } = {},
): PublicClient {
  clients.__checkoutPublicClients ??= new Map();
  const key = `${chain.id}:${chain.rpcUrl}:${options.batch ? "batch" : "single"}`;
  let client = clients.__checkoutPublicClients.get(key);
  if (!client) {
    client = createPublicClient({
      chain: chain.chain,
      transport: http(chain.rpcUrl, {
        retryCount: 3,
        timeout: 10_000,
        batch: options.batch ? { batchSize: 200 } : false,
      }),
    }) as PublicClient;
    clients.__checkoutPublicClients.set(key, client);
  }
  return client;
}
