"use client";

import "@rainbow-me/rainbowkit/styles.css";
import {
  type AuthenticationStatus,
  createAuthenticationAdapter,
  RainbowKitAuthenticationProvider,
  RainbowKitProvider,
} from "@rainbow-me/rainbowkit";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, useMemo, useState } from "react";
import { createSiweMessage } from "viem/siwe";
import { WagmiProvider } from "wagmi";
import { createServerWalletConfig, createWalletConfig } from "@/components/checkout/walletConfig";
import { THEME, useDecorativeWalletIcons } from "@/components/checkout/walletTheme";
import type { DashboardWalletProps } from "@/lib/dashboard/wallets";

export const SIGN_IN_STATEMENT = "Sign in to the merchant dashboard.";

/**
 * Wallet context for every dashboard page: wagmi and RainbowKit (injected wallets, WalletConnect
 * when configured, the Demo Store's owner wallet on the local chain), with RainbowKit's
 * authentication flow wired to Sign-In with Ethereum on this server. A successful sign-in
 * reloads the page, which the server then renders for the session.
 */
export function DashboardWallet({
  wallet,
  signedIn,
  children,
}: {
  wallet: DashboardWalletProps;
  signedIn: boolean;
  children: ReactNode;
}) {
  // Once per page load: router.refresh() hands the layout new (equal) props, and a new config
  // would drop the connected wallet. On the server, no wallets (discovery reads window).
  const [config] = useState(() =>
    typeof window === "undefined"
      ? createServerWalletConfig(wallet.chains)
      : createWalletConfig(wallet.chains, wallet.demo),
  );
  const [queryClient] = useState(() => new QueryClient());
  const [status, setStatus] = useState<AuthenticationStatus>(
    signedIn ? "authenticated" : "unauthenticated",
  );
  useDecorativeWalletIcons();
  const adapter = useMemo(
    () =>
      createAuthenticationAdapter<string>({
        getNonce: async () => {
          const response = await fetch("/api/dashboard/auth/nonce", { cache: "no-store" });
          const { nonce } = (await response.json()) as { nonce: string };
          return nonce;
        },
        createMessage: ({ nonce, address, chainId }) =>
          createSiweMessage({
            domain: window.location.host,
            uri: window.location.origin,
            address,
            chainId,
            nonce,
            version: "1",
            statement: SIGN_IN_STATEMENT,
            issuedAt: new Date(),
          }),
        verify: async ({ message, signature }) => {
          const response = await fetch("/api/dashboard/auth/verify", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ message, signature }),
          });
          if (!response.ok) return false;
          setStatus("authenticated");
          window.location.assign("/dashboard");
          return true;
        },
        signOut: async () => {
          await signOut();
          setStatus("unauthenticated");
        },
      }),
    [],
  );
  return (
    <WagmiProvider config={config}>
      <QueryClientProvider client={queryClient}>
        <RainbowKitAuthenticationProvider adapter={adapter} status={status}>
          <RainbowKitProvider theme={THEME} initialChain={wallet.chains[0]?.id}>
            {children}
          </RainbowKitProvider>
        </RainbowKitAuthenticationProvider>
      </QueryClientProvider>
    </WagmiProvider>
  );
}

/** Ends the session on the server, then shows the sign-in. */
export async function signOut(): Promise<void> {
  const token = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? "";
  await fetch("/api/dashboard/auth/signout", {
    method: "POST",
    headers: { "x-csrf-token": token },
  });
  window.location.assign("/dashboard");
}
