import { otherMethods } from "@/lib/api/methods";
import { apiRoute, json } from "@/lib/api/route";
import { getConfig } from "@/lib/config/config";
import { findMerchantInvoiceWithPayments } from "@/lib/invoices/invoiceWithPayments";
import { presentInvoice } from "@/lib/invoices/present";
import { confirmRefunds } from "@/lib/refunds/refunds";

export const GET = apiRoute<{ id: string }>(async ({ params, db, auth }) => {
  let found = await findMerchantInvoiceWithPayments(db, auth.merchant.id, auth.livemode, params.id);
  // A refund still confirming is brought up to date when its invoice is read.
  if (found.refunds.some((refund) => refund.status === "confirming")) {
    await confirmRefunds(db, found.invoice.id);
    found = await findMerchantInvoiceWithPayments(db, auth.merchant.id, auth.livemode, params.id);
  }
  return json(presentInvoice(found.invoice, found.payments, getConfig().publicUrl, found.refunds));
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
