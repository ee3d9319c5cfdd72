"use client";

import { useActionState } from "react";
import { primaryButton } from "@/components/checkout/styles";
import { formatMoney } from "@/lib/i18n/format";
import { LinkCard, type LinkCardMerchant } from "./LinkCard";

export type FixedAmountState = { error: string | null };

type Props = {
  link: LinkCardMerchant & {
    amount: string;
    currency: string;
    description: string | null;
    resumableInvoiceId: string | null;
  };
  /** The checkout's own query ("?lang=…"), kept on the way to an invoice this browser has. */
  query: string;
  /** Issues the invoice (or finds this browser's) and redirects to its checkout. */
  action: (previous: FixedAmountState) => Promise<FixedAmountState>;
};

/**
 * A fixed-amount link: what is paid, to whom, for what, and one button. Opening the page issues
 * nothing; the button does (a form post), so previews, crawlers and prefetches cost no invoice.
 */
export function FixedAmountForm({ link, query, action: submit }: Props) {
  const [state, action, pending] = useActionState(submit, { error: null });
  return (
    <LinkCard link={link}>
      <h1 className="mt-2 text-4xl font-semibold tracking-tight" data-testid="link-amount">
        {formatMoney(link.amount, link.currency, "en")}
        <span className="ml-2 align-middle text-base font-medium text-slate-600 dark:text-slate-400">
          {link.currency}
        </span>
      </h1>
      {link.description && (
        <p className="mt-2 text-[15px] text-slate-800 dark:text-slate-200">{link.description}</p>
      )}
      {link.resumableInvoiceId ? (
        <>
          <p
            className="mt-5 rounded-lg bg-slate-50 px-3 py-2.5 text-sm text-slate-700 dark:bg-slate-800/60 dark:text-slate-200"
            data-testid="link-resume-note"
          >
            You started this payment earlier and it is still open. Continue where you left off.
          </p>
          {/* A plain link: going back to the same invoice issues nothing. */}
          <a
            href={`/pay/${link.resumableInvoiceId}${query}`}
            className={`mt-4 block text-center ${primaryButton}`}
          >
            Continue to payment
          </a>
        </>
      ) : (
        <form action={action} className="mt-6">
          {state.error && (
            <p role="alert" className="mb-3 text-sm text-red-700 dark:text-red-300">
              {state.error}
            </p>
          )}
          <button type="submit" disabled={pending} className={primaryButton}>
            {pending ? "Preparing…" : "Continue to payment"}
          </button>
        </form>
      )}
      <p className="mt-3 text-center text-sm text-slate-600 dark:text-slate-400">
        You choose the wallet and the stablecoin on the next step.
      </p>
    </LinkCard>
  );
}
