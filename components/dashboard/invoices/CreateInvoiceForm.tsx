"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import type { ApiInvoice } from "@/lib/invoices/present";
import { DashboardApiError, dashboardFetch } from "../api";
import { CopyLinkButton } from "./CopyLinkButton";
import { money } from "./format";

type ItemDraft = { key: number; name: string; quantity: string; unit_amount: string };

const FIELD =
  "mt-1 w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm aria-[invalid=true]:border-red-600 dark:border-slate-700 dark:bg-slate-950 dark:aria-[invalid=true]:border-red-400";

const EXPIRY_CHOICES = [
  { seconds: 15 * 60, label: "15 minutes" },
  { seconds: 30 * 60, label: "30 minutes" },
  { seconds: 3600, label: "1 hour" },
  { seconds: 6 * 3600, label: "6 hours" },
  { seconds: 24 * 3600, label: "1 day" },
  { seconds: 3 * 24 * 3600, label: "3 days" },
  { seconds: 7 * 24 * 3600, label: "7 days" },
];

function describeSeconds(seconds: number): string {
  const known = EXPIRY_CHOICES.find((choice) => choice.seconds === seconds);
  if (known) return known.label;
  return seconds % 3600 === 0 ? `${seconds / 3600} hours` : `${Math.round(seconds / 60)} minutes`;
}

/** The field id an API error's `param` ("amount", "items.0.unit_amount") belongs to. */
function fieldIdFor(param: string | null): string | null {
  if (!param) return null;
  const item = /^items\.(\d+)\.(name|quantity|unit_amount)$/.exec(param);
  if (item) return `item-${item[1]}-${item[2]}`;
  if (param.startsWith("items")) return "items";
  const known = ["amount", "currency", "description", "order_id", "expires_in", "redirect_url"];
  return known.includes(param) ? param : null;
}

/**
 * Creates an invoice through the dashboard's endpoint (the API's schema and code). A refused
 * field gets the server's message next to it and the focus.
 */
export function CreateInvoiceForm({ defaultExpiresIn }: { defaultExpiresIn: number }) {
  const [items, setItems] = useState<ItemDraft[]>([]);
  const [nextKey, setNextKey] = useState(0);
  const [error, setError] = useState<DashboardApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<ApiInvoice | null>(null);

  const errorField = fieldIdFor(error?.param ?? null);
  // After each answer, the focus goes where the merchant has to look: the refused field, or the
  // confirmation.
  useEffect(() => {
    if (created) document.getElementById("created-heading")?.focus();
  }, [created]);
  useEffect(() => {
    const id = fieldIdFor(error?.param ?? null);
    if (id) document.getElementById(id)?.focus();
  }, [error]);
  const fieldError = (id: string) =>
    errorField === id && error ? (
      <p id={`${id}-error`} role="alert" className="mt-1 text-sm text-red-700 dark:text-red-300">
        {error.message}
      </p>
    ) : null;
  const invalid = (id: string) =>
    errorField === id ? { "aria-invalid": true, "aria-describedby": `${id}-error` } : {};

  if (created) {
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
          <span className="font-mono break-all">{created.id}</span> for{" "}
          <span className="font-medium tabular-nums">
            {money(created.amount, created.currency)}
          </span>
          {created.order_id ? ` (order ${created.order_id})` : ""}. Send the shopper its checkout
          link:
        </p>
        <div className="mt-3 flex flex-wrap items-center gap-2 rounded-lg bg-slate-50 p-3 dark:bg-slate-950">
          <a
            href={created.checkout_url}
            className="min-w-0 flex-1 font-mono text-xs break-all text-indigo-700 underline underline-offset-2 dark:text-indigo-300"
            data-testid="checkout-link"
          >
            {created.checkout_url}
          </a>
          <CopyLinkButton value={created.checkout_url} label="Copy checkout link" />
        </div>
        <div className="mt-5 flex flex-wrap gap-3 text-sm">
          <Link
            href={`/dashboard/invoices/${created.id}`}
            className="rounded-lg bg-indigo-600 px-4 py-2 font-semibold text-white hover:bg-indigo-700"
          >
            Open the invoice
          </Link>
          <Link
            href="/dashboard/invoices"
            className="rounded-lg px-4 py-2 font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100 dark:text-slate-200 dark:ring-slate-700 dark:hover:bg-slate-800"
          >
            All invoices
          </Link>
          <button
            type="button"
            onClick={() => {
              setCreated(null);
              setItems([]);
            }}
            className="rounded-lg px-4 py-2 font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100 dark:text-slate-200 dark:ring-slate-700 dark:hover:bg-slate-800"
          >
            Create another
          </button>
        </div>
      </section>
    );
  }

  return (
    <form
      noValidate
      className="space-y-5 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-6 dark:bg-slate-900 dark:ring-slate-800"
      onSubmit={async (event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        const text = (name: string) => String(data.get(name) ?? "").trim();
        const body: Record<string, unknown> = {
          amount: text("amount"),
          currency: text("currency"),
        };
        for (const name of ["description", "order_id", "redirect_url"]) {
          if (text(name)) body[name] = text(name);
        }
        if (text("expires_in")) body.expires_in = Number(text("expires_in"));
        if (items.length > 0) {
          body.items = items.map((item) => ({
            name: item.name.trim(),
            quantity: item.quantity.trim() === "" ? null : Number(item.quantity),
            unit_amount: item.unit_amount.trim(),
          }));
        }
        setBusy(true);
        setError(null);
        try {
          const invoice = await dashboardFetch<ApiInvoice>("/api/dashboard/invoices", { body });
          setCreated(invoice);
        } catch (caught) {
          setError(
            caught instanceof DashboardApiError
              ? caught
              : new DashboardApiError(String(caught), null, 0),
          );
        } finally {
          setBusy(false);
        }
      }}
    >
      <div className="grid gap-4 sm:grid-cols-[1fr_10rem]">
        <div>
          <label htmlFor="amount" className="block text-sm font-medium">
            Amount
          </label>
          <input
            id="amount"
            name="amount"
            required
            inputMode="decimal"
            autoComplete="off"
            placeholder="12.50"
            className={`${FIELD} tabular-nums`}
            {...invalid("amount")}
          />
          {fieldError("amount")}
        </div>
        <div>
          <label htmlFor="currency" className="block text-sm font-medium">
            Currency
          </label>
          <select
            id="currency"
            name="currency"
            defaultValue="USD"
            className={FIELD}
            {...invalid("currency")}
          >
            <option value="USD">USD</option>
            <option value="EUR">EUR</option>
          </select>
          {fieldError("currency")}
        </div>
      </div>

      <div>
        <label htmlFor="description" className="block text-sm font-medium">
          Description{" "}
          <span className="font-normal text-slate-600 dark:text-slate-400">
            (optional, shown to the shopper)
          </span>
        </label>
        <textarea
          id="description"
          name="description"
          rows={2}
          maxLength={1000}
          className={FIELD}
          {...invalid("description")}
        />
        {fieldError("description")}
      </div>

      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor="order_id" className="block text-sm font-medium">
            Order id{" "}
            <span className="font-normal text-slate-600 dark:text-slate-400">(optional)</span>
          </label>
          <input
            id="order_id"
            name="order_id"
            maxLength={200}
            autoComplete="off"
            className={FIELD}
            {...invalid("order_id")}
          />
          {fieldError("order_id")}
        </div>
        <div>
          <label htmlFor="expires_in" className="block text-sm font-medium">
            Expires in
          </label>
          <select
            id="expires_in"
            name="expires_in"
            defaultValue=""
            className={FIELD}
            {...invalid("expires_in")}
          >
            <option value="">Store default ({describeSeconds(defaultExpiresIn)})</option>
            {EXPIRY_CHOICES.map((choice) => (
              <option key={choice.seconds} value={choice.seconds}>
                {choice.label}
              </option>
            ))}
          </select>
          {fieldError("expires_in")}
        </div>
      </div>

      <div>
        <label htmlFor="redirect_url" className="block text-sm font-medium">
          Redirect URL{" "}
          <span className="font-normal text-slate-600 dark:text-slate-400">
            (optional: where the shopper returns after paying)
          </span>
        </label>
        <input
          id="redirect_url"
          name="redirect_url"
          type="url"
          placeholder="https://shop.example/thanks"
          className={FIELD}
          {...invalid("redirect_url")}
        />
        {fieldError("redirect_url")}
      </div>

      <fieldset>
        <legend className="text-sm font-medium">
          Line items{" "}
          <span className="font-normal text-slate-600 dark:text-slate-400">
            (optional; they must add up to the amount)
          </span>
        </legend>
        <div id="items" tabIndex={-1} className="mt-2 space-y-3">
          {items.map((item, index) => (
            <div
              key={item.key}
              className="grid grid-cols-2 gap-2 rounded-lg p-3 ring-1 ring-slate-200 sm:grid-cols-[1fr_6rem_8rem_auto] sm:items-start dark:ring-slate-800"
            >
              {(
                [
                  ["name", "Name", "col-span-2 sm:col-span-1"],
                  ["quantity", "Quantity", ""],
                  ["unit_amount", "Unit amount", ""],
                ] as const
              ).map(([field, label, span]) => {
                const id = `item-${index}-${field}`;
                return (
                  <div key={field} className={span}>
                    <label htmlFor={id} className="block text-xs font-medium">
                      {label} <span className="sr-only">of item {index + 1}</span>
                    </label>
                    <input
                      id={id}
                      value={item[field]}
                      inputMode={
                        field === "name" ? undefined : field === "quantity" ? "numeric" : "decimal"
                      }
                      onChange={(event) =>
                        setItems(
                          items.map((candidate) =>
                            candidate.key === item.key
                              ? { ...candidate, [field]: event.target.value }
                              : candidate,
                          ),
                        )
                      }
                      className={FIELD}
                      {...invalid(id)}
                    />
                    {fieldError(id)}
                  </div>
                );
              })}
              <button
                type="button"
                onClick={() => setItems(items.filter((candidate) => candidate.key !== item.key))}
                className="col-span-2 justify-self-start rounded-md px-2.5 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100 sm:col-span-1 sm:mt-5 dark:text-slate-200 dark:ring-slate-700 dark:hover:bg-slate-800"
              >
                Remove <span className="sr-only">item {index + 1}</span>
              </button>
            </div>
          ))}
        </div>
        {fieldError("items")}
        <button
          type="button"
          onClick={() => {
            setItems([...items, { key: nextKey, name: "", quantity: "1", unit_amount: "" }]);
            setNextKey(nextKey + 1);
          }}
          className="mt-3 rounded-md px-2.5 py-1.5 text-sm font-medium text-indigo-700 ring-1 ring-indigo-300 hover:bg-indigo-50 dark:text-indigo-200 dark:ring-indigo-500/50 dark:hover:bg-indigo-500/10"
        >
          Add a line item
        </button>
      </fieldset>

      {error && !errorField && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {error.message}
        </p>
      )}

      <div className="flex flex-wrap gap-3">
        <button
          type="submit"
          disabled={busy}
          className="rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-60"
        >
          {busy ? "Creating…" : "Create invoice"}
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
