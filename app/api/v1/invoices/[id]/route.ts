import { apiRoute, json } from "@/lib/api/route";
import { getConfig } from "@/lib/config/config";
import { findMerchantInvoice, invoicePayments } from "@/lib/invoices/invoices";
import { presentInvoice } from "@/lib/invoices/present";

export const GET = apiRoute<{ id: string }>(async ({ params, db, auth }) => {
  const invoice = await findMerchantInvoice(db, auth.merchant.id, auth.livemode, params.id);
  const payments = await invoicePayments(db, invoice.id);
  return json(presentInvoice(invoice, payments, getConfig().publicUrl));
});
