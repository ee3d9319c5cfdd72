"use client";

import { useState } from "react";

const FIELD =
  "mt-1 w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-950 dark:[color-scheme:dark]";

/**
 * Downloads the CSV of the invoices created from one UTC day to another. A plain GET form (the
 * browser saves the attachment); a reversed range is caught here before the server says so.
 */
export function ExportForm({ from, to }: { from: string; to: string }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <section
      aria-labelledby="export-heading"
      className="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-6 dark:bg-slate-900 dark:ring-slate-800"
    >
      <h2 id="export-heading" className="text-base font-semibold">
        Export to CSV
      </h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        Invoices created between two days (UTC, both included), with amounts, status and payment
        transactions.
      </p>
      <form
        method="get"
        action="/api/dashboard/invoices/export"
        className="mt-4 grid gap-3 sm:grid-cols-[12rem_12rem_auto] sm:items-start"
        onSubmit={(event) => {
          const data = new FormData(event.currentTarget);
          if (String(data.get("to")) < String(data.get("from"))) {
            event.preventDefault();
            setError("The end day must not be before the start day.");
          } else setError(null);
        }}
      >
        <div>
          <label htmlFor="export-from" className="block text-sm font-medium">
            From
          </label>
          <input
            id="export-from"
            name="from"
            type="date"
            required
            defaultValue={from}
            className={FIELD}
          />
        </div>
        <div>
          <label htmlFor="export-to" className="block text-sm font-medium">
            To
          </label>
          <input
            id="export-to"
            name="to"
            type="date"
            required
            defaultValue={to}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "export-error" : undefined}
            className={FIELD}
          />
          {error && (
            <p
              id="export-error"
              role="alert"
              className="mt-1 text-sm text-red-700 dark:text-red-300"
            >
              {error}
            </p>
          )}
        </div>
        <button
          type="submit"
          className="rounded-lg px-4 py-2 text-sm font-semibold text-indigo-700 ring-1 ring-indigo-300 sm:justify-self-start hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 sm:mt-6 dark:text-indigo-200 dark:ring-indigo-500/50 dark:hover:bg-indigo-500/10"
        >
          Download CSV
        </button>
      </form>
    </section>
  );
}
