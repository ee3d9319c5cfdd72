import Link from "next/link";
import type { InvoiceCounts } from "@/lib/dashboard/overview";
import { STATUS_LABELS } from "../invoices/StatusBadge";

const SHOWN = ["open", "processing", "paid", "expired"] as const;

/** How many invoices are open, processing, paid and expired; each links to that list. */
export function StatusCounts({ counts }: { counts: InvoiceCounts }) {
  return (
    <section aria-labelledby="status-counts">
      <h2 id="status-counts" className="sr-only">
        Invoices by status
      </h2>
      <ul className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        {SHOWN.map((status) => (
          <li key={status}>
            <Link
              href={`/dashboard/invoices?status=${status}`}
              className="block rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 hover:ring-indigo-300 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:bg-slate-900 dark:ring-slate-800 dark:hover:ring-indigo-500/50"
              data-testid={`count-${status}`}
            >
              <span className="block text-sm text-slate-600 dark:text-slate-400">
                {STATUS_LABELS[status]}
              </span>
              <span className="mt-1 block text-2xl font-semibold tabular-nums">
                {counts[status]}
              </span>
              <span className="sr-only">{counts[status] === 1 ? " invoice" : " invoices"}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
