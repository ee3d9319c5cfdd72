"use client";

import "@rainbow-me/rainbowkit/styles.css";
import { ConnectButton, darkTheme, lightTheme, RainbowKitProvider } from "@rainbow-me/rainbowkit";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import type { Hex } from "viem";
import { useAccount, useSendTransaction, useSwitchChain, WagmiProvider } from "wagmi";
import type { CheckoutChain } from "@/lib/checkout/view";
import type { PaymentOption } from "@/lib/invoices/paymentOptions";
import { formatTokenAmount } from "./format";
import { createWalletConfig } from "./walletConfig";
import { walletErrorMessage } from "./walletErrors";

type Props = {
  option: PaymentOption;
  chain: CheckoutChain;
  chains: CheckoutChain[];
  busy: boolean;
  onTransactionSent: (chainId: number, txHash: string) => void;
  onError: (message: string | null) => void;
};

/** RainbowKit + wagmi, loaded after first paint: connect, switch network, send the transfer. */
export default function WalletPay(props: Props) {
  const config = useMemo(() => createWalletConfig(props.chains), [props.chains]);
  const [queryClient] = useState(() => new QueryClient());
  return (
    <WagmiProvider config={config}>
      <QueryClientProvider client={queryClient}>
        <RainbowKitProvider
          theme={{
            lightMode: lightTheme({ borderRadius: "medium" }),
            darkMode: darkTheme({ borderRadius: "medium" }),
          }}
          initialChain={props.chain.id}
        >
          <PayButton {...props} />
        </RainbowKitProvider>
      </QueryClientProvider>
    </WagmiProvider>
  );
}

type Step = { kind: "idle" } | { kind: "switching" } | { kind: "confirming" };

const primary =
  "w-full rounded-xl bg-indigo-600 px-4 py-3.5 text-base font-semibold text-white shadow-sm transition hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:bg-indigo-400 dark:disabled:bg-indigo-900";

function PayButton({ option, chain, busy, onTransactionSent, onError }: Props) {
  const account = useAccount();
  const { switchChainAsync } = useSwitchChain();
  const { sendTransactionAsync } = useSendTransaction();
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const amount = formatTokenAmount(option.amount, option.token.decimals, option.token.symbol);

  if (!account.isConnected) {
    return (
      <ConnectButton.Custom>
        {({ openConnectModal, mounted }) => (
          <button type="button" className={primary} onClick={openConnectModal} disabled={!mounted}>
            Connect wallet
          </button>
        )}
      </ConnectButton.Custom>
    );
  }

  async function pay() {
    onError(null);
    if (account.chainId !== option.chain_id) {
      setStep({ kind: "switching" });
      try {
        await switchChainAsync({ chainId: option.chain_id });
      } catch (error) {
        setStep({ kind: "idle" });
        onError(walletErrorMessage(error, "switch", chain.name));
        return;
      }
    }
    setStep({ kind: "confirming" });
    try {
      const hash = await sendTransactionAsync({
        chainId: option.chain_id,
        to: option.transaction.to,
        data: option.transaction.data as Hex,
        value: 0n,
      });
      setStep({ kind: "idle" });
      onTransactionSent(option.chain_id, hash);
    } catch (error) {
      setStep({ kind: "idle" });
      onError(walletErrorMessage(error, "send", chain.name));
    }
  }

  const label =
    step.kind === "switching"
      ? `Switch to ${chain.name} in your wallet…`
      : step.kind === "confirming"
        ? "Confirm in your wallet…"
        : account.chainId !== option.chain_id
          ? `Switch network and pay ${amount}`
          : `Pay ${amount}`;

  return (
    <div className="space-y-3">
      <button
        type="button"
        className={primary}
        onClick={pay}
        disabled={busy || step.kind !== "idle"}
      >
        {label}
      </button>
      <div className="flex items-center justify-between text-xs text-slate-500 dark:text-slate-400">
        <span>
          From{" "}
          <span className="font-mono">
            {account.address?.slice(0, 6)}…{account.address?.slice(-4)}
          </span>
          {account.connector ? ` · ${account.connector.name}` : ""}
        </span>
        <ConnectButton.Custom>
          {({ openAccountModal }) => (
            <button
              type="button"
              className="underline underline-offset-2"
              onClick={openAccountModal}
            >
              Change wallet
            </button>
          )}
        </ConnectButton.Custom>
      </div>
    </div>
  );
}
