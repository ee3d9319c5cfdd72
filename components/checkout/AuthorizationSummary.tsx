"use client";

import type { CheckoutChain } from "@/lib/checkout/view";
import type { PaymentOption } from "@/lib/invoices/paymentOptions";
import { formatTokenAmount } from "@/lib/money/formatTokenAmount";
import { formatDeadline, shortAddress } from "./format";
import { useI18n } from "./i18n";
import type { TransferAuthorizationOffer } from "./transferAuthorization";

/**
 * What the wallet is about to sign, in plain words: the amount, to whom, and until when it is
 * valid, read from the authorization itself, so the words are what the signature says.
 */
export function AuthorizationSummary({
  id,
  option,
  offer,
  chain,
  merchantName,
}: {
  id: string;
  option: PaymentOption;
  offer: TransferAuthorizationOffer;
  chain: CheckoutChain;
  merchantName: string;
}) {
  const { t, rich, locale } = useI18n();
  const amount = formatTokenAmount(offer.value, option.token.decimals, option.token.symbol, locale);
  const validUntil = new Date(Number(offer.validBefore) * 1000);
  return (
    <div
      id={id}
      data-testid="authorization-summary"
      className="rounded-xl bg-slate-50 px-3.5 py-3 text-sm text-slate-800 ring-1 ring-slate-200 dark:bg-slate-800/60 dark:text-slate-200 dark:ring-slate-700"
    >
      <p className="font-semibold text-slate-900 dark:text-slate-50">
        {t("signature.title", { symbol: chain.nativeCurrency.symbol })}
      </p>
      <p className="mt-1" data-testid="authorization-terms">
        {rich("signature.summary", {
          amount: <strong className="font-semibold">{amount}</strong>,
          merchant: <strong className="font-semibold">{merchantName}</strong>,
          address: (
            <span className="font-mono text-[13px]" title={offer.to}>
              {shortAddress(offer.to)}
            </span>
          ),
          time: (
            <time dateTime={validUntil.toISOString()}>{formatDeadline(validUntil, locale)}</time>
          ),
        })}
      </p>
      <p className="mt-1.5 text-xs text-slate-600 dark:text-slate-400">
        {t("signature.fee", { merchant: merchantName })}
      </p>
    </div>
  );
}
