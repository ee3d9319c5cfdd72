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

/**
 * The API key modes a merchant may create here: a mode needs at least one chain of its kind
 * (test keys work on the local chain and testnets, live keys on live chains).
 */
export function apiKeyModes(
  chains: readonly PaymentChain[] = getPaymentChains(),
): ("test" | "live")[] {
  const modes: ("test" | "live")[] = [];
  if (chains.some((chain) => chain.testnet)) modes.push("test");
  if (chains.some((chain) => !chain.testnet)) modes.push("live");
  return modes;
}
