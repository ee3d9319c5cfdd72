import { z } from "zod";
import { otherMethods } from "@/lib/api/methods";
import { parseInput } from "@/lib/api/parse";
import { readJsonBody } from "@/lib/api/request";
import { json } from "@/lib/api/route";
import { addMerchantMember, listMembers, requireOwner } from "@/lib/dashboard/members";
import { merchantRoute } from "@/lib/dashboard/route";

export const dynamic = "force-dynamic";

const body = z.strictObject({ address: z.unknown(), role: z.unknown() });

/** The wallets that may use this merchant's dashboard (any member may read the list). */
export const GET = merchantRoute(async ({ db, merchantId }) =>
  json({ data: await listMembers(db, merchantId) }),
);

/** An owner gives another wallet access, as an owner or a member. */
export const POST = merchantRoute(async ({ request, db, session, merchantId }) => {
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
