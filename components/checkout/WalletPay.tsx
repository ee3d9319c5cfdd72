"use client";

import "@rainbow-me/rainbowkit/styles.css";
import { ConnectButton, RainbowKitProvider, useConnectModal } from "@rainbow-me/rainbowkit";
import { QueryClient, QueryClientProvider, useQuery } from "@tanstack/react-query";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { type Address, erc20Abi, type Hex } from "viem";
import {
  useAccount,
  useConfig,
  useConnect,
  useSendTransaction,
  useSwitchChain,
  WagmiProvider,
} from "wagmi";
import { getBalance, getGasPrice, readContract } from "wagmi/actions";
import { roundToSignificant } from "@/lib/checkout/significant";
import type { CheckoutChain } from "@/lib/checkout/view";
import { formatNumber, formatTokenAmount } from "@/lib/i18n/format";
import type { PaymentOption } from "@/lib/invoices/paymentOptions";
import type { DemoWalletProps } from "./demoProvider";
import { shortAddress } from "./format";
import { useI18n } from "./i18n";
import { optionKey } from "./PaymentOptions";
import { createWalletConfig, DEMO_CONNECTOR_ID } from "./walletConfig";
import { type WalletErrorMessage, walletErrorMessage } from "./walletErrors";
import { THEME, useDecorativeWalletIcons } from "./walletTheme";

type Props = {
  /** What the shopper clicked before this code loaded: open the wallet list, or the demo wallet. */
  intent: "connect" | "demo" | null;
  onIntentDone: () => void;
  option: PaymentOption;
  options: PaymentOption[];
  chain: CheckoutChain;
  chains: CheckoutChain[];
  demo: DemoWalletProps | null;
  busy: boolean;
  onTransactionSent: (chainId: number, txHash: string) => void;
  onError: (message: WalletErrorMessage | null) => void;
  onBalances: (balances: Record<string, string> | null) => void;
};

/** RainbowKit + wagmi, loaded after first paint: connect, check balances, switch network, pay. */
export default function WalletPay(props: Props) {
  const config = useMemo(
    () => createWalletConfig(props.chains, props.demo),
    [props.chains, props.demo],
  );
  const [queryClient] = useState(() => new QueryClient());
  const { locale } = useI18n();
  useDecorativeWalletIcons();
  return (
    <WagmiProvider config={config}>
      <QueryClientProvider client={queryClient}>
        <RainbowKitProvider
          theme={THEME}
          initialChain={props.chain.id}
          locale={RAINBOWKIT_LOCALES[locale]}
        >
          <PayPanel {...props} />
        </RainbowKitProvider>
      </QueryClientProvider>
    </WagmiProvider>
  );
}

const RAINBOWKIT_LOCALES = { en: "en-US", "zh-CN": "zh-CN", es: "es-419", ja: "ja-JP" } as const;

/** A token transfer to an address with no balance yet costs about 52,400 gas; with headroom. */
const TRANSFER_GAS = 65_000n;

type Balances = {
  tokens: Record<string, string>;
  /** Per chain id: native balance and the fee a transfer costs now, in wei. */
  native: Record<number, { balance: bigint; fee: bigint }>;
};

function useBalances(address: Address | undefined, options: PaymentOption[]) {
  const config = useConfig();
  return useQuery({
    queryKey: ["checkout-balances", address, options.map(optionKey).join(",")],
    enabled: Boolean(address),
    refetchInterval: 4000,
    queryFn: async (): Promise<Balances> => {
      const owner = address as Address;
      const chainIds = [...new Set(options.map((option) => option.chain_id))];
      const [tokenBalances, native] = await Promise.all([
        Promise.all(
          options.map((option) =>
            readContract(config, {
              chainId: option.chain_id,
              address: option.token.address as Address,
              abi: erc20Abi,
              functionName: "balanceOf",
              args: [owner],
            }),
          ),
        ),
        Promise.all(
          chainIds.map(async (chainId) => {
            const [balance, gasPrice] = await Promise.all([
              getBalance(config, { chainId, address: owner }),
              getGasPrice(config, { chainId }),
            ]);
            return [chainId, { balance: balance.value, fee: gasPrice * TRANSFER_GAS }] as const;
          }),
        ),
      ]);
      return {
        tokens: Object.fromEntries(
          options.map((option, index) => [optionKey(option), String(tokenBalances[index])]),
        ),
        native: Object.fromEntries(native),
      };
    },
  });
}

type Step = { kind: "idle" } | { kind: "switching" } | { kind: "confirming" };

const primary =
  "w-full rounded-xl bg-indigo-600 px-4 py-3.5 text-base font-semibold text-white shadow-sm transition hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:bg-indigo-300 disabled:text-indigo-950 dark:disabled:bg-indigo-900 dark:disabled:text-indigo-200";
const secondary =
  "w-full rounded-xl px-4 py-3 text-base font-semibold text-indigo-700 ring-1 ring-indigo-200 transition hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-indigo-200 dark:ring-indigo-500/40 dark:hover:bg-indigo-500/10";
const warning =
  "rounded-lg bg-amber-50 px-3 py-2.5 text-sm text-amber-950 dark:bg-amber-400/10 dark:text-amber-100";

function PayPanel({
  intent,
  onIntentDone,
  option,
  options,
  chain,
  demo,
  busy,
  onTransactionSent,
  onError,
  onBalances,
}: Props) {
  const { t, locale } = useI18n();
  const account = useAccount();
  const { connect, connectors } = useConnect();
  const { switchChainAsync } = useSwitchChain();
  const { sendTransactionAsync } = useSendTransaction();
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const lowTokenId = useId();
  const lowGasId = useId();
  const balances = useBalances(account.isConnected ? account.address : undefined, options);
  const amount = formatTokenAmount(
    option.amount,
    option.token.decimals,
    option.token.symbol,
    locale,
  );

  const { openConnectModal } = useConnectModal();
  const demoConnector = demo
    ? connectors.find((connector) => connector.id === DEMO_CONNECTOR_ID)
    : undefined;

  useEffect(() => {
    onBalances(account.isConnected && balances.data ? balances.data.tokens : null);
  }, [account.isConnected, balances.data, onBalances]);

  // The button that loaded this code was replaced: keyboard focus moves to Pay once connected.
  const payButton = useRef<HTMLButtonElement>(null);
  const focusPay = useRef(false);
  useEffect(() => {
    if (account.isConnected && focusPay.current) {
      focusPay.current = false;
      payButton.current?.focus();
    }
  }, [account.isConnected]);

  // Carry out the click that loaded this code, once wagmi knows whether a wallet is connected.
  useEffect(() => {
    if (!intent || account.isConnecting || account.isReconnecting) return;
    focusPay.current = true;
    if (account.isConnected) {
      onIntentDone();
      payButton.current?.focus();
    } else if (intent === "connect" && openConnectModal) {
      onIntentDone();
      openConnectModal();
    } else if (intent === "demo" && demoConnector) {
      onIntentDone();
      connect({ connector: demoConnector, chainId: option.chain_id });
    }
  }, [
    intent,
    account.isConnected,
    account.isConnecting,
    account.isReconnecting,
    openConnectModal,
    demoConnector,
    connect,
    option.chain_id,
    onIntentDone,
  ]);

  if (!account.isConnected) {
    return (
      <div className="space-y-3">
        <ConnectButton.Custom>
          {({ openConnectModal, mounted }) => (
            <button
              type="button"
              className={primary}
              onClick={openConnectModal}
              disabled={!mounted}
            >
              {t("wallet.connect")}
            </button>
          )}
        </ConnectButton.Custom>
        {demoConnector && (
          <>
            <button
              type="button"
              className={secondary}
              onClick={() => connect({ connector: demoConnector, chainId: option.chain_id })}
            >
              {t("wallet.useDemo")}
            </button>
            <p className="text-xs text-slate-600 dark:text-slate-400">{t("wallet.demoNote")}</p>
          </>
        )}
      </div>
    );
  }

  const wrongNetwork = account.chainId !== option.chain_id;
  const tokenBalance = balances.data?.tokens[optionKey(option)];
  const tokenShort = tokenBalance !== undefined && BigInt(tokenBalance) < BigInt(option.amount);
  const native = balances.data?.native[option.chain_id];
  const gasShort = native !== undefined && native.balance < native.fee;
  const nativeSymbol = chain.nativeCurrency.symbol;
  // A fee is an estimate: three significant digits, rounded up so it is never understated; the
  // balance is rounded down so it is never overstated.
  const nativeAmount = (wei: bigint, direction: "up" | "down") =>
    `${formatNumber(roundToSignificant(wei, chain.nativeCurrency.decimals, 3, direction), locale)} ${nativeSymbol}`;
  // Pay is held, with the sentence that says why, while the wallet could not complete it.
  const shortReason = tokenShort ? lowTokenId : gasShort ? lowGasId : undefined;

  async function switchNetwork(): Promise<boolean> {
    setStep({ kind: "switching" });
    try {
      await switchChainAsync({ chainId: option.chain_id });
      setStep({ kind: "idle" });
      return true;
    } catch (error) {
      setStep({ kind: "idle" });
      onError(walletErrorMessage(error, "switch", chain.name));
      return false;
    }
  }

  async function pay() {
    onError(null);
    if (wrongNetwork && !(await switchNetwork())) return;
    setStep({ kind: "confirming" });
    try {
      const hash = await sendTransactionAsync({
        chainId: option.chain_id,
        to: option.transaction.to as Address,
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
      ? t("wallet.switching", { chain: chain.name })
      : step.kind === "confirming"
        ? t("wallet.confirm")
        : wrongNetwork
          ? t("wallet.switchAndPay", { amount })
          : t("wallet.pay", { amount });

  return (
    <div className="space-y-3">
      {wrongNetwork && (
        <div className={`${warning} flex flex-wrap items-center justify-between gap-2`}>
          <span>{t("wallet.wrongNetwork", { chain: chain.name })}</span>
          <button
            type="button"
            className="rounded-md bg-white px-2.5 py-1 text-sm font-medium text-amber-950 ring-1 ring-amber-300 hover:bg-amber-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:bg-transparent dark:text-amber-100 dark:ring-amber-400/40"
            onClick={() => {
              onError(null);
              void switchNetwork();
            }}
            disabled={step.kind !== "idle"}
          >
            {t("wallet.switchTo", { chain: chain.name })}
          </button>
        </div>
      )}
      {tokenShort && (
        <p id={lowTokenId} className={warning} data-testid="low-token" role="status">
          {t("wallet.lowToken", {
            balance: formatTokenAmount(
              tokenBalance,
              option.token.decimals,
              option.token.symbol,
              locale,
            ),
            amount,
            symbol: option.token.symbol,
          })}
        </p>
      )}
      {gasShort && native && (
        <p id={lowGasId} className={warning} data-testid="low-gas" role="status">
          {t("wallet.lowGas", {
            symbol: nativeSymbol,
            chain: chain.name,
            fee: nativeAmount(native.fee, "up"),
            balance: nativeAmount(native.balance, "down"),
          })}
        </p>
      )}
      <button
        ref={payButton}
        type="button"
        className={primary}
        onClick={pay}
        disabled={busy || step.kind !== "idle" || shortReason !== undefined}
        aria-describedby={shortReason}
      >
        {label}
      </button>
      <div className="flex items-center justify-between gap-2 text-xs text-slate-600 dark:text-slate-400">
        <span>
          {t("wallet.from", { address: shortAddress(account.address ?? "") })}
          {account.connector ? ` · ${account.connector.name}` : ""}
        </span>
        <ConnectButton.Custom>
          {({ openAccountModal }) => (
            <button
              type="button"
              className="underline underline-offset-2"
              onClick={openAccountModal}
            >
              {t("wallet.change")}
            </button>
          )}
        </ConnectButton.Custom>
      </div>
    </div>
  );
}
