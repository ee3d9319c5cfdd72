import "server-only";
import { toHex } from "viem";
import { devAccount } from "../chains/devAccounts";
import { GASLESS_DEMO_ACCOUNT_INDEX } from "../demo/testTokens";
import type { CheckoutChain } from "./view";

/** The built-in demo wallet: anvil dev account 8, funded with test tokens and ETH. */
export const DEMO_WALLET_ACCOUNT_INDEX = 8;

export type DemoWallet = {
  address: string;
  /** anvil's well-known dev key: worthless anywhere but a local chain. */
  privateKey: string;
  chainId: number;
  rpcUrl: string;
};

/**
 * The two demo wallets: one with ETH for gas (dev account 8), and one with test tokens and no
 * ETH at all (GASLESS_DEMO_ACCOUNT_INDEX), which can pay only by signature.
 */
export type DemoWallets = { withGas: DemoWallet; withoutGas: DemoWallet };

/**
 * The demo wallets for a checkout, or null. Only when every chain the invoice can be paid on is
 * the local chain: for a production chain the page never receives a key.
 */
export function demoWalletsFor(chains: readonly CheckoutChain[]): DemoWallets | null {
  const [chain] = chains;
  if (!chain || chains.length !== 1 || !chain.local) return null;
  const wallet = (index: number): DemoWallet | null => {
    const account = devAccount(index);
    const privateKey = account.getHdKey().privateKey;
    if (!privateKey) return null;
    return {
      address: account.address,
      privateKey: toHex(privateKey),
      chainId: chain.id,
      rpcUrl: chain.publicRpcUrl,
    };
  };
  const withGas = wallet(DEMO_WALLET_ACCOUNT_INDEX);
  const withoutGas = wallet(GASLESS_DEMO_ACCOUNT_INDEX);
  return withGas && withoutGas ? { withGas, withoutGas } : null;
}
