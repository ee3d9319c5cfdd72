import { searchParamsObject } from "@/lib/api/listParams";
import { otherMethods } from "@/lib/api/methods";
import { apiRoute, json } from "@/lib/api/route";
import { parseInput } from "@/lib/errors";
import {
  listUnmatchedPayments,
  listUnmatchedPaymentsQuery,
} from "@/lib/payments/ledger/unmatchedPayments";

export const GET = apiRoute(async ({ request, db, auth }) => {
  const query = parseInput(listUnmatchedPaymentsQuery, searchParamsObject(request.url));
  return json(
    await listUnmatchedPayments(db, {
      merchantId: auth.merchant.id,
      livemode: auth.livemode,
      query,
    }),
  );
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
