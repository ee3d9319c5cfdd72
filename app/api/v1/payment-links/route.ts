import { searchParamsObject } from "@/lib/api/listParams";
import { otherMethods } from "@/lib/api/methods";
import { readJsonBody } from "@/lib/api/request";
import { json, merchantRoute } from "@/lib/api/route";
import { getPaymentChains } from "@/lib/chains/registry";
import { getConfig } from "@/lib/config/config";
import { parseInput } from "@/lib/errors";
import {
  createPaymentLink,
  listPaymentLinks,
  listPaymentLinksQuery,
  presentPaymentLink,
} from "@/lib/paymentLinks/paymentLinks";
import { createPaymentLinkBody } from "@/lib/paymentLinks/schemas";

export const POST = merchantRoute(async ({ request, db, merchant, livemode }) => {
  const body = parseInput(createPaymentLinkBody, await readJsonBody(request));
  const link = await createPaymentLink(db, {
    merchant: merchant,
    livemode: livemode,
    body,
    chains: getPaymentChains(),
  });
  return json(presentPaymentLink(link, getConfig().publicUrl), 201);
});

export const GET = merchantRoute(async ({ request, db, merchant, livemode }) => {
  const query = parseInput(listPaymentLinksQuery, searchParamsObject(request.url));
  return json(
    await listPaymentLinks(db, {
      merchantId: merchant.id,
      livemode: livemode,
      query,
      publicUrl: getConfig().publicUrl,
    }),
  );
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
