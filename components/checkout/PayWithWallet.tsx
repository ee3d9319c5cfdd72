"use client";

import { type RefObject, useId } from "react";
import type { CheckoutChain } from "@/lib/checkout/view";
import type { PaymentOption } from "@/lib/invoices/paymentOptions";
import { formatTokenAmount } from "@/lib/money/formatTokenAmount";
import { BalanceNotes, shortfall } from "./BalanceNotes";
import { useI18n } from "./i18n";
import { primaryButton, textButton } from "./styles";
import type { WalletBalances } from "./useWalletBalances";
import { useWalletPayment } from "./useWalletPayment";
import { WalletAccountRow } from "./WalletAccountRow";
import { WrongNetworkNote } from "./WrongNetworkNote";
import type { WalletErrorMessage } from "./walletErrors";

/**
 * A connected wallet paying with a transaction it sends: what holds Pay back (network,
 * balances), Pay, the way back to paying by signature where the option offers it, and the
 * wallet in use.
 */
export function PayWithWallet({
  option,
  chain,
  balances,
  busy,
  payButton,
  onTransactionSent,
  onError,
  onUseSignature,
}: {
  option: PaymentOption;
  chain: CheckoutChain;
  balances: WalletBalances | undefined;
  /** The page is posting a transaction already. */
  busy: boolean;
  payButton: RefObject<HTMLButtonElement | null>;
  onTransactionSent: (chainId: number, txHash: string) => void;
  onError: (message: WalletErrorMessage | null) => void;
  /** Where the option can be paid by signature: turns to it. */
  onUseSignature: (() => void) | null;
}) {
  const { t, locale } = useI18n();
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
  const { tokenShort, gasShort } = shortfall(option, balances, "transaction");
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
        method="transaction"
        signatureOffered={onUseSignature !== null}
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
      {onUseSignature && (
        <button
          type="button"
          className={textButton}
          onClick={onUseSignature}
          disabled={busy || step.status !== "idle"}
        >
          {t("signature.useSignature", { symbol: chain.nativeCurrency.symbol })}
        </button>
      )}
      <WalletAccountRow />
    </div>
  );
}
