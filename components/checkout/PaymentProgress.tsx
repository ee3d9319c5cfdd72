"use client";

import type { CheckoutInvoice } from "@/lib/checkout/view";
import type { RejectionCode } from "@/lib/payments/inspectTransaction";
import { rejectionMessage } from "@/lib/payments/rejections";
import { explorerTxUrl, shortHash } from "./format";

function TxLink({
  invoice,
  chainId,
  hash,
}: {
  invoice: CheckoutInvoice;
  chainId: number;
  hash: string;
}) {
  const chain = invoice.chains.find((candidate) => candidate.id === chainId);
  const url = explorerTxUrl(chain?.explorerUrl ?? null, hash);
  const text = <span className="font-mono">{shortHash(hash)}</span>;
  return url ? (
    <a href={url} target="_blank" rel="noreferrer" className="underline underline-offset-2">
      {text}
    </a>
  ) : (
    text
  );
}

/** Where an in-flight payment stands: sent, mined and confirming, or turned down. */
export function PaymentProgress({
  invoice,
  sending,
}: {
  invoice: CheckoutInvoice;
  sending: boolean;
}) {
  const pending = invoice.submissions.filter((submission) => submission.status === "pending");
  const rejected = invoice.submissions.filter((submission) => submission.status === "rejected");
  const replaced = invoice.submissions.filter((submission) => submission.status === "replaced");
  const confirming = invoice.payments.filter((payment) => payment.status === "confirming");
  if (
    !sending &&
    pending.length === 0 &&
    confirming.length === 0 &&
    rejected.length === 0 &&
    replaced.length === 0
  )
    return null;
  const open = invoice.status === "open" || invoice.status === "processing";

  return (
    <div className="mb-4 space-y-2" data-testid="payment-progress">
      {sending && (
        <Step tone="busy" title="Checking your transaction…" detail="This takes a few seconds." />
      )}
      {pending.map((submission) => (
        <Step
          key={submission.tx_hash}
          tone="busy"
          title="Transaction sent"
          detail={
            <>
              Waiting for it to be included in a block:{" "}
              <TxLink invoice={invoice} chainId={submission.chain_id} hash={submission.tx_hash} />
            </>
          }
        />
      ))}
      {confirming.map((payment) => {
        const required =
          invoice.chains.find((chain) => chain.id === payment.chain_id)?.confirmations ?? 1;
        return (
          <Step
            key={`${payment.tx_hash}:${payment.log_index}`}
            tone="busy"
            title={`Confirming: ${payment.confirmations} of ${required} blocks`}
            detail={<TxLink invoice={invoice} chainId={payment.chain_id} hash={payment.tx_hash} />}
          />
        );
      })}
      {open &&
        rejected.map((submission) => (
          <Step
            key={submission.tx_hash}
            tone="error"
            title="That transaction did not pay this invoice"
            detail={rejectionMessage(submission.error_code as RejectionCode)}
          />
        ))}
      {open &&
        replaced.map((submission) => (
          <Step
            key={submission.tx_hash}
            tone="error"
            title="Your wallet replaced that transaction"
            detail={
              <>
                <TxLink invoice={invoice} chainId={submission.chain_id} hash={submission.tx_hash} />{" "}
                was sped up or canceled, so it will not land itself. A sped-up payment still counts
                and shows here once mined; after a cancel, pay again below.
              </>
            }
          />
        ))}
    </div>
  );
}

function Step({
  tone,
  title,
  detail,
}: {
  tone: "busy" | "error";
  title: string;
  detail: React.ReactNode;
}) {
  return (
    <div
      className={`flex gap-3 rounded-xl px-3.5 py-3 text-sm ${
        tone === "busy"
          ? "bg-indigo-50 text-indigo-950 dark:bg-indigo-500/10 dark:text-indigo-100"
          : "bg-red-50 text-red-900 dark:bg-red-500/10 dark:text-red-100"
      }`}
    >
      {tone === "busy" ? (
        <span
          aria-hidden
          className="mt-0.5 size-4 shrink-0 animate-spin rounded-full border-2 border-indigo-300 border-t-indigo-700 dark:border-indigo-700 dark:border-t-indigo-200"
        />
      ) : (
        <span aria-hidden className="mt-0.5 shrink-0 font-bold">
          !
        </span>
      )}
      <div>
        <p className="font-medium">{title}</p>
        <p className="mt-0.5 break-all opacity-80">{detail}</p>
      </div>
    </div>
  );
}
