import Link from "next/link";
import type { LatestPayment } from "@/lib/dashboard/overview";
import { formatTokenAmount } from "@/lib/money/formatTokenAmount";
import { utcTime } from "../invoices/format";

/**
 * The most recent payments: when, how much of which token on which chain, for which invoice.
 * On a phone each payment is a card (time and amount, then chain and invoice), so no column
 * hides behind a sideways scroll; from `sm` up, the usual table.
 */
export function LatestPayments({
  payments,
  chainName,
}: {
  payments: LatestPayment[];
  chainName: (chainId: number) => string;
}) {
  return (
    <section
      aria-labelledby="latest-payments"
      className="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-6 dark:bg-slate-900 dark:ring-slate-800"
    >
      <h2 id="latest-payments" className="text-base font-semibold">
        Latest payments
      </h2>
      {payments.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">No payments yet.</p>
      ) : (
        <table className="mt-3 w-full text-left text-sm" data-testid="latest-payments">
          <caption className="sr-only">Latest payments, newest first</caption>
          <thead className="hidden sm:table-header-group">
            <tr className="border-b border-slate-200 text-slate-600 dark:border-slate-700 dark:text-slate-400">
              <th scope="col" className="py-2 pr-4 font-medium">
                Time
              </th>
              <th scope="col" className="py-2 pr-4 text-right font-medium">
                Amount
              </th>
              <th scope="col" className="py-2 pr-4 font-medium">
                Chain
              </th>
              <th scope="col" className="py-2 font-medium">
                Invoice
              </th>
            </tr>
          </thead>
          <tbody>
            {payments.map((payment) => (
              <tr
                key={`${payment.chainId}:${payment.txHash}:${payment.invoiceId}`}
                className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1 border-b border-slate-100 py-2.5 last:border-0 sm:table-row sm:py-0 dark:border-slate-800"
              >
                <td className="basis-[55%] grow whitespace-nowrap text-xs text-slate-600 sm:table-cell sm:py-2 sm:pr-4 sm:text-sm sm:text-inherit dark:text-slate-400 sm:dark:text-inherit">
                  <span className="sr-only sm:hidden">Time: </span>
                  <time dateTime={payment.receivedAt.toISOString()}>
                    {utcTime(payment.receivedAt)}
                  </time>
                </td>
                <td className="shrink-0 whitespace-nowrap text-right font-semibold tabular-nums sm:table-cell sm:py-2 sm:pr-4 sm:font-normal">
                  <span className="sr-only sm:hidden">Amount: </span>
                  {formatTokenAmount(payment.amount, payment.tokenDecimals)} {payment.tokenSymbol}
                  {payment.status === "confirming" && (
                    <span className="block text-xs font-normal text-amber-700 sm:ml-2 sm:inline dark:text-amber-300">
                      confirming
                    </span>
                  )}
                </td>
                <td className="whitespace-nowrap sm:table-cell sm:py-2 sm:pr-4">
                  <span className="sr-only sm:hidden">Chain: </span>
                  {chainName(payment.chainId)}
                </td>
                <td className="ml-auto text-right sm:ml-0 sm:table-cell sm:py-2 sm:text-left">
                  <span className="sr-only sm:hidden">Invoice: </span>
                  <Link
                    href={`/dashboard/invoices/${payment.invoiceId}`}
                    className="whitespace-nowrap font-mono text-xs text-indigo-700 underline underline-offset-2 dark:text-indigo-300"
                  >
                    {payment.invoiceId}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
