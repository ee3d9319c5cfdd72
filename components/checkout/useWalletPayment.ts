"use client";

import { useState } from "react";
import type { Address, Hex } from "viem";
import { useAccount, useSendTransaction, useSwitchChain } from "wagmi";
import type { CheckoutChain } from "@/lib/checkout/view";
import type { PaymentOption } from "@/lib/invoices/paymentOptions";
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
  const account = useAccount();
  const { switchChainAsync } = useSwitchChain();
  const { sendTransactionAsync } = useSendTransaction();
  const [step, setStep] = useState<WalletStep>({ status: "idle" });
  const wrongNetwork = account.chainId !== option.chain_id;

  async function switchNetwork(): Promise<boolean> {
    setStep({ status: "switching" });
    try {
      await switchChainAsync({ chainId: option.chain_id });
      setStep({ status: "idle" });
      return true;
    } catch (error) {
      setStep({ status: "idle" });
      onError(walletErrorMessage(error, "switch", chain.name));
      return false;
    }
  }

  async function pay() {
    onError(null);
    if (wrongNetwork && !(await switchNetwork())) return;
    setStep({ status: "confirming" });
    try {
      const hash = await sendTransactionAsync({
        chainId: option.chain_id,
        to: option.transaction.to as Address,
        data: option.transaction.data as Hex,
        value: 0n,
      });
      setStep({ status: "idle" });
      onTransactionSent(option.chain_id, hash);
    } catch (error) {
      setStep({ status: "idle" });
      onError(walletErrorMessage(error, "send", chain.name));
    }
  }

  return { step, wrongNetwork, switchNetwork, pay };
}
