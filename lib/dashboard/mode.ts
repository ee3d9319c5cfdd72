import "server-only";
import type { PaymentChain } from "../chains/registry";
import { getPaymentChains } from "../chains/registry";

/**
 * Which money the dashboard shows: live when the deployment has a live chain, otherwise test
 * (the local chain, testnets). API objects carry `livemode`; the dashboard lists that mode's.
 */
export function dashboardLivemode(chains: readonly PaymentChain[] = getPaymentChains()): boolean {
  return chains.some((chain) => !chain.testnet);
}
