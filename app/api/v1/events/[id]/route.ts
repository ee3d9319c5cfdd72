import { apiRoute, json } from "@/lib/api/route";
import { findMerchantEvent } from "@/lib/events/listEvents";

export const GET = apiRoute<{ id: string }>(async ({ params, db, auth }) =>
  json(await findMerchantEvent(db, auth.merchant.id, auth.livemode, params.id)),
);
