import type { InvoiceException, InvoiceStatus } from "@/lib/invoices/state";

const STYLES: Record<InvoiceStatus, string> = {
  open: "bg-sky-50 text-sky-800 ring-sky-200 dark:bg-sky-500/10 dark:text-sky-200 dark:ring-sky-500/30",
  processing:
    "bg-amber-50 text-amber-800 ring-amber-200 dark:bg-amber-500/10 dark:text-amber-200 dark:ring-amber-500/30",
  paid: "bg-emerald-50 text-emerald-800 ring-emerald-200 dark:bg-emerald-500/10 dark:text-emerald-200 dark:ring-emerald-500/30",
  expired:
    "bg-slate-100 text-slate-700 ring-slate-300 dark:bg-slate-500/10 dark:text-slate-300 dark:ring-slate-500/30",
  canceled:
    "bg-rose-50 text-rose-800 ring-rose-200 dark:bg-rose-500/10 dark:text-rose-200 dark:ring-rose-500/30",
};

export const STATUS_LABELS: Record<InvoiceStatus, string> = {
  open: "Open",
  processing: "Processing",
  paid: "Paid",
  expired: "Expired",
  canceled: "Canceled",
};

const EXCEPTION_LABELS: Record<InvoiceException, string> = {
  underpaid: "underpaid",
  overpaid: "overpaid",
  paid_late: "paid late",
  multiple_payments: "several payments",
  paid_after_cancel: "paid after cancel",
};

/** An invoice's status as a coloured pill, with its exception (underpaid, …) beside it. */
export function StatusBadge({
  status,
  exception = null,
}: {
  status: InvoiceStatus;
  exception?: InvoiceException | null;
}) {
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      <span
        className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLES[status]}`}
      >
        {STATUS_LABELS[status]}
      </span>
      {exception && (
        <span className="text-xs text-slate-600 dark:text-slate-400">
          {EXCEPTION_LABELS[exception]}
        </span>
      )}
    </span>
  );
}
