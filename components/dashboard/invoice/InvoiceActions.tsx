"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { CopyButton } from "@/components/ui/CopyButton";
import { DashboardApiError, dashboardFetch } from "../api";

const secondary =
  "rounded-lg px-3 py-2 text-sm font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-60 dark:text-slate-100 dark:ring-slate-700 dark:hover:bg-slate-800";
const danger =
  "rounded-lg bg-red-700 px-3 py-2 text-sm font-semibold text-white hover:bg-red-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700 disabled:opacity-60";

/** Copy the checkout link; cancel the invoice while it is open with nothing paid (asked twice). */
export function InvoiceActions({
  invoiceId,
  checkoutUrl,
  cancelable,
}: {
  invoiceId: string;
  checkoutUrl: string;
  cancelable: boolean;
}) {
  const router = useRouter();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function cancel() {
    setBusy(true);
    setError(null);
    try {
      await dashboardFetch(`/api/dashboard/invoices/${invoiceId}/cancel`, { method: "POST" });
      setAsking(false);
      router.refresh();
    } catch (caught) {
      setError(caught instanceof DashboardApiError ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="flex flex-col items-start gap-2 sm:items-end">
      <div className="flex flex-wrap items-center gap-2">
        <span className="inline-flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
          Checkout link
          <CopyButton value={checkoutUrl} context="checkout link" />
        </span>
        {cancelable && !asking && (
          <button type="button" className={secondary} onClick={() => setAsking(true)}>
            Cancel invoice
          </button>
        )}
      </div>
      {asking && (
        <fieldset className="flex flex-wrap items-center gap-2 text-sm">
          <legend className="sr-only">Confirm cancel</legend>
          <span>The shopper will no longer be able to pay it.</span>
          <button type="button" className={danger} disabled={busy} onClick={() => void cancel()}>
            Yes, cancel invoice
          </button>
          <button type="button" className={secondary} onClick={() => setAsking(false)}>
            Keep it
          </button>
        </fieldset>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </div>
  );
}
