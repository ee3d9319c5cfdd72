"use client";

import { useCallback, useEffect, useMemo, useRef } from "react";
import type { CheckoutInvoice } from "@/lib/checkout/view";
import type { Locale } from "@/lib/i18n/locales";
import type { MessageKey, Messages } from "@/lib/i18n/messages/en";
import { Countdown } from "./Countdown";
import { withUnrecorded } from "./checkoutState";
import type { DemoWallets } from "./demoProvider";
import { InvoiceSummary } from "./InvoiceSummary";
import { I18nProvider, useI18n } from "./i18n";
import { LanguageLinks } from "./LanguageLinks";
import { PaymentChoice } from "./PaymentChoice";
import { ResultPanel } from "./ResultPanel";
import { Stepper, SubmissionProblems } from "./Stepper";
import { UnderpaidNote } from "./UnderpaidNote";
import { useCheckoutFrame } from "./useCheckoutFrame";
import { useCheckoutInvoice } from "./useCheckoutInvoice";
import { useCheckoutState } from "./useCheckoutState";
import { useUnseenHint } from "./useUnseenHint";

export type CheckoutProps = {
  initial: CheckoutInvoice;
  locale: Locale;
  messages: Messages;
  /** The built-in demo wallets: only for an invoice payable on the local chain alone. */
  demo: DemoWallets | null;
  /** In a merchant's frame: the parent's origin, the only one messages are posted to. */
  embedOrigin: string | null;
};

export function Checkout({ locale, messages, ...props }: CheckoutProps) {
  return (
    <I18nProvider locale={locale} messages={messages}>
      <CheckoutPage {...props} />
    </I18nProvider>
  );
}

function CheckoutPage({ initial, demo, embedOrigin }: Omit<CheckoutProps, "locale" | "messages">) {
  const { t, locale } = useI18n();
  const { invoice, setInvoice, refresh } = useCheckoutInvoice(initial);
  const frame = useCheckoutFrame(embedOrigin, initial.id);
  const checkout = useCheckoutState({ invoice, setInvoice, refresh, onPaid: frame.postPaid });
  const { payment } = checkout.state;

  const option = invoice.payment_options[checkout.state.option] ?? invoice.payment_options[0];
  const chain = option
    ? invoice.chains.find((candidate) => candidate.id === option.chain_id)
    : undefined;
  const submissions = useMemo(() => withUnrecorded(invoice, payment), [invoice, payment]);
  const shown = submissions === invoice.submissions ? invoice : { ...invoice, submissions };
  // A hash the node has holds the checkout; one it does not know only until the shopper, after
  // its grace, chooses to pay another way (a stranger can post any hash).
  const inFlight =
    invoice.submissions.some((submission) => submission.status === "pending") ||
    invoice.payments.some((received) => received.status === "confirming");
  const { hint, graceOver, setAside, payAnotherWay } = useUnseenHint(submissions);
  const open = invoice.status === "open" || invoice.status === "processing";
  const payable = open && !inFlight && hint === null;
  const unseenNote: MessageKey =
    hint && payment.status === "unrecorded" && hint.tx_hash === payment.submission.tx_hash
      ? payment.note
      : "progress.unseen";

  // The control that revealed the options is gone: focus moves to the option chosen to pay with.
  const optionsSection = useRef<HTMLElement>(null);
  const focusOptions = useRef(false);
  const onPayAnotherWay = useCallback(() => {
    focusOptions.current = true;
    payAnotherWay();
  }, [payAnotherWay]);
  useEffect(() => {
    if (!payable || !focusOptions.current) return;
    focusOptions.current = false;
    optionsSection.current?.querySelector<HTMLElement>('input[type="radio"]:checked')?.focus();
  }, [payable]);

  const onExpired = useCallback(() => void refresh(), [refresh]);
  const showStepper = open || invoice.status === "paid";

  return (
    <main
      lang={locale}
      className="mx-auto flex min-h-dvh max-w-md flex-col px-3 py-4 sm:px-4 sm:py-12"
    >
      <div className="overflow-hidden rounded-2xl bg-white shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800">
        <InvoiceSummary
          invoice={invoice}
          option={payable ? option : undefined}
          onClose={frame.onClose}
        />

        {/* While the options are held, nothing follows: the last note's margin would double the padding. */}
        <section
          className={`px-6 py-5 ${open && !payable ? "*:last:mb-0" : ""}`}
          aria-live="polite"
          aria-label={t("steps.label")}
        >
          {showStepper && (
            <Stepper
              invoice={shown}
              sending={payment.status === "sending" ? payment.method : null}
              setAside={setAside}
              unseenNote={unseenNote}
              onPayAnotherWay={graceOver ? onPayAnotherWay : null}
            />
          )}
          <ResultPanel
            invoice={invoice}
            justPaid={payment.status === "paid"}
            embedded={embedOrigin !== null}
          />
          <SubmissionProblems invoice={invoice} />
          {invoice.exception === "underpaid" && open && <UnderpaidNote invoice={invoice} />}
        </section>

        {/* Kept mounted while an unseen hash holds it: a wallet mid-payment is not torn down. */}
        {open && !inFlight && option && chain && (
          <PaymentChoice
            section={optionsSection}
            hidden={!payable}
            invoice={invoice}
            option={option}
            chain={chain}
            demo={demo}
            checkout={checkout}
          />
        )}

        <footer className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1 border-t border-slate-100 bg-slate-50/60 px-6 py-3 text-xs text-slate-600 dark:border-slate-800 dark:bg-slate-900/60 dark:text-slate-400">
          {open ? (
            <Countdown expiresAt={invoice.expires_at} onExpired={onExpired} />
          ) : (
            <span data-testid="status">{t(`status.${invoice.status}`)}</span>
          )}
          <span className="font-mono">{invoice.id}</span>
        </footer>
      </div>
      <p className="mt-4 text-center text-xs text-slate-600 dark:text-slate-400">
        {t("page.footer")}
      </p>
      {!embedOrigin && <LanguageLinks />}
    </main>
  );
}
