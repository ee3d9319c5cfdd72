import { otherMethods } from "@/lib/api/methods";
import { apiRoute, json } from "@/lib/api/route";
import { findMerchantEvent } from "@/lib/events/listEvents";

export const GET = apiRoute<{ id: string }>(async ({ params, db, auth }) =>
  json(await findMerchantEvent(db, auth.merchant.id, auth.livemode, params.id)),
);

// Other methods get a JSON 405 naming these, not an empty answer.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
