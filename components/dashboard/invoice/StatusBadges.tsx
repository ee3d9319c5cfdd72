import type { ApiInvoice } from "@/lib/invoices/present";

const STATUS_STYLE: Record<ApiInvoice["status"], string> = {
  open: "bg-sky-100 text-sky-900 dark:bg-sky-500/15 dark:text-sky-200",
  processing: "bg-amber-100 text-amber-900 dark:bg-amber-500/15 dark:text-amber-200",
  paid: "bg-emerald-100 text-emerald-900 dark:bg-emerald-500/15 dark:text-emerald-200",
  expired: "bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100",
  canceled: "bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100",
};

const EXCEPTION_TEXT: Record<NonNullable<ApiInvoice["exception"]>, string> = {
  underpaid: "Underpaid",
  overpaid: "Overpaid",
  paid_late: "Paid late",
  multiple_payments: "Multiple payments",
  paid_after_cancel: "Paid after cancel",
};

const badge = "inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-semibold";

/** The invoice's status, its exception, and how much of it was refunded, as badges. */
export function StatusBadges({
  invoice,
}: {
  invoice: Pick<ApiInvoice, "status" | "exception" | "refund_status">;
}) {
  return (
    <span className="inline-flex flex-wrap items-center gap-2" data-testid="invoice-badges">
      <span className={`${badge} ${STATUS_STYLE[invoice.status]}`} data-testid="invoice-status">
        {invoice.status.charAt(0).toUpperCase() + invoice.status.slice(1)}
      </span>
      {invoice.exception && (
        <span
          className={`${badge} bg-orange-100 text-orange-900 dark:bg-orange-500/15 dark:text-orange-200`}
        >
          {EXCEPTION_TEXT[invoice.exception]}
        </span>
      )}
      {invoice.refund_status && (
        <span
          className={`${badge} bg-violet-100 text-violet-900 dark:bg-violet-500/15 dark:text-violet-200`}
          data-testid="refund-status"
        >
          {invoice.refund_status === "refunded" ? "Refunded" : "Partially refunded"}
        </span>
      )}
    </span>
  );
}
