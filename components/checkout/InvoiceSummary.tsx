"use client";

import type { CheckoutInvoice } from "@/lib/checkout/view";
import { formatMoney, lineTotal } from "@/lib/i18n/format";
import type { PaymentOption } from "@/lib/invoices/paymentOptions";
import { formatTokenAmount } from "@/lib/money/formatTokenAmount";
import { useI18n } from "./i18n";

/** Who is paid, how much (in fiat and in the chosen token), for what. */
export function InvoiceSummary({
  invoice,
  option,
  onClose,
}: {
  invoice: CheckoutInvoice;
  option: PaymentOption | undefined;
  onClose?: () => void;
}) {
  const { t, locale } = useI18n();
  const chain = option && invoice.chains.find((candidate) => candidate.id === option.chain_id);
  return (
    <header className="border-b border-slate-100 px-6 pb-5 pt-6 dark:border-slate-800">
      <div className="flex items-center justify-between gap-3">
        <div className="flex min-w-0 items-center gap-2.5">
          {invoice.merchant_logo_url && (
            // A merchant's own image (https or data:); a plain img keeps the page free of loaders.
            // biome-ignore lint/performance/noImgElement: see above.
            <img
              src={invoice.merchant_logo_url}
              alt=""
              width={32}
              height={32}
              className="size-8 shrink-0 rounded-lg object-contain"
            />
          )}
          <p className="truncate text-sm font-medium text-slate-700 dark:text-slate-300">
            {invoice.merchant_name}
          </p>
        </div>
        <div className="flex shrink-0 items-center gap-2">
          {!invoice.livemode && (
            <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-950 dark:bg-amber-400/15 dark:text-amber-100">
              {t("page.testMode")}
            </span>
          )}
          {onClose && (
            <button
              type="button"
              onClick={onClose}
              className="rounded-md px-2 py-1 text-sm font-medium text-slate-700 ring-1 ring-slate-200 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-slate-200 dark:ring-slate-700 dark:hover:bg-slate-800"
            >
              {t("page.close")}
            </button>
          )}
        </div>
      </div>
      <h1 className="mt-2 text-4xl font-semibold tracking-tight" data-testid="invoice-amount">
        {formatMoney(invoice.amount, invoice.currency, locale)}
        <span className="ml-2 align-middle text-base font-medium text-slate-600 dark:text-slate-400">
          {invoice.currency}
        </span>
      </h1>
      {option && chain && (
        <p className="mt-1 text-sm text-slate-700 dark:text-slate-300" data-testid="token-amount">
          {t("page.tokenAmount", {
            amount: formatTokenAmount(
              option.amount,
              option.token.decimals,
              option.token.symbol,
              locale,
            ),
            chain: chain.name,
          })}
        </p>
      )}
      {invoice.description && (
        <p className="mt-2 text-[15px] text-slate-800 dark:text-slate-200">{invoice.description}</p>
      )}
      {invoice.order_id && (
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          {t("page.order", { id: invoice.order_id })}
        </p>
      )}
      {invoice.items && invoice.items.length > 0 && (
        <section aria-label={t("page.items")} className="mt-4">
          <ul
            className="divide-y divide-slate-100 text-sm dark:divide-slate-800"
            data-testid="items"
          >
            {invoice.items.map((item, index) => (
              <li
                // biome-ignore lint/suspicious/noArrayIndexKey: an invoice's lines never change.
                key={index}
                className="flex items-baseline justify-between gap-3 py-1.5"
              >
                <span className="min-w-0">
                  <span className="block">{item.name}</span>
                  <span className="block text-xs text-slate-600 dark:text-slate-400">
                    {t("page.itemQuantity", {
                      quantity: new Intl.NumberFormat(locale).format(item.quantity),
                      unit: formatMoney(item.unit_amount, invoice.currency, locale),
                    })}
                  </span>
                </span>
                <span className="shrink-0 tabular-nums">
                  {formatMoney(
                    lineTotal(item.unit_amount, item.quantity),
                    invoice.currency,
                    locale,
                  )}
                </span>
              </li>
            ))}
            <li className="flex justify-between gap-3 py-1.5 font-semibold">
              <span>{t("page.total")}</span>
              <span className="tabular-nums">
                {formatMoney(invoice.amount, invoice.currency, locale)}
              </span>
            </li>
          </ul>
        </section>
      )}
    </header>
  );
}
