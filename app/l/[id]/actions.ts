"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { AmountFormState } from "@/components/paymentLinks/AmountForm";
import { ApiError } from "@/lib/api/errors";
import { limitClientAddress } from "@/lib/api/limits";
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
    if (error instanceof ApiError) {
      const message =
        error.param === "amount"
          ? error.message.replace(/^Invalid amount: /, "The amount ")
          : error.message;
      return { amount, error: message };
    }
    throw error;
  }
  redirect(`/pay/${invoiceId}${query.startsWith("?") ? query : ""}`);
}
