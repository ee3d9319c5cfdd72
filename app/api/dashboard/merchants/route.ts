import { type Address, isAddress, isAddressEqual } from "viem";
import { z } from "zod";
import { sessionRoute } from "@/lib/api/dashboardRoute";
import { otherMethods } from "@/lib/api/methods";
import { readJsonBody } from "@/lib/api/request";
import { json } from "@/lib/api/route";
import { getConfig } from "@/lib/config/config";
import { presentSession } from "@/lib/dashboard/present";
import { addMember, switchSessionMerchant } from "@/lib/dashboard/sessions";
import { requireOpenSignup } from "@/lib/dashboard/signup";
import { DomainError, parseInput } from "@/lib/errors";
import { createMerchant, presentMerchant } from "@/lib/merchants/merchants";

export const dynamic = "force-dynamic";

const body = z.strictObject({
  name: z.string("must be text"),
  /** Where payments go; the signing wallet when omitted. */
  settlement_address: z.string("must be an address").optional(),
});

/**
 * A signed-in wallet creates a merchant: it becomes its owner, and the session works on it.
 * Merchant fields are checked by the same lib code as the CLI's. A closed deployment refuses
 * before reading the body (403 signup_closed). A new store is paid to the signed-in wallet: a
 * confirmation names the store's id, which does not exist yet, so another address is set
 * afterwards in the settings, where its owner confirms it.
 */
export const POST = sessionRoute(async ({ request, db, session }) => {
  requireOpenSignup(getConfig().signup);
  const input = parseInput(body, await readJsonBody(request));
  const settlement = input.settlement_address?.trim();
  if (
    settlement !== undefined &&
    isAddress(settlement) &&
    !isAddressEqual(settlement, session.address as Address)
  ) {
    throw new DomainError(
      "settlement_unconfirmed",
      "A new store is paid to the signed-in wallet. Create it, then set another settlement address in Settings, where that address confirms it with a signature.",
      "settlement_address",
    );
  }
  const merchant = await db.transaction(async (tx) => {
    const created = await createMerchant(tx, {
      name: input.name,
      settlementAddress: input.settlement_address ?? session.address,
    });
    await addMember(tx, { merchantId: created.id, address: session.address, role: "owner" });
    return created;
  });
  await switchSessionMerchant(db, session, merchant.id);
  return json(
    {
      merchant: presentMerchant(merchant),
      session: await presentSession(db, { ...session, merchantId: merchant.id, role: "owner" }),
    },
    201,
  );
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
