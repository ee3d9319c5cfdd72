import Link from "next/link";
import { INVOICE_STATUSES } from "@/lib/invoices/state";
import { STATUS_LABELS } from "./StatusBadge";

const FIELD =
  "w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-950";

/** Search and status filter: a plain GET form, so the URL says what the list shows. */
export function InvoiceFilters({ status, q }: { status: string; q: string }) {
  return (
    <search aria-label="Invoices">
      <form
        method="get"
        action="/dashboard/invoices"
        className="grid gap-3 sm:grid-cols-[1fr_12rem_auto] sm:items-end"
      >
        <div>
          <label htmlFor="invoice-search" className="block text-sm font-medium">
            Invoice id or order id
          </label>
          <input
            id="invoice-search"
            name="q"
            type="search"
            defaultValue={q}
            maxLength={200}
            placeholder="inv_… or an order id"
            className={`mt-1 ${FIELD}`}
          />
        </div>
        <div>
          <label htmlFor="invoice-status" className="block text-sm font-medium">
            Status
          </label>
          <select
            id="invoice-status"
            name="status"
            defaultValue={status}
            className={`mt-1 ${FIELD}`}
          >
            <option value="">All statuses</option>
            {INVOICE_STATUSES.map((value) => (
              <option key={value} value={value}>
                {STATUS_LABELS[value]}
              </option>
            ))}
          </select>
        </div>
        <div className="flex gap-2">
          <button
            type="submit"
            className="rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
          >
            Search
          </button>
          {(status || q) && (
            <Link
              href="/dashboard/invoices"
              className="rounded-lg px-3 py-2 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100 dark:text-slate-200 dark:ring-slate-700 dark:hover:bg-slate-800"
            >
              Clear
            </Link>
          )}
        </div>
      </form>
    </search>
  );
}
