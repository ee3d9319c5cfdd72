import Link from "next/link";
import { CopyButton } from "@/components/ui/CopyButton";
import type { DashboardChain } from "@/lib/dashboard/chains";
import { formatTokenAmount } from "@/lib/money/formatTokenAmount";
import type { ApiUnmatchedPayment } from "@/lib/payments/ledger/unmatchedPayments";
import { AddressText } from "../AddressText";
import { LocalTime } from "../invoice/LocalTime";
import { TxHash } from "../invoice/TxHash";
import { REASON_LABELS, reasonDetail } from "./reasons";

const BADGE = {
  money:
    "bg-amber-50 text-amber-900 ring-amber-200 dark:bg-amber-500/10 dark:text-amber-200 dark:ring-amber-500/30",
  dust: "bg-slate-100 text-slate-700 ring-slate-300 dark:bg-slate-500/10 dark:text-slate-300 dark:ring-slate-500/30",
};

/**
 * Transfers that credited nothing, each with what a refund needs: how much of which token, on
 * which chain, from whom, and the transaction. Dust is set in smaller, quieter type.
 */
export function UnmatchedList({
  payments,
  chains,
  showInvoice = true,
  label,
}: {
  payments: ApiUnmatchedPayment[];
  chains: DashboardChain[];
  /** The invoice each one named, linked (the invoice's own page leaves it out). */
  showInvoice?: boolean;
  label: string;
}) {
  return (
    <ul aria-label={label} className="divide-y divide-slate-200 dark:divide-slate-800">
      {payments.map((payment) => {
        const chain = chains.find((candidate) => candidate.id === payment.chain_id);
        const dust = payment.reason === "below_minimum";
        return (
          <li
            key={payment.id}
            data-testid="unmatched-payment"
            data-reason={payment.reason}
            className={dust ? "py-3 text-xs" : "py-4 text-sm"}
          >
            <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1">
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                <span
                  className={
                    dust
                      ? "text-sm tabular-nums text-slate-700 dark:text-slate-300"
                      : "text-base font-semibold tabular-nums"
                  }
                  data-testid="unmatched-amount"
                >
                  {formatTokenAmount(payment.amount, payment.token_decimals, payment.token_symbol)}
                </span>
                <span
                  className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${dust ? BADGE.dust : BADGE.money}`}
                  data-testid="unmatched-reason"
                >
                  {REASON_LABELS[payment.reason]}
                </span>
              </div>
              <span className="text-xs text-slate-600 dark:text-slate-400">
                <LocalTime iso={payment.created_at} />
              </span>
            </div>
            <p className="mt-1 text-slate-600 dark:text-slate-400">{reasonDetail(payment)}</p>
            <dl className="mt-2 grid gap-x-4 gap-y-1 text-slate-700 sm:grid-cols-[9rem_1fr] sm:items-center dark:text-slate-300">
              <dt className="text-slate-600 dark:text-slate-400">Chain</dt>
              <dd>{chain?.name ?? `Chain ${payment.chain_id}`}</dd>
              <dt className="text-slate-600 dark:text-slate-400">
                {dust ? "From" : "From (refund to)"}
              </dt>
              <dd className="flex flex-wrap items-center gap-2">
                <AddressText address={payment.from} className="text-xs" testId="unmatched-from" />
                {!dust && <CopyButton value={payment.from} context={`sender ${payment.from}`} />}
              </dd>
              {showInvoice && payment.invoice && (
                <>
                  <dt className="text-slate-600 dark:text-slate-400">Named invoice</dt>
                  <dd>
                    <Link
                      href={`/dashboard/invoices/${payment.invoice}`}
                      className="font-mono text-xs break-all text-indigo-700 underline underline-offset-4 dark:text-indigo-300"
                    >
                      {payment.invoice}
                    </Link>
                  </dd>
                </>
              )}
              <dt className="text-slate-600 dark:text-slate-400">Transaction</dt>
              <dd>
                <TxHash hash={payment.tx_hash} explorerUrl={chain?.explorerUrl ?? null} />
              </dd>
            </dl>
          </li>
        );
      })}
    </ul>
  );
}
