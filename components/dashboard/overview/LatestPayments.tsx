import Link from "next/link";
import type { LatestPayment } from "@/lib/dashboard/overview";
import { utcTime } from "../invoices/format";
import { formatTokenAmount } from "./chartModel";
import { ScrollRegion } from "./ScrollRegion";

/** The most recent payments: when, how much of which token on which chain, for which invoice. */
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
        <ScrollRegion
          label="Latest payments table (scrolls sideways on narrow screens)"
          className="mt-3 overflow-x-auto"
        >
          <table className="w-full min-w-[34rem] text-left text-sm" data-testid="latest-payments">
            <thead>
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
                <th scope="col" className="py-2 pr-4 font-medium">
                  Invoice
                </th>
              </tr>
            </thead>
            <tbody>
              {payments.map((payment) => (
                <tr
                  key={`${payment.chainId}:${payment.txHash}:${payment.invoiceId}`}
                  className="border-b border-slate-100 last:border-0 dark:border-slate-800"
                >
                  <td className="py-2 pr-4 whitespace-nowrap">
                    <time dateTime={payment.receivedAt.toISOString()}>
                      {utcTime(payment.receivedAt)}
                    </time>
                  </td>
                  <td className="py-2 pr-4 text-right whitespace-nowrap tabular-nums">
                    {formatTokenAmount(payment.amount, payment.tokenDecimals)} {payment.tokenSymbol}
                    {payment.status === "confirming" && (
                      <span className="ml-2 text-xs text-amber-700 dark:text-amber-300">
                        confirming
                      </span>
                    )}
                  </td>
                  <td className="py-2 pr-4 whitespace-nowrap">{chainName(payment.chainId)}</td>
                  <td className="py-2 pr-4">
                    <Link
                      href={`/dashboard/invoices/${payment.invoiceId}`}
                      className="font-mono text-xs text-indigo-700 underline underline-offset-2 dark:text-indigo-300"
                    >
                      {payment.invoiceId}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}
