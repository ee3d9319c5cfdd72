// Creating an invoice is the API's handler, for both doors (see merchantRoute).
import * as api from "@/app/api/v1/invoices/route";
import { dashboardMerchantRoute } from "@/lib/api/dashboardRoute";
import { searchParamsObject } from "@/lib/api/listParams";
import { otherMethods } from "@/lib/api/methods";
import { json } from "@/lib/api/route";
import { getConfig } from "@/lib/config/config";
import { searchInvoices } from "@/lib/dashboard/invoiceSearch";
import { dashboardLivemode } from "@/lib/dashboard/mode";

export const { POST } = api;

/** The invoice list: ?status=&q= (invoice id or order id)&starting_after=. */
export const GET = dashboardMerchantRoute(async ({ request, db, merchantId }) => {
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
