import { z } from "zod";
import { sessionRoute } from "@/lib/api/dashboardRoute";
import { otherMethods } from "@/lib/api/methods";
import { readJsonBody } from "@/lib/api/request";
import { json } from "@/lib/api/route";
import { presentSession } from "@/lib/dashboard/present";
import { switchSessionMerchant } from "@/lib/dashboard/sessions";
import { DomainError, parseInput } from "@/lib/errors";

export const dynamic = "force-dynamic";

const body = z.strictObject({ merchant_id: z.string("must be a merchant id").max(64) });

/** Works on another merchant this wallet is a member of. */
export const POST = sessionRoute(async ({ request, db, session }) => {
  const { merchant_id } = parseInput(body, await readJsonBody(request));
  if (!(await switchSessionMerchant(db, session, merchant_id))) {
    throw new DomainError("resource_not_found", "No such merchant.", "merchant_id");
  }
  return json(await presentSession(db, { ...session, merchantId: merchant_id }));
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
