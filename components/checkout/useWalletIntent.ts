"use client";

import { useConnectModal } from "@rainbow-me/rainbowkit";
import { type RefObject, useEffect, useRef } from "react";
import { type Connector, useAccount, useConnect } from "wagmi";
import type { DemoWalletKind, WalletIntent } from "./checkoutState";

/**
 * Carries out the click that loaded the wallet code (open the wallet list, or connect a demo
 * wallet) once wagmi knows whether a wallet is connected. That button was replaced, so keyboard
 * focus moves to Pay once connected: the returned ref goes on Pay.
 */
export function useWalletIntent({
  intent,
  onIntentDone,
  demoConnectors,
  chainId,
}: {
  intent: WalletIntent | null;
  onIntentDone: () => void;
  /** The demo wallets this checkout offers (none off the local chain). */
  demoConnectors: Record<DemoWalletKind, Connector | undefined>;
  chainId: number;
}): RefObject<HTMLButtonElement | null> {
  const account = useAccount();
  const { connect } = useConnect();
  const { openConnectModal } = useConnectModal();
  const payButton = useRef<HTMLButtonElement>(null);
  const focusPay = useRef(false);
  const demoConnector = intent && intent !== "connect" ? demoConnectors[intent] : undefined;

  useEffect(() => {
    if (account.isConnected && focusPay.current) {
      focusPay.current = false;
      payButton.current?.focus();
    }
  }, [account.isConnected]);

  useEffect(() => {
    if (!intent || account.isConnecting || account.isReconnecting) return;
    focusPay.current = true;
    if (account.isConnected) {
      onIntentDone();
      payButton.current?.focus();
    } else if (intent === "connect" && openConnectModal) {
      onIntentDone();
      openConnectModal();
    } else if (intent !== "connect" && demoConnector) {
      onIntentDone();
      connect({ connector: demoConnector, chainId });
    }
  }, [
    intent,
    account.isConnected,
    account.isConnecting,
    account.isReconnecting,
    openConnectModal,
    demoConnector,
    connect,
    chainId,
    onIntentDone,
  ]);

  return payButton;
}
