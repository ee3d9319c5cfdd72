import { z } from "zod";
import { otherMethods } from "@/lib/api/methods";
import { parseInput } from "@/lib/api/parse";
import { readJsonBody } from "@/lib/api/request";
import { json } from "@/lib/api/route";
import { changeMemberRole, removeMerchantMember, requireOwner } from "@/lib/dashboard/members";
import { merchantRoute } from "@/lib/dashboard/route";

export const dynamic = "force-dynamic";

const body = z.strictObject({ role: z.unknown() });

/** An owner makes a member an owner, or an owner a member (never the last owner). */
export const PATCH = merchantRoute<{ address: string }>(
  async ({ request, db, session, merchantId, params }) => {
    requireOwner(session);
    const input = parseInput(body, await readJsonBody(request));
    const member = await changeMemberRole(db, merchantId, params.address, input.role);
    return json({ member });
  },
);

/** An owner takes a wallet's access away, at once; never the last owner's. */
export const DELETE = merchantRoute<{ address: string }>(
  async ({ db, session, merchantId, params }) => {
    requireOwner(session);
    const member = await removeMerchantMember(db, merchantId, params.address);
    return json({ member, removed: true });
  },
);

// Other methods get a JSON 405 naming these, not an empty answer.
export const { GET, POST, PUT, OPTIONS } = otherMethods("PATCH", "DELETE");
