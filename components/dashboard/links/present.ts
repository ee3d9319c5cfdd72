import type { ApiPaymentLink } from "@/lib/paymentLinks/paymentLinks";
import { money } from "../invoices/format";

export type DashboardPaymentLink = ApiPaymentLink;

/** "$25.00", or what the shopper sees for an open amount. */
export function linkAmountText(link: Pick<ApiPaymentLink, "amount" | "currency">): string {
  return link.amount === null
    ? `Shopper enters amount (${link.currency})`
    : money(link.amount, link.currency);
}

/** The HTML a merchant pastes into a page: embed.js and a button that opens this link. */
export function embedSnippet(publicUrl: string, linkId: string): string {
  return `<script src="${publicUrl}/embed.js" defer></script>\n<button data-checkout-link="${linkId}">Pay</button>`;
}
