"use client";

import { useId, useState } from "react";
import { DashboardApiError, dashboardFetch } from "@/components/dashboard/api";
import { Field, FormError, inputClass } from "@/components/dashboard/developers/ui";
import { Button } from "@/components/ui/Button";
import type { DashboardPaymentLink } from "./present";

type Errors = Partial<Record<"amount" | "currency" | "description" | "redirect_url", string>>;

/**
 * Creates a payment link, or edits one: a fixed amount or one the shopper enters, the currency,
 * a description and where the shopper returns after paying. The server checks everything (the
 * API's own schema); its error lands on the field it names.
 */
export function LinkForm({
  link,
  onSaved,
  onCancel,
}: {
  link?: DashboardPaymentLink;
  onSaved: (link: DashboardPaymentLink) => void;
  onCancel?: () => void;
}) {
  const id = useId();
  const [kind, setKind] = useState<"fixed" | "open">(
    link && link.amount === null ? "open" : "fixed",
  );
  const [amount, setAmount] = useState(link?.amount ?? "");
  const [currency, setCurrency] = useState(link?.currency ?? "USD");
  const [description, setDescription] = useState(link?.description ?? "");
  const [redirectUrl, setRedirectUrl] = useState(link?.redirect_url ?? "");
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setErrors({});
    setFormError(null);
    if (kind === "fixed" && amount.trim() === "") {
      setErrors({ amount: "Enter an amount such as 25.00, or let the shopper enter it." });
      return;
    }
    setSaving(true);
    try {
      const saved = await dashboardFetch<DashboardPaymentLink>(
        link ? `/api/dashboard/payment-links/${link.id}` : "/api/dashboard/payment-links",
        {
          body: {
            amount: kind === "fixed" ? amount.trim() : null,
            currency,
            description: description.trim() || null,
            redirect_url: redirectUrl.trim() || null,
          },
        },
      );
      onSaved(saved);
    } catch (error) {
      if (error instanceof DashboardApiError && error.param && error.param in fieldNames) {
        setErrors({ [error.param]: error.message });
      } else {
        setFormError(error instanceof Error ? error.message : String(error));
      }
    } finally {
      setSaving(false);
    }
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      className="space-y-4"
      aria-label={link ? "Edit payment link" : "New payment link"}
    >
      <fieldset>
        <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">Amount</legend>
        <div className="mt-2 flex flex-col gap-2 sm:flex-row sm:gap-6">
          <label className="flex items-center gap-2 text-sm">
            <input
              type="radio"
              name={`${id}-kind`}
              checked={kind === "fixed"}
              onChange={() => setKind("fixed")}
              className="size-4 accent-indigo-600"
            />
            Fixed amount
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input
              type="radio"
              name={`${id}-kind`}
              checked={kind === "open"}
              onChange={() => setKind("open")}
              className="size-4 accent-indigo-600"
            />
            Shopper enters the amount
          </label>
        </div>
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-[1fr_8rem]">
        {kind === "fixed" ? (
          <Field
            id={`${id}-amount`}
            label="Amount"
            error={errors.amount}
            hint="A decimal such as 25.00."
          >
            {(props) => (
              <input
                {...props}
                inputMode="decimal"
                autoComplete="off"
                value={amount}
                onChange={(event) => setAmount(event.target.value)}
                placeholder="25.00"
                className={inputClass}
              />
            )}
          </Field>
        ) : (
          <p className="self-end rounded-lg bg-slate-50 px-3 py-2 text-sm text-slate-700 dark:bg-slate-800/60 dark:text-slate-300">
            The link asks the shopper how much to pay.
          </p>
        )}
        <Field id={`${id}-currency`} label="Currency" error={errors.currency}>
          {(props) => (
            <select
              {...props}
              value={currency}
              onChange={(event) => setCurrency(event.target.value)}
              className={inputClass}
            >
              <option value="USD">USD</option>
              <option value="EUR">EUR</option>
            </select>
          )}
        </Field>
      </div>
      <Field
        id={`${id}-description`}
        label="Description"
        error={errors.description}
        hint="Shown to the shopper on the checkout, such as “Yoga class”."
      >
        {(props) => (
          <input
            {...props}
            value={description}
            maxLength={1000}
            onChange={(event) => setDescription(event.target.value)}
            className={inputClass}
          />
        )}
      </Field>
      <Field
        id={`${id}-redirect`}
        label="Redirect URL (optional)"
        error={errors.redirect_url}
        hint="Where the shopper returns after paying."
      >
        {(props) => (
          <input
            {...props}
            type="url"
            inputMode="url"
            value={redirectUrl}
            onChange={(event) => setRedirectUrl(event.target.value)}
            placeholder="https://shop.example/thanks"
            className={inputClass}
          />
        )}
      </Field>
      <FormError message={formError} />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="primary" disabled={saving}>
          {saving ? "Saving…" : link ? "Save changes" : "Create link"}
        </Button>
        {onCancel && (
          <Button onClick={onCancel} disabled={saving}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}

const fieldNames = { amount: 1, currency: 1, description: 1, redirect_url: 1 };
