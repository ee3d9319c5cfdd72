"use client";

import { useActionState } from "react";
import { primaryButton } from "@/components/checkout/styles";
import { LinkCard, type LinkCardMerchant } from "./LinkCard";

export type AmountFormState = { amount: string; error: string | null };

type Props = {
  link: LinkCardMerchant & { currency: string; description: string | null };
  /** Issues the invoice and redirects to its checkout, or answers with what was wrong. */
  action: (previous: AmountFormState, form: FormData) => Promise<AmountFormState>;
};

const SYMBOLS: Record<string, string> = { USD: "$", EUR: "€" };

/** For links without a fixed amount (tips, top-ups, donations): the shopper types it. */
export function AmountForm({ link, action: submit }: Props) {
  const [state, action, pending] = useActionState(submit, { amount: "", error: null });
  return (
    <LinkCard link={link}>
      <form action={action}>
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
        <button type="submit" disabled={pending} className={`mt-5 ${primaryButton}`}>
          {pending ? "Preparing…" : "Continue to payment"}
        </button>
      </form>
    </LinkCard>
  );
}
