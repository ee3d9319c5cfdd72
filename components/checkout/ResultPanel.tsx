"use client";

import type { CheckoutInvoice } from "@/lib/checkout/view";
import { explorerTxUrl, formatFiat, formatTokenAmount, shortHash } from "./format";
import { LocalTime } from "./LocalTime";

function returnUrl(invoice: CheckoutInvoice): string | null {
  if (!invoice.redirect_url) return null;
  const url = new URL(invoice.redirect_url);
  url.searchParams.set("invoice_id", invoice.id);
  url.searchParams.set("status", invoice.status);
  return url.toString();
}

/** The end states: paid (with a receipt), expired, canceled. */
export function ResultPanel({ invoice }: { invoice: CheckoutInvoice }) {
  const back = returnUrl(invoice);
  if (invoice.status === "paid") {
    return (
      <div className="mb-2 text-center" data-testid="paid">
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
        <h2 className="mt-3 text-xl font-semibold">Payment received</h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">
          {formatFiat(invoice.amount_paid, invoice.currency)} paid to {invoice.merchant_name}
          {invoice.paid_at && (
            <>
              <br />
              <LocalTime iso={invoice.paid_at} />
            </>
          )}
        </p>
        {invoice.exception === "overpaid" || invoice.exception === "multiple_payments" ? (
          <p className="mt-3 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-400/10 dark:text-amber-200">
            You paid more than was asked. Contact {invoice.merchant_name} about the difference.
          </p>
        ) : null}
        {invoice.exception === "paid_late" && (
          <p className="mt-3 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-400/10 dark:text-amber-200">
            The payment arrived after the invoice expired; {invoice.merchant_name} has been told.
          </p>
        )}
        <ul className="mt-4 space-y-1.5 text-left text-sm">
          {invoice.payments.map((payment) => {
            const chain = invoice.chains.find((candidate) => candidate.id === payment.chain_id);
            const url = explorerTxUrl(chain?.explorerUrl ?? null, payment.tx_hash);
            return (
              <li
                key={`${payment.tx_hash}:${payment.log_index}`}
                className="flex items-center justify-between gap-3 rounded-lg bg-slate-50 px-3 py-2 dark:bg-slate-800/60"
              >
                <span className="font-mono tabular-nums">
                  {formatTokenAmount(payment.amount, payment.token_decimals, payment.token_symbol)}
                </span>
                <span className="text-slate-500 dark:text-slate-400">
                  {chain?.name}{" "}
                  {url ? (
                    <a
                      href={url}
                      target="_blank"
                      rel="noreferrer"
                      className="font-mono underline underline-offset-2"
                    >
                      {shortHash(payment.tx_hash)}
                    </a>
                  ) : (
                    <span className="font-mono">{shortHash(payment.tx_hash)}</span>
                  )}
                </span>
              </li>
            );
          })}
        </ul>
        {back && (
          <a
            href={back}
            className="mt-5 block w-full rounded-xl bg-slate-900 px-4 py-3 text-center text-base font-semibold text-white hover:bg-slate-800 dark:bg-white dark:text-slate-900 dark:hover:bg-slate-200"
          >
            Return to {invoice.merchant_name}
          </a>
        )}
      </div>
    );
  }
  if (invoice.status === "expired" || invoice.status === "canceled") {
    const expired = invoice.status === "expired";
    return (
      <div className="mb-2 text-center" data-testid={invoice.status}>
        <h2 className="text-xl font-semibold">
          {expired ? "This invoice has expired" : "This invoice was canceled"}
        </h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">
          {expired
            ? `Ask ${invoice.merchant_name} for a new one. Do not send a payment for this invoice.`
            : `${invoice.merchant_name} canceled it, so it can no longer be paid.`}
        </p>
        {invoice.amount_paid !== "0.00" && (
          <p className="mt-3 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-400/10 dark:text-amber-200">
            {formatFiat(invoice.amount_paid, invoice.currency)} was received before it{" "}
            {expired ? "expired" : "was canceled"}; contact {invoice.merchant_name} about it.
          </p>
        )}
        {back && (
          <a
            href={back}
            className="mt-5 inline-block text-sm font-medium underline underline-offset-2"
          >
            Return to {invoice.merchant_name}
          </a>
        )}
      </div>
    );
  }
  return null;
}
