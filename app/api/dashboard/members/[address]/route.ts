import { z } from "zod";
import { dashboardMerchantRoute } from "@/lib/api/dashboardRoute";
import { otherMethods } from "@/lib/api/methods";
import { readJsonBody } from "@/lib/api/request";
import { json } from "@/lib/api/route";
import { changeMemberRole, removeMerchantMember, requireOwner } from "@/lib/dashboard/members";
import { parseInput } from "@/lib/errors";

export const dynamic = "force-dynamic";

const body = z.strictObject({ role: z.unknown() });

/** An owner makes a member an owner, or an owner a member (never the last owner). */
export const PATCH = dashboardMerchantRoute<{ address: string }>(
  async ({ request, db, session, merchantId, params }) => {
    requireOwner(session);
    const input = parseInput(body, await readJsonBody(request));
    const member = await changeMemberRole(db, merchantId, params.address, input.role);
    return json({ member });
  },
);

/** An owner takes a wallet's access away, at once; never the last owner's. */
export const DELETE = dashboardMerchantRoute<{ address: string }>(
  async ({ db, session, merchantId, params }) => {
    requireOwner(session);
    const member = await removeMerchantMember(db, merchantId, params.address);
    return json({ member, removed: true });
  },
);

// Other methods get a JSON 405 naming these, not an empty answer.
export const { GET, POST, PUT, OPTIONS } = otherMethods("PATCH", "DELETE");
