"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { AmountFormState } from "@/components/paymentLinks/AmountForm";
import { limitClientAddress } from "@/lib/api/limits";
import { DomainError, isInputError } from "@/lib/errors";
import { formatCurrencyAmount, MAX_CURRENCY_AMOUNT } from "@/lib/money/currencies";
import { openPaymentLink } from "@/lib/paymentLinks/openLink";

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
  redirect(`/pay/${invoiceId}${query.startsWith("?") ? query : ""}`);
}
