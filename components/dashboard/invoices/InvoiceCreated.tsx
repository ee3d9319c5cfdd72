"use client";

import Link from "next/link";
import { useEffect } from "react";
import { CopyButton } from "@/components/ui/CopyButton";
import type { ApiInvoice } from "@/lib/invoices/present";
import { money } from "./format";

const SECONDARY =
  "rounded-lg px-4 py-2 font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100 dark:text-slate-200 dark:ring-slate-700 dark:hover:bg-slate-800";

/** The invoice just created: its checkout link to send, and where to go next. */
export function InvoiceCreated({
  invoice,
  onCreateAnother,
}: {
  invoice: ApiInvoice;
  onCreateAnother: () => void;
}) {
  // The form the merchant was in is gone: the focus goes to the confirmation.
  useEffect(() => {
    document.getElementById("created-heading")?.focus();
  }, []);
  return (
    <section
      aria-labelledby="created-heading"
      className="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
      data-testid="invoice-created"
    >
      <h2 id="created-heading" className="text-lg font-semibold" tabIndex={-1}>
        Invoice created
      </h2>
      <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">
        <span className="font-mono break-all">{invoice.id}</span> for{" "}
        <span className="font-medium tabular-nums">{money(invoice.amount, invoice.currency)}</span>
        {invoice.order_id ? ` (order ${invoice.order_id})` : ""}. Send the shopper its checkout
        link:
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-2 rounded-lg bg-slate-50 p-3 dark:bg-slate-950">
        <a
          href={invoice.checkout_url}
          className="min-w-0 flex-1 font-mono text-xs break-all text-indigo-700 underline underline-offset-2 dark:text-indigo-300"
          data-testid="checkout-link"
        >
          {invoice.checkout_url}
        </a>
        <CopyButton value={invoice.checkout_url} label="Copy checkout link" />
      </div>
      <div className="mt-5 flex flex-wrap gap-3 text-sm">
        <Link
          href={`/dashboard/invoices/${invoice.id}`}
          className="rounded-lg bg-indigo-600 px-4 py-2 font-semibold text-white hover:bg-indigo-700"
        >
          Open the invoice
        </Link>
        <Link href="/dashboard/invoices" className={SECONDARY}>
          All invoices
        </Link>
        <button type="button" onClick={onCreateAnother} className={SECONDARY}>
          Create another
        </button>
      </div>
    </section>
  );
}
