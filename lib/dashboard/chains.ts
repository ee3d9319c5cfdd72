import "server-only";
import { getPaymentChains } from "../chains/registry";

export type DashboardChain = {
  id: number;
  name: string;
  explorerUrl: string | null;
  confirmations: number;
};

/** The deployment's chains as dashboard pages name them and link to their explorers. */
export function dashboardChains(): DashboardChain[] {
  return getPaymentChains().map((chain) => ({
    id: chain.id,
    name: chain.name,
    explorerUrl: chain.explorerUrl,
    confirmations: chain.confirmations,
  }));
}
