import { otherMethods } from "@/lib/api/methods";
import { parseInput } from "@/lib/api/parse";
import { readJsonBody } from "@/lib/api/request";
import { apiRoute, json } from "@/lib/api/route";
import { getPaymentChains } from "@/lib/chains/registry";
import { getConfig } from "@/lib/config/config";
import {
  findMerchantPaymentLink,
  presentPaymentLink,
  updatePaymentLink,
} from "@/lib/paymentLinks/paymentLinks";
import { updatePaymentLinkBody } from "@/lib/paymentLinks/schemas";

export const GET = apiRoute<{ id: string }>(async ({ params, db, auth }) => {
  const link = await findMerchantPaymentLink(db, auth.merchant.id, auth.livemode, params.id);
  return json(presentPaymentLink(link, getConfig().publicUrl));
});

/** Updates a link; `{ "active": false }` deactivates it. */
export const POST = apiRoute<{ id: string }>(async ({ request, params, db, auth }) => {
  const body = parseInput(updatePaymentLinkBody, await readJsonBody(request));
  const link = await updatePaymentLink(db, {
    merchant: auth.merchant,
    livemode: auth.livemode,
    id: params.id,
    body,
    chains: getPaymentChains(),
  });
  return json(presentPaymentLink(link, getConfig().publicUrl));
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
