import { searchParamsObject } from "@/lib/api/listParams";
import { otherMethods } from "@/lib/api/methods";
import { parseInput } from "@/lib/api/parse";
import { readJsonBody } from "@/lib/api/request";
import { json } from "@/lib/api/route";
import { getPaymentChains } from "@/lib/chains/registry";
import { getConfig } from "@/lib/config/config";
import { dashboardLivemode } from "@/lib/dashboard/mode";
import { merchantRoute } from "@/lib/dashboard/route";
import {
  createPaymentLink,
  listPaymentLinks,
  listPaymentLinksQuery,
  presentPaymentLink,
} from "@/lib/paymentLinks/paymentLinks";
import { createPaymentLinkBody } from "@/lib/paymentLinks/schemas";

export const dynamic = "force-dynamic";

/** The merchant's payment links in the dashboard's mode, newest first (same query as the API). */
export const GET = merchantRoute(async ({ request, db, merchantId }) => {
  const query = parseInput(listPaymentLinksQuery, searchParamsObject(request.url));
  return json(
    await listPaymentLinks(db, {
      merchantId,
      livemode: dashboardLivemode(),
      query,
      publicUrl: getConfig().publicUrl,
    }),
  );
});

/** Creates a link with the API's body: a fixed `amount`, or null for "the shopper enters it". */
export const POST = merchantRoute(async ({ request, db, merchant }) => {
  const body = parseInput(createPaymentLinkBody, await readJsonBody(request));
  const link = await createPaymentLink(db, {
    merchant,
    livemode: dashboardLivemode(),
    body,
    chains: getPaymentChains(),
  });
  return json(presentPaymentLink(link, getConfig().publicUrl), 201);
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
