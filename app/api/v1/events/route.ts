import { searchParamsObject } from "@/lib/api/listParams";
import { otherMethods } from "@/lib/api/methods";
import { apiRoute, json } from "@/lib/api/route";
import { parseInput } from "@/lib/errors";
import { listEvents, listEventsQuery } from "@/lib/events/listEvents";

export const GET = apiRoute(async ({ request, db, auth }) => {
  const query = parseInput(listEventsQuery, searchParamsObject(request.url));
  return json(
    await listEvents(db, { merchantId: auth.merchant.id, livemode: auth.livemode, query }),
  );
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
