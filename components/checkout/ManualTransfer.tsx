"use client";

import { useMemo } from "react";
import { renderSVG } from "uqr";
import { CopyButton } from "@/components/ui/CopyButton";
import type { CheckoutChain } from "@/lib/checkout/view";
import { formatNumber } from "@/lib/i18n/format";
import type { PaymentOption } from "@/lib/invoices/paymentOptions";
import { formatDecimal } from "@/lib/money/decimal";
import { useI18n } from "./i18n";
import { warningNote } from "./styles";

/**
 * Paying from another wallet or an exchange: a QR code of the EIP-681 link and the exact amount
 * and address to copy. Such a transfer carries no reference; the server recognises it by its
 * amount, which no other open invoice to this address has.
 */
export function ManualTransfer({ option, chain }: { option: PaymentOption; chain: CheckoutChain }) {
  const { t, rich, locale } = useI18n();
  const manual = option.manual;
  const qr = useMemo(
    () => (manual ? renderSVG(manual.uri, { border: 2, ecc: "M" }) : ""),
    [manual],
  );
  if (!manual) {
    return <p className="text-sm text-slate-700 dark:text-slate-300">{t("manual.unavailable")}</p>;
  }
  // Copied as a plain decimal (what wallets and exchanges accept); shown in the page's language.
  const amount = formatDecimal(BigInt(manual.amount), option.token.decimals, 2);
  const shown = formatNumber(amount, locale);
  const symbol = option.token.symbol;

  return (
    <div className="space-y-4" data-testid="manual-transfer">
      <div
        role="img"
        aria-label={t("manual.qr", { amount: shown, symbol, chain: chain.name })}
        className="mx-auto size-48 overflow-hidden rounded-lg bg-white p-1 ring-1 ring-slate-200 dark:ring-0 [&>svg]:size-full"
        // uqr renders the QR code as an SVG string from our own URI; no user input reaches it.
        // biome-ignore lint/security/noDangerouslySetInnerHtml: generated SVG, see above.
        dangerouslySetInnerHTML={{ __html: qr }}
      />
      <CopyField
        label={t("manual.amount")}
        value={`${shown} ${symbol}`}
        copyValue={amount}
        copyLabel={t("manual.copyAmount")}
        testId="manual-amount"
      />
      <CopyField
        label={t("manual.address", { chain: chain.name })}
        value={option.recipient}
        copyValue={option.recipient}
        copyLabel={t("manual.copyAddress")}
        mono
        testId="manual-address"
      />
      <p className={warningNote}>
        {rich("manual.warning", {
          amount: <strong>{shown}</strong>,
          symbol,
          chain: <strong>{chain.name}</strong>,
        })}
      </p>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        {rich("manual.contract", {
          symbol,
          address: (
            <span className="font-mono [overflow-wrap:anywhere]" data-testid="manual-contract">
              <HalvedText text={option.token.address} />
            </span>
          ),
        })}
      </p>
    </div>
  );
}

function CopyField({
  label,
  value,
  copyValue,
  copyLabel,
  mono = false,
  testId,
}: {
  label: string;
  value: string;
  copyValue: string;
  copyLabel: string;
  mono?: boolean;
  testId: string;
}) {
  const { t } = useI18n();
  return (
    <div>
      <p className="text-xs font-medium text-slate-600 dark:text-slate-400">{label}</p>
      <div className="mt-1 flex items-center gap-2 rounded-lg bg-slate-50 px-3 py-2 dark:bg-slate-800/60">
        <span
          className={`min-w-0 flex-1 text-[15px] [overflow-wrap:anywhere] ${mono ? "font-mono text-sm" : "font-semibold tabular-nums"}`}
          data-testid={testId}
        >
          {mono ? <HalvedText text={value} /> : value}
        </span>
        <CopyButton value={copyValue} label={copyLabel} copied={t("copy.copied")}>
          {t("copy.copy")}
        </CopyButton>
      </div>
    </div>
  );
}

/**
 * A long code (an address) that breaks, when it must, in its middle: two even lines rather than a
 * full one and a stub. Narrower still, it breaks anywhere. Copying the text gives it whole.
 */
function HalvedText({ text }: { text: string }) {
  const middle = Math.ceil(text.length / 2);
  return (
    <>
      {text.slice(0, middle)}
      <wbr />
      {text.slice(middle)}
    </>
  );
}
