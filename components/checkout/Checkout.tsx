"use client";

import dynamic from "next/dynamic";
import { useCallback, useState } from "react";
import type { CheckoutInvoice } from "@/lib/checkout/view";
import { Countdown } from "./Countdown";
import { formatFiat } from "./format";
import { ManualTransfer } from "./ManualTransfer";
import { PaymentOptions } from "./PaymentOptions";
import { PaymentProgress } from "./PaymentProgress";
import { ResultPanel } from "./ResultPanel";
import { submitTransaction } from "./submitTransaction";
import { useCheckoutInvoice } from "./useCheckoutInvoice";

// Wallet code is large; it loads after the invoice is on screen.
const WalletPay = dynamic(() => import("./WalletPay"), {
  ssr: false,
  loading: () => (
    <button
      type="button"
      disabled
      className="w-full rounded-xl bg-slate-200 px-4 py-3.5 text-base font-semibold text-slate-500 dark:bg-slate-800 dark:text-slate-400"
    >
      Loading wallets…
    </button>
  ),
});

export function Checkout({ initial }: { initial: CheckoutInvoice }) {
  const { invoice, setInvoice, refresh } = useCheckoutInvoice(initial);
  const [selected, setSelected] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const option = invoice.payment_options[selected] ?? invoice.payment_options[0];
  const chain = option
    ? invoice.chains.find((candidate) => candidate.id === option.chain_id)
    : undefined;
  const inFlight =
    invoice.submissions.some((submission) => submission.status === "pending") ||
    invoice.payments.some((payment) => payment.status === "confirming");
  const payable = (invoice.status === "open" || invoice.status === "processing") && !inFlight;

  const onTransactionSent = useCallback(
    async (chainId: number, txHash: string) => {
      setError(null);
      setSending(true);
      const outcome = await submitTransaction(invoice.id, chainId, txHash);
      setSending(false);
      if (outcome.kind === "accepted") setInvoice(outcome.invoice);
      else setError(outcome.message);
    },
    [invoice.id, setInvoice],
  );
  const onExpired = useCallback(() => void refresh(), [refresh]);

  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col px-4 py-6 sm:py-12">
      <div className="overflow-hidden rounded-2xl bg-white shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800">
        <header className="border-b border-slate-100 px-6 pb-5 pt-6 dark:border-slate-800">
          <div className="flex items-start justify-between gap-3">
            <p className="text-sm font-medium text-slate-600 dark:text-slate-300">
              {invoice.merchant_name}
            </p>
            {!invoice.livemode && (
              <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-400/15 dark:text-amber-200">
                Test mode
              </span>
            )}
          </div>
          <h1 className="mt-2 text-4xl font-semibold tracking-tight" data-testid="invoice-amount">
            {formatFiat(invoice.amount, invoice.currency)}
            <span className="ml-2 align-middle text-base font-medium text-slate-500 dark:text-slate-400">
              {invoice.currency}
            </span>
          </h1>
          {invoice.description && (
            <p className="mt-1.5 text-[15px] text-slate-700 dark:text-slate-300">
              {invoice.description}
            </p>
          )}
          {invoice.order_id && (
            <p className="mt-1 text-sm text-slate-500 dark:text-slate-400">
              Order {invoice.order_id}
            </p>
          )}
        </header>

        <section className="px-6 py-5" aria-live="polite">
          <ResultPanel invoice={invoice} />
          {invoice.exception === "underpaid" && invoice.status !== "expired" && (
            <p className="mb-4 rounded-lg bg-amber-50 px-3 py-2.5 text-sm text-amber-900 dark:bg-amber-400/10 dark:text-amber-200">
              {formatFiat(invoice.amount_paid, invoice.currency)} received.{" "}
              <strong>{formatFiat(invoice.amount_due, invoice.currency)}</strong> is still due: pay
              the remaining amount below.
            </p>
          )}
          <PaymentProgress invoice={invoice} sending={sending} />
          {payable && option && chain && (
            <div className="space-y-4">
              <PaymentOptions
                options={invoice.payment_options}
                chains={invoice.chains}
                selected={selected}
                onSelect={(index) => {
                  setSelected(index);
                  setError(null);
                }}
              />
              <WalletPay
                key={invoice.id}
                option={option}
                chain={chain}
                chains={invoice.chains}
                busy={sending}
                onTransactionSent={onTransactionSent}
                onError={setError}
              />
              <ManualTransfer option={option} chain={chain} />
            </div>
          )}
          {error && (
            <p
              role="alert"
              className="mt-4 rounded-lg bg-red-50 px-3 py-2.5 text-sm text-red-800 dark:bg-red-500/10 dark:text-red-200"
            >
              {error}
            </p>
          )}
        </section>

        <footer className="flex items-center justify-between gap-3 border-t border-slate-100 bg-slate-50/60 px-6 py-3 text-xs text-slate-500 dark:border-slate-800 dark:bg-slate-900/60 dark:text-slate-400">
          {invoice.status === "open" || invoice.status === "processing" ? (
            <Countdown expiresAt={invoice.expires_at} onExpired={onExpired} />
          ) : (
            <span className="capitalize">{invoice.status}</span>
          )}
          <span className="font-mono">{invoice.id}</span>
        </footer>
      </div>
      <p className="mt-4 text-center text-xs text-slate-500 dark:text-slate-400">
        Paid from your wallet straight to the merchant. No card, no custody, no fee beyond gas.
      </p>
    </main>
  );
}
