import { z } from "zod";
import { dashboardMerchantRoute } from "@/lib/api/dashboardRoute";
import { otherMethods } from "@/lib/api/methods";
import { readJsonBody } from "@/lib/api/request";
import { json } from "@/lib/api/route";
import { addMerchantMember, listMembers, requireOwner } from "@/lib/dashboard/members";
import { parseInput } from "@/lib/errors";

export const dynamic = "force-dynamic";

const body = z.strictObject({ address: z.unknown(), role: z.unknown() });

/** The wallets that may use this merchant's dashboard (any member may read the list). */
export const GET = dashboardMerchantRoute(async ({ db, merchantId }) =>
  json({ data: await listMembers(db, merchantId) }),
);

/** An owner gives another wallet access, as an owner or a member. */
export const POST = dashboardMerchantRoute(async ({ request, db, session, merchantId }) => {
  requireOwner(session);
  const input = parseInput(body, await readJsonBody(request));
  const member = await addMerchantMember(db, merchantId, {
    address: input.address as string,
    role: input.role as "owner" | "member",
  });
  return json({ member }, 201);
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
