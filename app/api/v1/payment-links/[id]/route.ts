import { otherMethods } from "@/lib/api/methods";
import { readJsonBody } from "@/lib/api/request";
import { json, merchantRoute } from "@/lib/api/route";
import { getPaymentChains } from "@/lib/chains/registry";
import { getConfig } from "@/lib/config/config";
import { parseInput } from "@/lib/errors";
import {
  findMerchantPaymentLink,
  presentPaymentLink,
  updatePaymentLink,
} from "@/lib/paymentLinks/paymentLinks";
import { updatePaymentLinkBody } from "@/lib/paymentLinks/schemas";

export const GET = merchantRoute<{ id: string }>(async ({ params, db, merchant, livemode }) => {
  const link = await findMerchantPaymentLink(db, merchant.id, livemode, params.id);
  return json(presentPaymentLink(link, getConfig().publicUrl));
});

/** Updates a link; `{ "active": false }` deactivates it. */
export const POST = merchantRoute<{ id: string }>(
  async ({ request, params, db, merchant, livemode }) => {
    const body = parseInput(updatePaymentLinkBody, await readJsonBody(request));
    const link = await updatePaymentLink(db, {
      merchant: merchant,
      livemode: livemode,
      id: params.id,
      body,
      chains: getPaymentChains(),
    });
    return json(presentPaymentLink(link, getConfig().publicUrl));
  },
);

// Other methods get a JSON 405 naming these, not an empty answer.
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
