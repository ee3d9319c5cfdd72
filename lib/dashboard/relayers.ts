import "server-only";
import { formatEther } from "viem";
import { getPaymentChains } from "../chains/registry";
import type { Database } from "../db/client";
import { type RelayerHealth, relayerHealth } from "../relayer/relayerHealth";
import { cachedRelayerState, feePerPayment } from "../relayer/relayerState";

export type DashboardRelayer = RelayerHealth & {
  /** What one gasless payment's gas may cost at the chain's fees now, in its gas token. */
  fee_per_payment: string | null;
};

/** One chain of the deployment and its relayer; null when the chain has none (no key set). */
export type ChainRelayer = {
  chainId: number;
  chainName: string;
  /** The chain's tokens that can be paid by signature (EIP-3009), such as USDC and EURC. */
  gaslessTokens: string[];
  relayer: DashboardRelayer | null;
};

/** Each chain's relayer as the overview and the settings show it (reads each chain once). */
export async function chainRelayers(db: Database): Promise<ChainRelayer[]> {
  const chains = getPaymentChains();
  const health = await relayerHealth(db, chains);
  return chains.map((chain) => {
    const found = health.find((relayer) => relayer.chain_id === chain.id);
    // relayerHealth has just read the chain: its snapshot holds the fees of this moment.
    const state = cachedRelayerState(chain.id);
    return {
      chainId: chain.id,
      chainName: chain.name,
      gaslessTokens: chain.tokens.filter((token) => token.eip3009).map((token) => token.symbol),
      relayer: found
        ? {
            ...found,
            fee_per_payment:
              state && found.balance !== null ? formatEther(feePerPayment(state.fees)) : null,
          }
        : null,
    };
  });
}
