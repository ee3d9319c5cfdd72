"use client";

import { useEffect, useState } from "react";
import type { CheckoutInvoice } from "@/lib/checkout/view";
import { formatMoney, subtractAmounts } from "@/lib/i18n/format";
import { formatTokenAmount } from "@/lib/money/formatTokenAmount";
import { useI18n } from "./i18n";
import { LocalTime } from "./LocalTime";
import { TxLink } from "./TxLink";

/** Seconds before the receipt sends the shopper back to the merchant by itself. */
const REDIRECT_SECONDS = 10;

/** The merchant's redirect_url with the invoice's id and status added. */
export function returnUrl(invoice: CheckoutInvoice): string | null {
  if (!invoice.redirect_url) return null;
  const url = new URL(invoice.redirect_url);
  url.searchParams.set("invoice_id", invoice.id);
  url.searchParams.set("status", invoice.status);
  return url.toString();
}

const notice =
  "mt-3 rounded-lg bg-amber-50 px-3 py-2.5 text-left text-sm text-amber-950 dark:bg-amber-400/10 dark:text-amber-100";

/**
 * The end states, each with its next step: paid (a receipt, and back to the merchant), expired
 * (ask the merchant; a late payment is still seen), canceled (nothing taken; ask the merchant
 * for a new link).
 */
export function ResultPanel({
  invoice,
  justPaid,
  embedded,
}: {
  invoice: CheckoutInvoice;
  /** The payment completed while this page was open: return to the merchant by itself. */
  justPaid: boolean;
  embedded: boolean;
}) {
  const { t } = useI18n();
  const back = returnUrl(invoice);
  const merchant = invoice.merchant_name;
  const money = useMoney(invoice.currency);

  if (invoice.status === "paid") {
    return (
      <div className="mb-2" data-testid="paid">
        <div className="text-center">
          <div className="mx-auto flex size-14 items-center justify-center rounded-full bg-emerald-100 text-emerald-700 dark:bg-emerald-500/15 dark:text-emerald-300">
            <svg
              viewBox="0 0 24 24"
              className="size-7"
              fill="none"
              stroke="currentColor"
              strokeWidth={2.5}
              aria-hidden
            >
              <path d="M5 12.5l4.5 4.5L19 7.5" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
          </div>
          <h2 className="mt-3 text-xl font-semibold">{t("paid.title")}</h2>
          <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
            {t("paid.body", { amount: money(invoice.amount_paid), merchant })}
          </p>
        </div>
        {invoice.exception === "overpaid" && (
          <p className={notice} data-testid="overpaid">
            {t("paid.overpaid", {
              extra: money(subtractAmounts(invoice.amount_paid, invoice.amount)),
              merchant,
            })}
          </p>
        )}
        {invoice.exception === "multiple_payments" && (
          <p className={notice}>{t("paid.multiple", { merchant })}</p>
        )}
        {invoice.exception === "paid_late" && (
          <p className={notice}>{t("paid.late", { merchant })}</p>
        )}
        <Receipt invoice={invoice} />
        {back && !embedded && (
          <ReturnToMerchant href={back} merchant={merchant} automatic={justPaid} />
        )}
      </div>
    );
  }

  if (invoice.status === "canceled") {
    const nothingPaid = isZero(invoice.amount_paid);
    return (
      <div className="mb-2 text-center" data-testid="canceled">
        <h2 className="text-xl font-semibold">{t("canceled.title")}</h2>
        <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
          {t("canceled.body", { merchant })}
          {nothingPaid && ` ${t("canceled.nothingTaken")}`}
        </p>
        {!nothingPaid && (
          <p className={notice}>
            {t("canceled.partial", { amount: money(invoice.amount_paid), merchant })}
          </p>
        )}
        {nothingPaid && (
          <p className="mt-3 text-sm font-medium" data-testid="canceled-next">
            {t("canceled.next", { merchant })}
          </p>
        )}
        {back && !embedded && <ReturnLink href={back} merchant={merchant} className="mt-5" />}
      </div>
    );
  }

  if (invoice.status === "expired") {
    return (
      <div className="mb-2 text-center" data-testid="expired">
        <h2 className="text-xl font-semibold">{t("expired.title")}</h2>
        <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
          {t("expired.body", { merchant })}
        </p>
        {!isZero(invoice.amount_paid) && (
          <p className={notice}>
            {t("expired.partial", { amount: money(invoice.amount_paid), merchant })}
          </p>
        )}
        <p className="mt-3 text-left text-sm text-slate-600 dark:text-slate-400">
          {t("expired.late")}
        </p>
        {back && !embedded && <ReturnLink href={back} merchant={merchant} className="mt-5" />}
      </div>
    );
  }
  return null;
}

/** "0.00", "0": nothing was paid. */
function isZero(amount: string): boolean {
  return /^0+(\.0+)?$/.test(amount);
}

/** The button back to the merchant's redirect_url. */
function ReturnLink({
  href,
  merchant,
  className = "",
}: {
  href: string;
  merchant: string;
  className?: string;
}) {
  const { t } = useI18n();
  return (
    <a
      href={href}
      className={`block w-full rounded-xl bg-slate-900 px-4 py-3 text-center text-base font-semibold text-white hover:bg-slate-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:bg-white dark:text-slate-900 dark:hover:bg-slate-200 ${className}`}
    >
      {t("receipt.return", { merchant })}
    </a>
  );
}

function useMoney(currency: string) {
  const { locale } = useI18n();
  return (amount: string) => formatMoney(amount, currency, locale);
}

function Receipt({ invoice }: { invoice: CheckoutInvoice }) {
  const { t, locale } = useI18n();
  return (
    <section
      aria-labelledby="receipt-title"
      className="mt-5 rounded-xl bg-slate-50 px-4 py-3 text-sm dark:bg-slate-800/60"
      data-testid="receipt"
    >
      <h3 id="receipt-title" className="font-semibold">
        {t("receipt.title")}
      </h3>
      {invoice.payments.map((payment) => {
        const chain = invoice.chains.find((candidate) => candidate.id === payment.chain_id);
        return (
          <dl
            key={`${payment.tx_hash}:${payment.log_index}`}
            className="mt-2 space-y-1.5 border-t border-slate-200 pt-2 first-of-type:border-0 dark:border-slate-700"
          >
            <ReceiptRow label={t("receipt.amount")}>
              <span className="font-medium tabular-nums">
                {formatTokenAmount(
                  payment.amount,
                  payment.token_decimals,
                  payment.token_symbol,
                  locale,
                )}
              </span>
            </ReceiptRow>
            <ReceiptRow label={t("receipt.network")}>{chain?.name ?? payment.chain_id}</ReceiptRow>
            <ReceiptRow label={t("receipt.transaction")} long>
              <TxLink chains={invoice.chains} chainId={payment.chain_id} hash={payment.tx_hash} />
              {!chain?.explorerUrl && (
                <span className="block text-xs text-slate-500 dark:text-slate-400">
                  {t("receipt.noExplorer")}
                </span>
              )}
            </ReceiptRow>
          </dl>
        );
      })}
      <dl className="mt-2 space-y-1.5 border-t border-slate-200 pt-2 dark:border-slate-700">
        {invoice.paid_at && (
          <ReceiptRow label={t("receipt.time")}>
            <LocalTime iso={invoice.paid_at} />
          </ReceiptRow>
        )}
        <ReceiptRow label={t("receipt.invoice")} long>
          <span className="break-all font-mono text-xs leading-5">{invoice.id}</span>
        </ReceiptRow>
      </dl>
    </section>
  );
}

/**
 * One line of the receipt: label and value side by side. A long value (a hash, the invoice id)
 * goes under its label on phones, where side by side would break it over two lines.
 */
function ReceiptRow({
  label,
  long = false,
  children,
}: {
  label: string;
  long?: boolean;
  children: React.ReactNode;
}) {
  return (
    <div
      className={
        long
          ? "flex flex-col gap-0.5 sm:flex-row sm:items-baseline sm:justify-between sm:gap-4"
          : "flex items-baseline justify-between gap-4"
      }
    >
      <dt className="shrink-0 text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className={`min-w-0 ${long ? "sm:text-right" : "text-right"}`}>{children}</dd>
    </div>
  );
}

function ReturnToMerchant({
  href,
  merchant,
  automatic,
}: {
  href: string;
  merchant: string;
  automatic: boolean;
}) {
  const { t } = useI18n();
  const [seconds, setSeconds] = useState<number | null>(automatic ? REDIRECT_SECONDS : null);
  // The payment may complete after this panel first rendered (the status arrives first).
  useEffect(() => {
    if (automatic) setSeconds((current) => current ?? REDIRECT_SECONDS);
  }, [automatic]);
  useEffect(() => {
    if (seconds === null) return;
    if (seconds <= 0) {
      window.location.assign(href);
      return;
    }
    const timer = setTimeout(() => setSeconds(seconds - 1), 1000);
    return () => clearTimeout(timer);
  }, [seconds, href]);
  return (
    <div className="mt-5">
      <ReturnLink href={href} merchant={merchant} />
      {seconds !== null && (
        <p
          className="mt-2 flex flex-wrap items-center justify-center gap-x-2 text-sm text-slate-600 dark:text-slate-400"
          data-testid="redirect-countdown"
        >
          <span>{t("receipt.redirecting", { merchant, seconds: Math.max(seconds, 0) })}</span>
          <button
            type="button"
            className="font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300"
            onClick={() => setSeconds(null)}
          >
            {t("receipt.stay")}
          </button>
        </p>
      )}
    </div>
  );
}
