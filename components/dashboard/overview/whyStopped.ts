import type { DashboardRelayer } from "@/lib/dashboard/relayers";
import { gasAmount } from "./gasAmount";

/** Why a relayer cannot pay now, in gas tokens rather than wei when it is its balance. */
export function whyStopped(relayer: DashboardRelayer): string {
  const { balance, fee_per_payment: fee, gas_token: token } = relayer;
  if (balance !== null && fee !== null && Number(balance) < Number(fee)) {
    return `the relayer's ${gasAmount(balance, token)} cannot pay one payment's gas (about ${gasAmount(fee, token)}).`;
  }
  return relayer.problem ?? "the relayer cannot pay.";
}
