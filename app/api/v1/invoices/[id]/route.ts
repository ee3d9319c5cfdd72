import { otherMethods } from "@/lib/api/methods";
import { apiRoute, json } from "@/lib/api/route";
import { getConfig } from "@/lib/config/config";
import { findMerchantInvoiceWithPayments } from "@/lib/invoices/invoiceWithPayments";
import { presentInvoice } from "@/lib/invoices/present";

export const GET = apiRoute<{ id: string }>(async ({ params, db, auth }) => {
  // A read writes nothing: refunds still confirming are brought up to date by their job.
  const found = await findMerchantInvoiceWithPayments(
    db,
    auth.merchant.id,
    auth.livemode,
    params.id,
  );
  return json(presentInvoice(found.invoice, found.payments, getConfig().publicUrl, found.refunds));
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
