"use client";

import { ConnectButton } from "@rainbow-me/rainbowkit";
import { type RefObject, useId } from "react";
import { useAccount } from "wagmi";
import type { CheckoutChain } from "@/lib/checkout/view";
import type { PaymentOption } from "@/lib/invoices/paymentOptions";
import { formatTokenAmount } from "@/lib/money/formatTokenAmount";
import { BalanceNotes, shortfall } from "./BalanceNotes";
import { shortAddress } from "./format";
import { useI18n } from "./i18n";
import { primaryButton } from "./styles";
import type { WalletBalances } from "./useWalletBalances";
import { useWalletPayment } from "./useWalletPayment";
import { WrongNetworkNote } from "./WrongNetworkNote";
import type { WalletErrorMessage } from "./walletErrors";

/** A connected wallet: what holds Pay back (network, balances), Pay, and the wallet in use. */
export function PayWithWallet({
  option,
  chain,
  balances,
  busy,
  payButton,
  onTransactionSent,
  onError,
}: {
  option: PaymentOption;
  chain: CheckoutChain;
  balances: WalletBalances | undefined;
  /** The page is posting a transaction already. */
  busy: boolean;
  payButton: RefObject<HTMLButtonElement | null>;
  onTransactionSent: (chainId: number, txHash: string) => void;
  onError: (message: WalletErrorMessage | null) => void;
}) {
  const { t, locale } = useI18n();
  const account = useAccount();
  const lowTokenId = useId();
  const lowGasId = useId();
  const { step, wrongNetwork, switchNetwork, pay } = useWalletPayment({
    option,
    chain,
    onTransactionSent,
    onError,
  });
  const amount = formatTokenAmount(
    option.amount,
    option.token.decimals,
    option.token.symbol,
    locale,
  );
  const { tokenShort, gasShort } = shortfall(option, balances);
  // Pay is held, with the sentence that says why, while the wallet could not complete it.
  const shortReason = tokenShort ? lowTokenId : gasShort ? lowGasId : undefined;
  const label =
    step.status === "switching"
      ? t("wallet.switching", { chain: chain.name })
      : step.status === "confirming"
        ? t("wallet.confirm")
        : wrongNetwork
          ? t("wallet.switchAndPay", { amount })
          : t("wallet.pay", { amount });

  return (
    <div className="space-y-3">
      {wrongNetwork && (
        <WrongNetworkNote
          chainName={chain.name}
          busy={step.status !== "idle"}
          onSwitch={() => {
            onError(null);
            void switchNetwork();
          }}
        />
      )}
      <BalanceNotes
        option={option}
        chain={chain}
        balances={balances}
        lowTokenId={lowTokenId}
        lowGasId={lowGasId}
      />
      <button
        ref={payButton}
        type="button"
        className={primaryButton}
        onClick={pay}
        disabled={busy || step.status !== "idle" || shortReason !== undefined}
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
