import { connectorsForWallets, type Wallet } from "@rainbow-me/rainbowkit";
import { injectedWallet } from "@rainbow-me/rainbowkit/wallets";
import { type Chain, defineChain } from "viem";
import { createConfig, http } from "wagmi";
import type { CheckoutChain } from "@/lib/checkout/view";

export function toViemChain(chain: CheckoutChain): Chain {
  return defineChain({
    id: chain.id,
    name: chain.name,
    nativeCurrency: chain.nativeCurrency,
    rpcUrls: { default: { http: [chain.publicRpcUrl] } },
    blockExplorers: chain.explorerUrl
      ? { default: { name: "Explorer", url: chain.explorerUrl } }
      : undefined,
    testnet: chain.testnet,
  });
}

/** Providers that announced themselves by EIP-6963; RainbowKit lists those by name already. */
const announced = new Set<unknown>();
if (typeof window !== "undefined") {
  window.addEventListener("eip6963:announceProvider", (event) => {
    announced.add((event as CustomEvent<{ provider: unknown }>).detail?.provider);
  });
  window.dispatchEvent(new Event("eip6963:requestProvider"));
}

/**
 * "Browser Wallet" (window.ethereum) only when a wallet injected one without announcing it:
 * otherwise it is either a dead end (no wallet at all) or the same wallet listed twice.
 */
const browserWallet = (): Wallet => ({
  ...injectedWallet(),
  hidden: () => {
    const ethereum = (window as { ethereum?: unknown }).ethereum;
    return !ethereum || announced.has(ethereum);
  },
});

/**
 * Injected wallets only: the browser's wallet and every EIP-6963 wallet RainbowKit discovers.
 * No WalletConnect here, so the page makes no outside network call.
 */
export function createWalletConfig(chains: CheckoutChain[]) {
  const viemChains = chains.map(toViemChain);
  const connectors = connectorsForWallets(
    [{ groupName: "Installed", wallets: [browserWallet] }],
    // projectId is read only by WalletConnect wallets, none of which is listed.
    { appName: "Stablecoin checkout", projectId: "none" },
  );
  return createConfig({
    chains: viemChains as [Chain, ...Chain[]],
    connectors,
    transports: Object.fromEntries(viemChains.map((chain) => [chain.id, http()])),
    ssr: false,
  });
}
