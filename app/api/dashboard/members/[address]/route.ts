import { json } from "@/lib/api/route";
import { removeMerchantMember, requireOwner } from "@/lib/dashboard/members";
import { merchantRoute } from "@/lib/dashboard/route";

export const dynamic = "force-dynamic";

/** An owner takes a wallet's access away, at once; never the last owner's. */
export const DELETE = merchantRoute<{ address: string }>(
  async ({ db, session, merchantId, params }) => {
    requireOwner(session);
    const member = await removeMerchantMember(db, merchantId, params.address);
    return json({ member, removed: true });
  },
);
