"use client";

import { useState } from "react";
import type { Address, Hex } from "viem";
import { useSendTransaction } from "wagmi";
import type { CheckoutChain } from "@/lib/checkout/view";
import type { PaymentOption } from "@/lib/invoices/paymentOptions";
import { useNetworkSwitch } from "./useNetworkSwitch";
import { type WalletErrorMessage, walletErrorMessage } from "./walletErrors";

/** What the wallet is asked for now: nothing, a network switch, or the payment's signature. */
export type WalletStep = { status: "idle" } | { status: "switching" } | { status: "confirming" };

/** Pays `option` from the connected wallet, switching it to the option's network first. */
export function useWalletPayment({
  option,
  chain,
  onTransactionSent,
  onError,
}: {
  option: PaymentOption;
  chain: CheckoutChain;
  onTransactionSent: (chainId: number, txHash: string) => void;
  onError: (message: WalletErrorMessage | null) => void;
}) {
  const { sendTransactionAsync } = useSendTransaction();
  const { wrongNetwork, switching, switchNetwork } = useNetworkSwitch({ chain, onError });
  const [confirming, setConfirming] = useState(false);
  const step: WalletStep = switching
    ? { status: "switching" }
    : confirming
      ? { status: "confirming" }
      : { status: "idle" };

  async function pay() {
    onError(null);
    if (wrongNetwork && !(await switchNetwork())) return;
    setConfirming(true);
    try {
      const hash = await sendTransactionAsync({
        chainId: option.chain_id,
        to: option.transaction.to as Address,
        data: option.transaction.data as Hex,
        value: 0n,
      });
      setConfirming(false);
      onTransactionSent(option.chain_id, hash);
    } catch (error) {
      setConfirming(false);
      onError(walletErrorMessage(error, "send", chain.name));
    }
  }

  return { step, wrongNetwork, switchNetwork, pay };
}
