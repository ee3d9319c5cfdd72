"use client";

import { useState } from "react";
import { useAccount, useSwitchChain } from "wagmi";
import type { CheckoutChain } from "@/lib/checkout/view";
import { type WalletErrorMessage, walletErrorMessage } from "./walletErrors";

/** Whether the connected wallet is on `chain`, and the request that moves it there. */
export function useNetworkSwitch({
  chain,
  onError,
}: {
  chain: CheckoutChain;
  onError: (message: WalletErrorMessage | null) => void;
}) {
  const account = useAccount();
  const { switchChainAsync } = useSwitchChain();
  const [switching, setSwitching] = useState(false);
  const wrongNetwork = account.chainId !== chain.id;

  /** Asks the wallet to switch; false (and the reason, through onError) when it did not. */
  async function switchNetwork(): Promise<boolean> {
    setSwitching(true);
    try {
      await switchChainAsync({ chainId: chain.id });
      return true;
    } catch (error) {
      onError(walletErrorMessage(error, "switch", chain.name));
      return false;
    } finally {
      setSwitching(false);
    }
  }

  return { wrongNetwork, switching, switchNetwork };
}
