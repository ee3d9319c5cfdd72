import { connectorsForWallets } from "@rainbow-me/rainbowkit";
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

/**
 * Injected wallets only: the browser's wallet and every EIP-6963 wallet RainbowKit discovers.
 * No WalletConnect here, so the page makes no outside network call.
 */
export function createWalletConfig(chains: CheckoutChain[]) {
  const viemChains = chains.map(toViemChain);
  const connectors = connectorsForWallets(
    [{ groupName: "Installed", wallets: [injectedWallet] }],
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
