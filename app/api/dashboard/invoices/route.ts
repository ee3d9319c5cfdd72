import { searchParamsObject } from "@/lib/api/listParams";
import { otherMethods } from "@/lib/api/methods";
import { parseInput } from "@/lib/api/parse";
import { readJsonBody } from "@/lib/api/request";
import { json } from "@/lib/api/route";
import { getPaymentChains } from "@/lib/chains/registry";
import { getConfig } from "@/lib/config/config";
import { searchInvoices } from "@/lib/dashboard/invoiceSearch";
import { dashboardLivemode } from "@/lib/dashboard/mode";
import { merchantRoute } from "@/lib/dashboard/route";
import { createInvoiceAlone } from "@/lib/invoices/invoices";
import { presentInvoice } from "@/lib/invoices/present";
import { createInvoiceBody } from "@/lib/invoices/schemas";

/** Creates an invoice from the dashboard's form: the API's schema and the API's code. */
export const POST = merchantRoute(async ({ request, db, merchant }) => {
  const body = parseInput(createInvoiceBody, await readJsonBody(request));
  const created = await createInvoiceAlone(db, {
    merchant,
    livemode: dashboardLivemode(),
    body,
    chains: getPaymentChains(),
  });
  return json(presentInvoice(created.invoice, created.payments, getConfig().publicUrl), 201);
});

/** The invoice list: ?status=&q= (invoice id or order id)&starting_after=. */
export const GET = merchantRoute(async ({ request, db, merchantId }) => {
  const { data, has_more } = await searchInvoices(db, {
    merchantId,
    livemode: dashboardLivemode(),
    input: searchParamsObject(request.url),
    publicUrl: getConfig().publicUrl,
  });
  return json({ object: "list", data, has_more });
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
