import "server-only";
import { toHex } from "viem";
import { devAccount } from "../chains/devAccounts";
import { getPaymentChains } from "../chains/registry";
import { type CheckoutChain, presentCheckoutChain } from "../checkout/view";
import { DEMO_SETTLEMENT_ADDRESS } from "../demo/seed";

export type DashboardWalletProps = {
  chains: CheckoutChain[];
  /** On the local chain only: the Demo Store's owner wallet (dev account 9), signing in-page. */
  demo: { address: string; privateKey: string; chainId: number; rpcUrl: string } | null;
};

/** The chains the dashboard's wallet connects to, and the demo owner wallet on a local deployment. */
export function dashboardWalletProps(): DashboardWalletProps {
  const chains = getPaymentChains().map(presentCheckoutChain);
  const [chain] = chains;
  let demo: DashboardWalletProps["demo"] = null;
  if (chain && chains.length === 1 && chain.local) {
    const account = devAccount(9);
    const privateKey = account.getHdKey().privateKey;
    if (privateKey && account.address === DEMO_SETTLEMENT_ADDRESS) {
      demo = {
        address: account.address,
        privateKey: toHex(privateKey),
        chainId: chain.id,
        rpcUrl: chain.publicRpcUrl,
      };
    }
  }
  return { chains, demo };
}
