import "server-only";
import { toHex } from "viem";
import { devAccount } from "../demo/testTokens";
import type { CheckoutChain } from "./view";

/** The built-in demo wallet: anvil dev account 8, funded with test tokens on the local chain. */
export const DEMO_WALLET_ACCOUNT_INDEX = 8;

export type DemoWallet = {
  address: string;
  /** anvil's well-known dev key: worthless anywhere but a local chain. */
  privateKey: string;
  chainId: number;
  rpcUrl: string;
};

/**
 * The demo wallet for a checkout, or null. Only when every chain the invoice can be paid on is
 * the local chain: for a production chain the page never receives a key.
 */
export function demoWalletFor(chains: readonly CheckoutChain[]): DemoWallet | null {
  const [chain] = chains;
  if (!chain || chains.length !== 1 || !chain.local) return null;
  const account = devAccount(DEMO_WALLET_ACCOUNT_INDEX);
  const privateKey = account.getHdKey().privateKey;
  if (!privateKey) return null;
  return {
    address: account.address,
    privateKey: toHex(privateKey),
    chainId: chain.id,
    rpcUrl: chain.publicRpcUrl,
  };
}
