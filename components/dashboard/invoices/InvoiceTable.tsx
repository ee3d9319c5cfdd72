import Link from "next/link";
import type { ApiInvoice } from "@/lib/invoices/present";
import { money, utcTime } from "./format";
import { StatusBadge } from "./StatusBadge";

/** Invoices as a table: on a phone each row stacks into a card; wider, the usual columns. */
export function InvoiceTable({ invoices }: { invoices: ApiInvoice[] }) {
  return (
    <table className="w-full text-left text-sm" data-testid="invoice-table">
      <caption className="sr-only">Invoices, newest first</caption>
      <thead className="hidden sm:table-header-group">
        <tr className="border-b border-slate-200 text-slate-600 dark:border-slate-700 dark:text-slate-400">
          <th scope="col" className="py-2 pr-4 font-medium">
            Invoice
          </th>
          <th scope="col" className="py-2 pr-4 font-medium">
            Order id
          </th>
          <th scope="col" className="py-2 pr-4 text-right font-medium">
            Amount
          </th>
          <th scope="col" className="py-2 pr-4 font-medium">
            Status
          </th>
          <th scope="col" className="py-2 pr-4 font-medium">
            Created
          </th>
          <th scope="col" className="py-2 font-medium">
            Paid
          </th>
        </tr>
      </thead>
      <tbody>
        {invoices.map((invoice) => (
          <tr
            key={invoice.id}
            data-testid="invoice-row"
            className="block border-b border-slate-100 py-3 last:border-0 sm:table-row sm:py-0 dark:border-slate-800"
          >
            <th scope="row" className="block pb-1 font-normal sm:table-cell sm:py-2.5 sm:pr-4">
              <Link
                href={`/dashboard/invoices/${invoice.id}`}
                className="font-mono text-xs break-all text-indigo-700 underline underline-offset-2 dark:text-indigo-300"
              >
                {invoice.id}
              </Link>
            </th>
            <Cell label="Order id">
              {invoice.order_id ?? <span className="text-slate-500 dark:text-slate-400">—</span>}
            </Cell>
            <Cell label="Amount" className="sm:text-right sm:whitespace-nowrap tabular-nums">
              {money(invoice.amount, invoice.currency)}
            </Cell>
            <Cell label="Status">
              <StatusBadge status={invoice.status} exception={invoice.exception} />
            </Cell>
            <Cell label="Created" className="sm:whitespace-nowrap">
              <time dateTime={invoice.created_at}>{utcTime(invoice.created_at)}</time>
            </Cell>
            <Cell label="Paid" className="sm:whitespace-nowrap" last>
              {invoice.paid_at ? (
                <time dateTime={invoice.paid_at}>{utcTime(invoice.paid_at)}</time>
              ) : (
                <span className="text-slate-500 dark:text-slate-400">—</span>
              )}
            </Cell>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A cell that, on a phone, shows its column's name before the value. */
function Cell({
  label,
  className = "",
  last = false,
  children,
}: {
  label: string;
  className?: string;
  last?: boolean;
  children: React.ReactNode;
}) {
  return (
    <td
      className={`flex items-center justify-between gap-4 py-0.5 sm:table-cell sm:py-2.5 ${last ? "" : "sm:pr-4"} ${className}`}
    >
      <span aria-hidden="true" className="text-slate-600 sm:hidden dark:text-slate-400">
        {label}
      </span>
      <span>{children}</span>
    </td>
  );
}
