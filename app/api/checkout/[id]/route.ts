import { otherMethods } from "@/lib/api/methods";
import { json, publicRoute } from "@/lib/api/route";
import { getPaymentChains } from "@/lib/chains/registry";
import { checkoutView } from "@/lib/checkout/view";
import { notFound } from "@/lib/errors";
import { findInvoice } from "@/lib/invoices/queries";

export const GET = publicRoute<{ id: string }>(async ({ params, db }) => {
  const invoice = await findInvoice(db, params.id);
  if (!invoice) throw notFound("invoice");
  return json(await checkoutView(db, invoice, getPaymentChains()));
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
