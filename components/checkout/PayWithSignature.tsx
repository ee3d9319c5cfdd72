"use client";

import { type RefObject, useId } from "react";
import type { CheckoutChain } from "@/lib/checkout/view";
import type { PaymentOption } from "@/lib/invoices/paymentOptions";
import { formatTokenAmount } from "@/lib/money/formatTokenAmount";
import { AuthorizationSummary } from "./AuthorizationSummary";
import { BalanceNotes, shortfall } from "./BalanceNotes";
import type { PayMethod } from "./checkoutState";
import { useI18n } from "./i18n";
import type { SignedAuthorization } from "./postAuthorization";
import { primaryButton, textButton } from "./styles";
import type { TransferAuthorizationOffer } from "./transferAuthorization";
import { useSignaturePayment } from "./useSignaturePayment";
import type { WalletBalances } from "./useWalletBalances";
import { WalletAccountRow } from "./WalletAccountRow";
import { WrongNetworkNote } from "./WrongNetworkNote";
import type { WalletErrorMessage } from "./walletErrors";

/**
 * A connected wallet paying by signature: what is signed, in plain words, the button that asks
 * the wallet to sign it, the way to pay with a transaction instead, and the wallet in use. No gas
 * is needed, so only the token balance can hold the button back.
 */
export function PayWithSignature({
  option,
  offer,
  chain,
  merchantName,
  balances,
  busy,
  payButton,
  onAuthorizationSigned,
  onError,
  onChooseMethod,
}: {
  option: PaymentOption;
  offer: TransferAuthorizationOffer;
  chain: CheckoutChain;
  merchantName: string;
  balances: WalletBalances | undefined;
  /** The page is posting a payment already. */
  busy: boolean;
  payButton: RefObject<HTMLButtonElement | null>;
  onAuthorizationSigned: (signed: SignedAuthorization) => void;
  onError: (message: WalletErrorMessage | null) => void;
  onChooseMethod: (method: PayMethod) => void;
}) {
  const { t, locale } = useI18n();
  const summaryId = useId();
  const lowTokenId = useId();
  const { step, wrongNetwork, switchNetwork, sign } = useSignaturePayment({
    option,
    offer,
    chain,
    onAuthorizationSigned,
    onError,
    onChooseMethod,
  });
  const amount = formatTokenAmount(offer.value, option.token.decimals, option.token.symbol, locale);
  const { tokenShort } = shortfall(option, balances, "signature");
  const label =
    step.status === "switching"
      ? t("wallet.switching", { chain: chain.name })
      : step.status === "signing"
        ? t("signature.signing")
        : wrongNetwork
          ? t("signature.switchAndSign", { amount })
          : t("signature.sign", { amount });

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
        method="signature"
        signatureOffered
        lowTokenId={lowTokenId}
        lowGasId=""
      />
      <AuthorizationSummary
        id={summaryId}
        option={option}
        offer={offer}
        chain={chain}
        merchantName={merchantName}
      />
      <button
        ref={payButton}
        type="button"
        className={primaryButton}
        onClick={sign}
        disabled={busy || step.status !== "idle" || tokenShort}
        aria-describedby={tokenShort ? `${lowTokenId} ${summaryId}` : summaryId}
      >
        {label}
      </button>
      <button
        type="button"
        className={textButton}
        onClick={() => onChooseMethod("transaction")}
        disabled={busy || step.status !== "idle"}
      >
        {t("signature.useTransaction")}
      </button>
      <WalletAccountRow />
    </div>
  );
}
