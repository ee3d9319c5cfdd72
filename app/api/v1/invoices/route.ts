import { searchParamsObject } from "@/lib/api/listParams";
import { otherMethods } from "@/lib/api/methods";
import { readJsonBody } from "@/lib/api/request";
import { apiRoute, json, merchantRoute } from "@/lib/api/route";
import { getPaymentChains } from "@/lib/chains/registry";
import { getConfig } from "@/lib/config/config";
import { parseInput } from "@/lib/errors";
import { createInvoiceAlone } from "@/lib/invoices/createInvoiceAlone";
import { listInvoices, listInvoicesQuery } from "@/lib/invoices/listInvoices";
import { presentInvoice } from "@/lib/invoices/present";
import { createInvoiceBody } from "@/lib/invoices/schemas";

/** Creates an invoice; the dashboard's form posts here too (see merchantRoute). */
export const POST = merchantRoute(async ({ request, db, merchant, livemode }) => {
  const body = parseInput(createInvoiceBody, await readJsonBody(request));
  const created = await createInvoiceAlone(db, {
    merchant,
    livemode,
    body,
    chains: getPaymentChains(),
  });
  return json(presentInvoice(created.invoice, created.payments, getConfig().publicUrl), 201);
});

export const GET = apiRoute(async ({ request, db, auth }) => {
  const query = parseInput(listInvoicesQuery, searchParamsObject(request.url));
  return json(
    await listInvoices(db, {
      merchantId: auth.merchant.id,
      livemode: auth.livemode,
      query,
      publicUrl: getConfig().publicUrl,
    }),
  );
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
