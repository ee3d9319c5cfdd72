import { connectorsForWallets, type Wallet, type WalletList } from "@rainbow-me/rainbowkit";
import {
  injectedWallet,
  metaMaskWallet,
  rainbowWallet,
  walletConnectWallet,
} from "@rainbow-me/rainbowkit/wallets";
import { type Chain, defineChain, type EIP1193Provider } from "viem";
import { createConfig, createConnector, http } from "wagmi";
import { injected } from "wagmi/connectors";
import type { CheckoutChain } from "@/lib/checkout/view";
import type { DemoWalletKind } from "./checkoutState";
import { createDemoProvider, type DemoWalletProps, type DemoWallets } from "./demoProvider";

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
    // connectorsForWallets asks at config creation, which the dashboard also does on the server.
    if (typeof window === "undefined") return true;
    const ethereum = (window as { ethereum?: unknown }).ethereum;
    return !ethereum || announced.has(ethereum);
  },
});

export const DEMO_CONNECTOR_IDS: Record<DemoWalletKind, string> = {
  demo: "demo",
  demoWithoutGas: "demo-without-gas",
};
const DEMO_NAMES: Record<DemoWalletKind, string> = {
  demo: "Demo wallet",
  demoWithoutGas: "Demo wallet without ETH",
};
const DEMO_ICON = `data:image/svg+xml;base64,${btoa(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96"><rect width="96" height="96" rx="20" fill="#4f46e5"/><path d="M30 26h20c13 0 22 9 22 22s-9 22-22 22H30zm12 10v24h8c6 0 10-5 10-12s-4-12-10-12z" fill="#fff"/></svg>',
)}`;

/** A built-in demo wallet as a RainbowKit wallet (local chain only; the server decides). */
function demoWallet(kind: DemoWalletKind, demo: DemoWalletProps): () => Wallet {
  const provider = createDemoProvider(demo) as unknown as EIP1193Provider;
  const id = DEMO_CONNECTOR_IDS[kind];
  const name = DEMO_NAMES[kind];
  return () => ({
    id,
    name,
    iconUrl: DEMO_ICON,
    iconBackground: "#4f46e5",
    installed: true,
    createConnector: (walletDetails) =>
      createConnector((config) => ({
        ...injected({ target: { id, name, provider }, shimDisconnect: true })(config),
        ...walletDetails,
      })),
  });
}

/** Set at build time; without it the page lists injected wallets only and calls nobody. */
const WALLETCONNECT_PROJECT_ID = process.env.NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID ?? "";

/**
 * Injected wallets always (the browser's, and every EIP-6963 wallet RainbowKit discovers), the
 * demo wallets on the local chain, and WalletConnect (mobile wallets by QR code) only when a
 * project id is configured: with none, the page makes no network call beyond this app and the
 * chain's RPC.
 */
export function createWalletConfig(
  chains: CheckoutChain[],
  /** The checkout's two demo wallets, or the dashboard's one. */
  demo: DemoWallets | DemoWalletProps | null,
) {
  const viemChains = chains.map(toViemChain);
  const groups: WalletList = [{ groupName: "Installed", wallets: [browserWallet] }];
  if (demo) {
    groups.push({
      groupName: "Try it",
      wallets:
        "withGas" in demo
          ? [demoWallet("demo", demo.withGas), demoWallet("demoWithoutGas", demo.withoutGas)]
          : [demoWallet("demo", demo)],
    });
  }
  if (WALLETCONNECT_PROJECT_ID) {
    groups.push({
      groupName: "Popular",
      wallets: [metaMaskWallet, rainbowWallet, walletConnectWallet],
    });
  }
  const connectors = connectorsForWallets(groups, {
    appName: "Stablecoin checkout",
    // Read only by WalletConnect wallets, which are listed only when it is set.
    projectId: WALLETCONNECT_PROJECT_ID || "none",
  });
  return createConfig({
    chains: viemChains as [Chain, ...Chain[]],
    connectors,
    transports: Object.fromEntries(viemChains.map((chain) => [chain.id, http()])),
    ssr: false,
  });
}

/**
 * The same chains with no wallets, for rendering on the server: wallet discovery reads `window`,
 * and a page rendered there has no wallet connected anyway.
 */
export function createServerWalletConfig(chains: CheckoutChain[]) {
  const viemChains = chains.map(toViemChain);
  return createConfig({
    chains: viemChains as [Chain, ...Chain[]],
    connectors: [],
    transports: Object.fromEntries(viemChains.map((chain) => [chain.id, http()])),
    ssr: true,
  });
}
