import "server-only";
import { getConfig } from "../config/config";
import type { Executor } from "../db/client";
import type { InvoiceRow } from "../invoices/present";
import { findInvoice } from "../invoices/queries";
import type { PaymentLinkRow } from "./paymentLinks";

/**
 * A fixed-amount link remembers, per browser, the invoice it issued there: one cookie per link,
 * httpOnly, SameSite=Lax, living as long as the invoice can be paid. Over https (PUBLIC_URL) it is
 * `__Host-link_<id>`: Secure, host-only and for path `/` (what the prefix demands), so neither a
 * plain-http page nor a sibling subdomain can plant one naming an invoice of its own choosing for
 * a shopper to pay. Over http (the local demo) it is `link_<id>`, scoped to the link's path.
 */
export function linkInvoiceCookieName(linkId: string, publicUrl = getConfig().publicUrl): string {
  return publicUrl.startsWith("https:") ? `__Host-link_${linkId}` : `link_${linkId}`;
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
    name: linkInvoiceCookieName(linkId, publicUrl),
    value: invoice.id,
    httpOnly: true,
    sameSite: "lax",
    secure: publicUrl.startsWith("https:"),
    path: publicUrl.startsWith("https:") ? "/" : `/l/${linkId}`,
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
