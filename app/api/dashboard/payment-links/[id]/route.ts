import { otherMethods } from "@/lib/api/methods";
import { parseInput } from "@/lib/api/parse";
import { readJsonBody } from "@/lib/api/request";
import { json } from "@/lib/api/route";
import { getPaymentChains } from "@/lib/chains/registry";
import { getConfig } from "@/lib/config/config";
import { dashboardLivemode } from "@/lib/dashboard/mode";
import { merchantRoute } from "@/lib/dashboard/route";
import {
  findMerchantPaymentLink,
  presentPaymentLink,
  updatePaymentLink,
} from "@/lib/paymentLinks/paymentLinks";
import { updatePaymentLinkBody } from "@/lib/paymentLinks/schemas";

export const dynamic = "force-dynamic";

export const GET = merchantRoute<{ id: string }>(async ({ params, db, merchantId }) => {
  const link = await findMerchantPaymentLink(db, merchantId, dashboardLivemode(), params.id);
  return json(presentPaymentLink(link, getConfig().publicUrl));
});

/** Edits a link; `{ "active": false }` deactivates it and `{ "active": true }` turns it back on. */
export const POST = merchantRoute<{ id: string }>(async ({ request, params, db, merchant }) => {
  const body = parseInput(updatePaymentLinkBody, await readJsonBody(request));
  const link = await updatePaymentLink(db, {
    merchant,
    livemode: dashboardLivemode(),
    id: params.id,
    body,
    chains: getPaymentChains(),
  });
  return json(presentPaymentLink(link, getConfig().publicUrl));
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
