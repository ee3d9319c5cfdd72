import { searchParamsObject } from "@/lib/api/listParams";
import { otherMethods } from "@/lib/api/methods";
import { parseInput } from "@/lib/api/parse";
import { readJsonBody } from "@/lib/api/request";
import { apiRoute, json } from "@/lib/api/route";
import { getPaymentChains } from "@/lib/chains/registry";
import { getConfig } from "@/lib/config/config";
import {
  createPaymentLink,
  listPaymentLinks,
  listPaymentLinksQuery,
  presentPaymentLink,
} from "@/lib/paymentLinks/paymentLinks";
import { createPaymentLinkBody } from "@/lib/paymentLinks/schemas";

export const POST = apiRoute(async ({ request, db, auth }) => {
  const body = parseInput(createPaymentLinkBody, await readJsonBody(request));
  const link = await createPaymentLink(db, {
    merchant: auth.merchant,
    livemode: auth.livemode,
    body,
    chains: getPaymentChains(),
  });
  return json(presentPaymentLink(link, getConfig().publicUrl), 201);
});

export const GET = apiRoute(async ({ request, db, auth }) => {
  const query = parseInput(listPaymentLinksQuery, searchParamsObject(request.url));
  return json(
    await listPaymentLinks(db, {
      merchantId: auth.merchant.id,
      livemode: auth.livemode,
      query,
      publicUrl: getConfig().publicUrl,
    }),
  );
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
