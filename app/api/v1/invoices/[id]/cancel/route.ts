import { otherMethods } from "@/lib/api/methods";
import { apiRoute, json } from "@/lib/api/route";
import { getConfig } from "@/lib/config/config";
import { cancelInvoice } from "@/lib/invoices/cancelInvoice";
import { presentInvoice } from "@/lib/invoices/present";
import { findMerchantInvoice, invoicePayments } from "@/lib/invoices/queries";

/** Cancels an invoice while nothing is paid or being confirmed; 409 otherwise. */
export const POST = apiRoute<{ id: string }>(async ({ params, db, auth }) => {
  const canceled = await db.transaction(async (tx) => {
    await findMerchantInvoice(tx, auth.merchant.id, auth.livemode, params.id);
    return cancelInvoice(tx, params.id);
  });
  return json(
    presentInvoice(canceled, await invoicePayments(db, canceled.id), getConfig().publicUrl),
  );
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
