import { apiRoute, json } from "@/lib/api/route";
import { getConfig } from "@/lib/config/config";
import { findMerchantInvoiceWithPayments } from "@/lib/invoices/invoiceWithPayments";
import { presentInvoice } from "@/lib/invoices/present";

export const GET = apiRoute<{ id: string }>(async ({ params, db, auth }) => {
  const { invoice, payments } = await findMerchantInvoiceWithPayments(
    db,
    auth.merchant.id,
    auth.livemode,
    params.id,
  );
  return json(presentInvoice(invoice, payments, getConfig().publicUrl));
});
