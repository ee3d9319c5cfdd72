"use client";

import dynamic from "next/dynamic";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { CheckoutFrameMessage } from "@/lib/checkout/embedding";
import type { CheckoutInvoice, CheckoutSubmission } from "@/lib/checkout/view";
import { formatMoney } from "@/lib/i18n/format";
import { LOCALE_NAMES, LOCALES, type Locale } from "@/lib/i18n/locales";
import type { MessageKey, Messages } from "@/lib/i18n/messages/en";
import { Countdown } from "./Countdown";
import type { DemoWalletProps } from "./demoProvider";
import { InvoiceSummary } from "./InvoiceSummary";
import { I18nProvider, useI18n } from "./i18n";
import { ManualTransfer } from "./ManualTransfer";
import { PaymentOptions } from "./PaymentOptions";
import { ResultPanel } from "./ResultPanel";
import { rejectionKey, Stepper, SubmissionProblems } from "./Stepper";
import { submitTransaction } from "./submitTransaction";
import { Tabs } from "./Tabs";
import { useCheckoutInvoice } from "./useCheckoutInvoice";
import { useUnseenHint } from "./useUnseenHint";
import type { WalletErrorMessage } from "./walletErrors";

const loadWalletPay = () => import("./WalletPay");

// Wallet code is large: it loads when the shopper reaches for a wallet (or had one connected),
// never before the invoice is on screen, so the page is interactive at once.
const WalletPay = dynamic(loadWalletPay, {
  ssr: false,
  loading: () => <LoadingWallets />,
});

function LoadingWallets() {
  const { t } = useI18n();
  return (
    <button type="button" disabled className={placeholderButton}>
      {t("wallet.loading")}
    </button>
  );
}

const placeholderButton =
  "w-full rounded-xl bg-slate-200 px-4 py-3.5 text-base font-semibold text-slate-700 dark:bg-slate-800 dark:text-slate-300";
const primaryButton =
  "w-full rounded-xl bg-indigo-600 px-4 py-3.5 text-base font-semibold text-white shadow-sm transition hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600";
const secondaryButton =
  "w-full rounded-xl px-4 py-3 text-base font-semibold text-indigo-700 ring-1 ring-indigo-200 transition hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-indigo-200 dark:ring-indigo-500/40 dark:hover:bg-indigo-500/10";

/** What the shopper asked for before the wallet code arrived; it is done once it has. */
export type WalletIntent = "connect" | "demo" | null;

/** A wallet this browser connected before: load the wallet code at once to reconnect it. */
function hadWalletBefore(): boolean {
  try {
    return Boolean(window.localStorage.getItem("wagmi.recentConnectorId"));
  } catch {
    return false;
  }
}

/** The server-rendered stand-in for the wallet panel: the same buttons, no wallet code yet. */
function WalletPlaceholder({
  demo,
  onIntent,
}: {
  demo: boolean;
  onIntent: (intent: WalletIntent) => void;
}) {
  const { t } = useI18n();
  const prefetch = () => void loadWalletPay();
  return (
    <div className="space-y-3">
      <button
        type="button"
        className={primaryButton}
        onClick={() => onIntent("connect")}
        onPointerEnter={prefetch}
        onFocus={prefetch}
        onTouchStart={prefetch}
      >
        {t("wallet.connect")}
      </button>
      {demo && (
        <>
          <button
            type="button"
            className={secondaryButton}
            onClick={() => onIntent("demo")}
            onPointerEnter={prefetch}
            onFocus={prefetch}
          >
            {t("wallet.useDemo")}
          </button>
          <p className="text-xs text-slate-600 dark:text-slate-400">{t("wallet.demoNote")}</p>
        </>
      )}
    </div>
  );
}

export type CheckoutProps = {
  initial: CheckoutInvoice;
  locale: Locale;
  messages: Messages;
  /** The built-in demo wallet: only for an invoice payable on the local chain alone. */
  demo: DemoWalletProps | null;
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

/**
 * A transaction this page's wallet sent that the server could not record (unreachable, or too
 * many hashes from here still waiting): it is on its way all the same, so the page waits on it
 * as on an unseen hash, with a sentence that says why.
 */
type UnrecordedSend = { submission: CheckoutSubmission; note: MessageKey };

/** The invoice's submissions, with the unrecorded send until the server lists its hash. */
function withUnrecorded(
  invoice: CheckoutInvoice,
  unrecorded: UnrecordedSend | null,
): CheckoutSubmission[] {
  if (!unrecorded) return invoice.submissions;
  const hash = unrecorded.submission.tx_hash.toLowerCase();
  const listed = [...invoice.submissions, ...invoice.payments].some(
    (known) => known.tx_hash.toLowerCase() === hash,
  );
  return listed ? invoice.submissions : [...invoice.submissions, unrecorded.submission];
}

function postToParent(origin: string | null, message: CheckoutFrameMessage) {
  if (origin && window.parent !== window) window.parent.postMessage(message, origin);
}

function CheckoutPage({ initial, demo, embedOrigin }: Omit<CheckoutProps, "locale" | "messages">) {
  const { t, locale } = useI18n();
  const { invoice, setInvoice, refresh } = useCheckoutInvoice(initial);
  const [selected, setSelected] = useState(0);
  const [tab, setTab] = useState(0);
  const [error, setError] = useState<WalletErrorMessage | null>(null);
  const [sending, setSending] = useState(false);
  const [balances, setBalances] = useState<Record<string, string> | null>(null);
  const [justPaid, setJustPaid] = useState(false);
  const [walletWanted, setWalletWanted] = useState(false);
  const [intent, setIntent] = useState<WalletIntent>(null);
  const [unrecorded, setUnrecorded] = useState<UnrecordedSend | null>(null);
  const previousStatus = useRef(initial.status);
  const optionsSection = useRef<HTMLElement>(null);
  const focusOptions = useRef(false);

  const option = invoice.payment_options[selected] ?? invoice.payment_options[0];
  const chain = option
    ? invoice.chains.find((candidate) => candidate.id === option.chain_id)
    : undefined;
  const submissions = useMemo(() => withUnrecorded(invoice, unrecorded), [invoice, unrecorded]);
  const shown = submissions === invoice.submissions ? invoice : { ...invoice, submissions };
  // A hash the node has holds the checkout; one it does not know only until the shopper, after
  // its grace, chooses to pay another way (a stranger can post any hash).
  const inFlight =
    invoice.submissions.some((submission) => submission.status === "pending") ||
    invoice.payments.some((payment) => payment.status === "confirming");
  const { hint, graceOver, setAside, payAnotherWay } = useUnseenHint(submissions);
  const open = invoice.status === "open" || invoice.status === "processing";
  const payable = open && !inFlight && hint === null;
  const unseenNote: MessageKey =
    hint && hint.tx_hash === unrecorded?.submission.tx_hash ? unrecorded.note : "progress.unseen";
  const onPayAnotherWay = useCallback(() => {
    focusOptions.current = true;
    payAnotherWay();
  }, [payAnotherWay]);

  // The control that revealed the options is gone: focus moves to the option chosen to pay with.
  useEffect(() => {
    if (!payable || !focusOptions.current) return;
    focusOptions.current = false;
    optionsSection.current?.querySelector<HTMLElement>('input[type="radio"]:checked')?.focus();
  }, [payable]);

  // The frame's own Close appears as it tells the parent it has loaded, and the parent hides its
  // fallback close button then: one close control at a time, and never one that does nothing yet.
  const [announced, setAnnounced] = useState(false);
  useEffect(() => {
    postToParent(embedOrigin, { type: "checkout:loaded", invoice_id: initial.id });
    setAnnounced(window.parent !== window);
  }, [embedOrigin, initial.id]);

  useEffect(() => {
    if (hadWalletBefore()) setWalletWanted(true);
  }, []);
  const onIntent = useCallback((wanted: WalletIntent) => {
    setIntent(wanted);
    setWalletWanted(true);
  }, []);

  useEffect(() => {
    if (invoice.status === "paid" && previousStatus.current !== "paid") {
      setJustPaid(true);
      postToParent(embedOrigin, {
        type: "checkout:paid",
        invoice_id: invoice.id,
        status: invoice.status,
      });
    }
    previousStatus.current = invoice.status;
  }, [invoice.status, invoice.id, embedOrigin]);

  const onTransactionSent = useCallback(
    async (chainId: number, txHash: string) => {
      setError(null);
      setSending(true);
      const outcome = await submitTransaction(invoice.id, chainId, txHash);
      setSending(false);
      if (outcome.kind === "accepted") setInvoice(outcome.invoice);
      else if (outcome.code === "unreachable" || outcome.code === "too_many_pending_payments") {
        // Not a failed payment: the transaction is on its way and is found once mined.
        setUnrecorded({
          submission: {
            chain_id: chainId,
            tx_hash: txHash,
            status: "unseen",
            error_code: null,
            created_at: new Date().toISOString(),
          },
          note: outcome.code === "unreachable" ? "progress.unreachable" : "progress.unrecorded",
        });
      } else setError({ key: rejectionKey(outcome.code), values: {} });
    },
    [invoice.id, setInvoice],
  );
  const onExpired = useCallback(() => void refresh(), [refresh]);
  const onClose =
    embedOrigin && announced
      ? () => postToParent(embedOrigin, { type: "checkout:closed", invoice_id: invoice.id })
      : undefined;

  // Embedded, focus is inside the frame: Escape here asks the parent to close, unless it is
  // closing the wallet's own dialog.
  useEffect(() => {
    if (!embedOrigin) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || event.defaultPrevented) return;
      if (document.querySelector('[role="dialog"]')) return;
      postToParent(embedOrigin, { type: "checkout:closed", invoice_id: invoice.id });
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [embedOrigin, invoice.id]);

  const showStepper = open || invoice.status === "paid";

  return (
    <main
      lang={locale}
      className="mx-auto flex min-h-dvh max-w-md flex-col px-3 py-4 sm:px-4 sm:py-12"
    >
      <div className="overflow-hidden rounded-2xl bg-white shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800">
        <InvoiceSummary invoice={invoice} option={payable ? option : undefined} onClose={onClose} />

        {/* While the options are held, nothing follows: the last note's margin would double the padding. */}
        <section
          className={`px-6 py-5 ${open && !payable ? "*:last:mb-0" : ""}`}
          aria-live="polite"
          aria-label={t("steps.label")}
        >
          {showStepper && (
            <Stepper
              invoice={shown}
              sending={sending}
              setAside={setAside}
              unseenNote={unseenNote}
              onPayAnotherWay={graceOver ? onPayAnotherWay : null}
            />
          )}
          <ResultPanel invoice={invoice} justPaid={justPaid} embedded={embedOrigin !== null} />
          <SubmissionProblems invoice={invoice} />
          {invoice.exception === "underpaid" && open && (
            <div
              className="mb-4 rounded-lg bg-amber-50 px-3 py-2.5 text-sm text-amber-950 dark:bg-amber-400/10 dark:text-amber-100"
              data-testid="underpaid"
            >
              <p className="font-semibold">{t("underpaid.title")}</p>
              <p>
                {t("underpaid.body", {
                  paid: formatMoney(invoice.amount_paid, invoice.currency, locale),
                  due: formatMoney(invoice.amount_due, invoice.currency, locale),
                })}
              </p>
            </div>
          )}
        </section>

        {/* Kept mounted while an unseen hash holds it: a wallet mid-payment is not torn down. */}
        {open && !inFlight && option && chain && (
          <section ref={optionsSection} hidden={!payable} className="space-y-4 px-6 pb-6">
            <PaymentOptions
              options={invoice.payment_options}
              chains={invoice.chains}
              selected={selected}
              onSelect={(index) => {
                setSelected(index);
                setError(null);
              }}
              balances={balances}
            />
            <Tabs
              label={t("tabs.label")}
              selected={tab}
              onSelect={setTab}
              tabs={[
                {
                  id: "wallet",
                  title: t("tabs.wallet"),
                  panel: !walletWanted ? (
                    <WalletPlaceholder demo={demo !== null} onIntent={onIntent} />
                  ) : (
                    <WalletPay
                      key={invoice.id}
                      intent={intent}
                      onIntentDone={() => setIntent(null)}
                      option={option}
                      options={invoice.payment_options}
                      chain={chain}
                      chains={invoice.chains}
                      demo={demo}
                      busy={sending}
                      onTransactionSent={onTransactionSent}
                      onError={setError}
                      onBalances={setBalances}
                    />
                  ),
                },
                {
                  id: "manual",
                  title: t("tabs.manual"),
                  panel: <ManualTransfer option={option} chain={chain} />,
                },
              ]}
            />
            {error && (
              <p
                role="alert"
                className="rounded-lg bg-red-50 px-3 py-2.5 text-sm text-red-900 dark:bg-red-500/10 dark:text-red-100"
              >
                {t(error.key, error.values)}
              </p>
            )}
          </section>
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

function LanguageLinks() {
  const { t, locale } = useI18n();
  return (
    <nav aria-label={t("page.language")} className="mt-3 text-center text-xs">
      <ul className="inline-flex flex-wrap justify-center gap-x-3 gap-y-1">
        {LOCALES.map((code) => (
          <li key={code}>
            <a
              href={`?lang=${code}`}
              lang={code}
              hrefLang={code}
              aria-current={code === locale ? "true" : undefined}
              className={
                code === locale
                  ? "font-semibold text-slate-900 dark:text-white"
                  : "text-slate-600 underline-offset-2 hover:underline dark:text-slate-400"
              }
            >
              {LOCALE_NAMES[code]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
