"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import type { ApiInvoice } from "@/lib/invoices/present";
import { DashboardApiError, dashboardFetch } from "../api";
import { InvoiceCreated } from "./InvoiceCreated";
import { InvoiceDetailsFields } from "./InvoiceDetailsFields";
import { invoiceRequest, type LineItemDraft, problemOf } from "./invoiceFormFields";
import { LineItemsField } from "./LineItemsField";

/** The form's lifecycle: each status with what it shows. */
type CreateInvoiceState =
  | { status: "editing"; error: DashboardApiError | null }
  | { status: "creating" }
  | { status: "created"; invoice: ApiInvoice };

/**
 * Creates an invoice through the dashboard's endpoint (the API's schema and code). A refused
 * field gets the server's message next to it and the focus.
 */
export function CreateInvoiceForm({ defaultExpiresIn }: { defaultExpiresIn: number }) {
  const [items, setItems] = useState<LineItemDraft[]>([]);
  const [nextKey, setNextKey] = useState(0);
  const [state, setState] = useState<CreateInvoiceState>({ status: "editing", error: null });
  const error = state.status === "editing" ? state.error : null;
  const problem = problemOf(error);

  // After a refusal, the focus goes where the merchant has to look: the refused field.
  useEffect(() => {
    const id = problemOf(error)?.field;
    if (id) document.getElementById(id)?.focus();
  }, [error]);

  if (state.status === "created") {
    return (
      <InvoiceCreated
        invoice={state.invoice}
        onCreateAnother={() => {
          setState({ status: "editing", error: null });
          setItems([]);
        }}
      />
    );
  }

  return (
    <form
      noValidate
      className="space-y-5 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-6 dark:bg-slate-900 dark:ring-slate-800"
      onSubmit={async (event) => {
        event.preventDefault();
        const body = invoiceRequest(event.currentTarget, items);
        setState({ status: "creating" });
        try {
          const invoice = await dashboardFetch<ApiInvoice>("/api/dashboard/invoices", { body });
          setState({ status: "created", invoice });
        } catch (caught) {
          setState({
            status: "editing",
            error:
              caught instanceof DashboardApiError
                ? caught
                : new DashboardApiError(String(caught), null, 0),
          });
        }
      }}
    >
      <InvoiceDetailsFields defaultExpiresIn={defaultExpiresIn} problem={problem} />
      <LineItemsField
        items={items}
        onItems={setItems}
        onAdd={() => {
          setItems([...items, { key: nextKey, name: "", quantity: "1", unit_amount: "" }]);
          setNextKey(nextKey + 1);
        }}
        problem={problem}
      />

      {problem && problem.field === null && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {problem.error.message}
        </p>
      )}

      <div className="flex flex-wrap gap-3">
        <button
          type="submit"
          disabled={state.status === "creating"}
          className="rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-60"
        >
          {state.status === "creating" ? "Creating…" : "Create invoice"}
        </button>
        <Link
          href="/dashboard/invoices"
          className="rounded-lg px-4 py-2 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100 dark:text-slate-200 dark:ring-slate-700 dark:hover:bg-slate-800"
        >
          Cancel
        </Link>
      </div>
    </form>
  );
}
