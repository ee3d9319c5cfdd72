"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import type { AmountFormState } from "@/components/paymentLinks/AmountForm";
import type { FixedAmountState } from "@/components/paymentLinks/FixedAmountForm";
import { limitClientAddress } from "@/lib/api/limits";
import { DomainError, isInputError } from "@/lib/errors";
import { formatCurrencyAmount, MAX_CURRENCY_AMOUNT } from "@/lib/money/currencies";
import { linkInvoiceCookie, linkInvoiceCookieName } from "@/lib/paymentLinks/linkInvoice";
import { openFixedPaymentLink, openPaymentLink } from "@/lib/paymentLinks/openLink";

/** "?lang=…&embed=…" or nothing: only a query string goes after the invoice's path. */
const checkoutQuery = (query: string) => (query.startsWith("?") ? query : "");

/**
 * The shopper pressed "Continue to payment" on a fixed-amount link: the invoice this browser was
 * issued before while it can still be paid, else a fresh one, remembered in the link's cookie.
 * In a cross-site frame the browser may refuse the cookie: the payment works, without the reuse.
 */
export async function payFixedAmount(
  linkId: string,
  query: string,
  _previous: FixedAmountState,
): Promise<FixedAmountState> {
  const jar = await cookies();
  let invoiceId: string;
  try {
    limitClientAddress(new Request("http://local/", { headers: await headers() }));
    const { invoice, issued } = await openFixedPaymentLink(
      linkId,
      jar.get(linkInvoiceCookieName(linkId))?.value,
    );
    if (issued) {
      const { name, value, ...options } = linkInvoiceCookie(linkId, invoice);
      jar.set(name, value, options);
    }
    invoiceId = invoice.id;
  } catch (error) {
    if (error instanceof DomainError) return { error: error.message };
    throw error;
  }
  redirect(`/pay/${invoiceId}${checkoutQuery(query)}`);
}

/** The shopper typed an amount on an open-amount link: issue the invoice and go to its checkout. */
export async function payTypedAmount(
  linkId: string,
  /** "?lang=…&embed=…": the checkout query the link was opened with. */
  query: string,
  _previous: AmountFormState,
  form: FormData,
): Promise<AmountFormState> {
  const amount = String(form.get("amount") ?? "").trim();
  let invoiceId: string;
  try {
    limitClientAddress(new Request("http://local/", { headers: await headers() }));
    invoiceId = await openPaymentLink(linkId, amount);
  } catch (error) {
    if (error instanceof DomainError) {
      // The shopper typed the amount: say what a good one is, whatever was wrong with theirs.
      const message =
        error.param === "amount" && isInputError(error)
          ? `Enter an amount from 0.01 to ${formatCurrencyAmount(MAX_CURRENCY_AMOUNT, "USD")} with at most 2 decimal places.`
          : error.message;
      return { amount, error: message };
    }
    throw error;
  }
  redirect(`/pay/${invoiceId}${checkoutQuery(query)}`);
}
