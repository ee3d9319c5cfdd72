"use client";

import { useActionState } from "react";

export type AmountFormState = { amount: string; error: string | null };

type Props = {
  link: { merchantName: string; livemode: boolean; currency: string; description: string | null };
  /** Issues the invoice and redirects to its checkout, or answers with what was wrong. */
  action: (previous: AmountFormState, form: FormData) => Promise<AmountFormState>;
};

const SYMBOLS: Record<string, string> = { USD: "$", EUR: "€" };

/** For links without a fixed amount (tips, top-ups, donations): the shopper types it. */
export function AmountForm({ link, action: submit }: Props) {
  const [state, action, pending] = useActionState(submit, { amount: "", error: null });
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col px-4 py-6 sm:py-12">
      <form
        action={action}
        className="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
      >
        <div className="flex items-start justify-between gap-3">
          <p className="text-sm font-medium text-slate-600 dark:text-slate-300">
            {link.merchantName}
          </p>
          {!link.livemode && (
            <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-400/15 dark:text-amber-200">
              Test mode
            </span>
          )}
        </div>
        <h1 className="mt-2 text-2xl font-semibold">{link.description ?? "Choose an amount"}</h1>
        <label
          htmlFor="amount"
          className="mt-5 block text-sm font-medium text-slate-700 dark:text-slate-200"
        >
          Amount ({link.currency})
        </label>
        <div className="mt-1.5 flex items-center rounded-xl ring-1 ring-slate-300 focus-within:ring-2 focus-within:ring-indigo-600 dark:ring-slate-700">
          <span className="pl-3.5 text-lg text-slate-500">{SYMBOLS[link.currency] ?? ""}</span>
          <input
            id="amount"
            name="amount"
            inputMode="decimal"
            autoComplete="off"
            placeholder="0.00"
            defaultValue={state.amount}
            required
            aria-invalid={state.error !== null}
            aria-describedby={state.error ? "amount-error" : undefined}
            className="w-full rounded-xl bg-transparent px-2 py-3 text-lg tabular-nums outline-none"
          />
        </div>
        {state.error && (
          <p id="amount-error" role="alert" className="mt-2 text-sm text-red-700 dark:text-red-300">
            {state.error}
          </p>
        )}
        <button
          type="submit"
          disabled={pending}
          className="mt-5 w-full rounded-xl bg-indigo-600 px-4 py-3.5 text-base font-semibold text-white shadow-sm hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:bg-indigo-400"
        >
          {pending ? "Preparing…" : "Continue to payment"}
        </button>
      </form>
    </main>
  );
}
