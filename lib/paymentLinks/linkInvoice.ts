import "server-only";
import { getConfig } from "../config/config";
import type { Executor } from "../db/client";
import type { InvoiceRow } from "../invoices/present";
import { findInvoice } from "../invoices/queries";
import type { PaymentLinkRow } from "./paymentLinks";

/**
 * A fixed-amount link remembers, per browser, the invoice it issued there: one cookie scoped to
 * the link's own path (so each link has its own, and nothing else on the site sees it), httpOnly,
 * SameSite=Lax, living as long as the invoice can be paid. Secure, with the `__Secure-` prefix,
 * whenever the app is served over https (PUBLIC_URL), so a plain-http page cannot plant one.
 */
export function linkInvoiceCookieName(publicUrl = getConfig().publicUrl): string {
  return publicUrl.startsWith("https:") ? "__Secure-link_invoice" : "link_invoice";
}

export type LinkInvoiceCookie = {
  name: string;
  value: string;
  httpOnly: true;
  sameSite: "lax";
  secure: boolean;
  path: string;
  maxAge: number;
};

export function linkInvoiceCookie(
  linkId: string,
  invoice: Pick<InvoiceRow, "id" | "expiresAt">,
  now = new Date(),
  publicUrl = getConfig().publicUrl,
): LinkInvoiceCookie {
  return {
    name: linkInvoiceCookieName(publicUrl),
    value: invoice.id,
    httpOnly: true,
    sameSite: "lax",
    secure: publicUrl.startsWith("https:"),
    path: `/l/${linkId}`,
    maxAge: Math.max(0, Math.floor((invoice.expiresAt.getTime() - now.getTime()) / 1000)),
  };
}

const INVOICE_ID = /^inv_[0-9a-z]{26}$/;

/**
 * The invoice a returning browser's cookie names, when it may be reused: issued by this very
 * fixed-amount link for the amount it still asks, and still open (or `processing`, a payment on
 * its way: a new invoice would invite the shopper to pay twice) before its deadline. Anything
 * else (malformed, unknown, another link's or merchant's, paid, expired, canceled, or an amount
 * the merchant has since changed) is null: the cookie is a hint, never trusted.
 */
export async function findResumableInvoice(
  executor: Executor,
  link: Pick<PaymentLinkRow, "id" | "amount" | "currency">,
  cookieValue: string | undefined,
  now = new Date(),
): Promise<InvoiceRow | null> {
  if (link.amount === null || !cookieValue || !INVOICE_ID.test(cookieValue)) return null;
  const invoice = await findInvoice(executor, cookieValue);
  if (!invoice || invoice.paymentLinkId !== link.id) return null;
  if (invoice.amount !== link.amount || invoice.currency !== link.currency) return null;
  if (invoice.status !== "open" && invoice.status !== "processing") return null;
  if (invoice.expiresAt.getTime() <= now.getTime()) return null;
  return invoice;
}
