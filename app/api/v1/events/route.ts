import { searchParamsObject } from "@/lib/api/listParams";
import { parseInput } from "@/lib/api/parse";
import { apiRoute, json } from "@/lib/api/route";
import { listEvents, listEventsQuery } from "@/lib/events/listEvents";

export const GET = apiRoute(async ({ request, db, auth }) => {
  const query = parseInput(listEventsQuery, searchParamsObject(request.url));
  return json(
    await listEvents(db, { merchantId: auth.merchant.id, livemode: auth.livemode, query }),
  );
});
