"use client";

import { type CheckoutStage, checkoutStage, STEPS } from "@/lib/checkout/stage";
import type { CheckoutInvoice } from "@/lib/checkout/view";
import type { MessageKey } from "@/lib/i18n/messages/en";
import type { PayMethod } from "./checkoutState";
import { useI18n } from "./i18n";
import { TxLink } from "./TxLink";

const STEP_LABELS: Record<CheckoutStage["status"], MessageKey> = {
  awaiting: "steps.awaiting",
  sent: "steps.sent",
  confirming: "steps.confirming",
  paid: "steps.paid",
};

export type StepperProps = {
  invoice: CheckoutInvoice;
  /** The page is posting a payment: a transaction's hash, or a signed authorization to relay. */
  sending: PayMethod | null;
  /** Unseen hashes the shopper chose to pay past: the stepper no longer waits on them. */
  setAside: ReadonlySet<string>;
  /** What to say while a hash the node does not know is waited on. */
  unseenNote: MessageKey;
  /** Offered once the unseen hash has waited its grace: shows the payment options again. */
  onPayAnotherWay: (() => void) | null;
};

/** Awaiting payment -> sent -> confirming (k of N) -> paid, with the transaction in question. */
export function Stepper({ invoice, sending, setAside, unseenNote, onPayAnotherWay }: StepperProps) {
  const { t } = useI18n();
  const stage = checkoutStage(invoice, sending !== null, setAside);
  const current = STEPS.indexOf(stage.status);

  return (
    <div className="mb-5" data-testid="stepper" data-step={stage.status}>
      {/* A little wider than the section's padding, so the longest label (es "Confirmando")
          fits its quarter of a 375 px screen at 12 px. */}
      <ol aria-label={t("steps.label")} className="-mx-3 flex items-start">
        {STEPS.map((step, index) => {
          const done = index < current || stage.status === "paid";
          const active = index === current && stage.status !== "paid";
          return (
            <li
              key={step}
              aria-current={active ? "step" : undefined}
              className="relative flex flex-1 flex-col items-center text-center"
            >
              {index > 0 && (
                <span
                  aria-hidden
                  className={`absolute right-1/2 top-3 h-0.5 w-full -translate-y-1/2 ${
                    index <= current
                      ? "bg-indigo-600 dark:bg-indigo-400"
                      : "bg-slate-200 dark:bg-slate-700"
                  }`}
                />
              )}
              <span
                aria-hidden
                className={`relative z-10 flex size-6 items-center justify-center rounded-full text-xs font-semibold ${
                  done
                    ? "bg-indigo-600 text-white dark:bg-indigo-400 dark:text-slate-950"
                    : active
                      ? "bg-white text-indigo-700 ring-2 ring-indigo-600 dark:bg-slate-900 dark:text-indigo-200 dark:ring-indigo-400"
                      : "bg-white text-slate-500 ring-1 ring-slate-300 dark:bg-slate-900 dark:text-slate-400 dark:ring-slate-600"
                }`}
              >
                {done ? "✓" : index + 1}
              </span>
              <span
                data-testid="step-label"
                className={`mt-1.5 px-0.5 text-xs leading-tight sm:text-[13px] ${
                  active || done
                    ? "font-medium text-slate-900 dark:text-slate-100"
                    : "text-slate-600 dark:text-slate-400"
                }`}
              >
                {t(STEP_LABELS[step])}
                <span className="sr-only">
                  {active ? ` (${t("steps.current")})` : done ? ` (${t("steps.done")})` : ""}
                </span>
              </span>
            </li>
          );
        })}
      </ol>
      <StageDetail
        invoice={invoice}
        stage={stage}
        sending={sending}
        unseenNote={unseenNote}
        onPayAnotherWay={onPayAnotherWay}
      />
    </div>
  );
}

function StageDetail({
  invoice,
  stage,
  sending,
  unseenNote,
  onPayAnotherWay,
}: Pick<StepperProps, "invoice" | "sending" | "unseenNote" | "onPayAnotherWay"> & {
  stage: CheckoutStage;
}) {
  const { t } = useI18n();
  if (stage.status === "sent") {
    const unseen = stage.txHash !== null && !stage.seen;
    return (
      <Detail
        busy
        action={
          unseen && onPayAnotherWay ? (
            <button type="button" className={payAnotherWayButton} onClick={onPayAnotherWay}>
              {t("progress.payAnotherWay")}
            </button>
          ) : null
        }
      >
        <p>
          {!stage.txHash
            ? t(sending === "signature" ? "progress.relaying" : "progress.checking")
            : unseen
              ? t(unseenNote)
              : t("progress.sent")}
        </p>
        {stage.txHash && stage.chainId !== null && (
          <p className="mt-1">
            <TxLink chains={invoice.chains} chainId={stage.chainId} hash={stage.txHash} />
          </p>
        )}
      </Detail>
    );
  }
  if (stage.status === "confirming") {
    return (
      <Detail busy>
        <p data-testid="confirmations">
          {t("progress.confirming", { count: stage.confirmations, required: stage.required })}
        </p>
        <p className="mt-1">
          <TxLink chains={invoice.chains} chainId={stage.chainId} hash={stage.txHash} />
        </p>
      </Detail>
    );
  }
  return null;
}

const payAnotherWayButton =
  "mt-3 w-full rounded-lg bg-white px-3 py-2.5 text-sm font-semibold text-indigo-700 shadow-sm ring-1 ring-indigo-200 transition hover:bg-indigo-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:bg-slate-900 dark:text-indigo-200 dark:ring-indigo-500/40 dark:hover:bg-indigo-500/10";

/** A progress note; `action`, when there is one, spans the note's full width beneath it. */
function Detail({
  busy,
  action,
  children,
}: {
  busy: boolean;
  action?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <div className="mt-3 rounded-xl bg-indigo-50 px-3.5 py-3 text-sm text-indigo-950 dark:bg-indigo-500/10 dark:text-indigo-100">
      <div className="flex gap-3">
        {busy && (
          <span
            aria-hidden
            className="mt-0.5 size-4 shrink-0 animate-spin rounded-full border-2 border-indigo-300 border-t-indigo-700 dark:border-indigo-700 dark:border-t-indigo-200"
          />
        )}
        <div className="min-w-0">{children}</div>
      </div>
      {action}
    </div>
  );
}

/** Posted transactions that did not pay: why, in a sentence, and what to do next. */
export function SubmissionProblems({ invoice }: { invoice: CheckoutInvoice }) {
  const { t } = useI18n();
  if (invoice.status !== "open" && invoice.status !== "processing") return null;
  const rejected = invoice.submissions.filter((submission) => submission.status === "rejected");
  const replaced = invoice.submissions.filter((submission) => submission.status === "replaced");
  if (rejected.length === 0 && replaced.length === 0) return null;
  return (
    <div className="mb-4 space-y-2" data-testid="submission-problems">
      {rejected.map((submission) => (
        <Problem key={submission.tx_hash} title={t("progress.rejectedTitle")}>
          <p>{t(rejectionKey(submission.error_code))}</p>
          <p className="mt-1">
            <TxLink
              chains={invoice.chains}
              chainId={submission.chain_id}
              hash={submission.tx_hash}
            />
          </p>
        </Problem>
      ))}
      {replaced.map((submission) => (
        <Problem key={submission.tx_hash} title={t("progress.replacedTitle")}>
          <p>{t("progress.replacedBody")}</p>
          <p className="mt-1">
            <TxLink
              chains={invoice.chains}
              chainId={submission.chain_id}
              hash={submission.tx_hash}
            />
          </p>
        </Problem>
      ))}
    </div>
  );
}

const REJECTIONS = new Set([
  "wrong_chain",
  "transaction_failed",
  "no_matching_transfer",
  "reference_mismatch",
  "amount_too_small",
  "token_not_accepted",
  "transaction_already_used",
  "invoice_not_payable",
]);

export function rejectionKey(code: string | null): MessageKey {
  return code && REJECTIONS.has(code) ? (`rejection.${code}` as MessageKey) : "rejection.unknown";
}

function Problem({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="flex gap-3 rounded-xl bg-red-50 px-3.5 py-3 text-sm text-red-900 dark:bg-red-500/10 dark:text-red-100">
      <span aria-hidden className="mt-0.5 shrink-0 font-bold">
        !
      </span>
      <div className="min-w-0">
        <p className="font-medium">{title}</p>
        <div className="mt-0.5">{children}</div>
      </div>
    </div>
  );
}
