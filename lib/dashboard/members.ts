import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { getAddress } from "viem";
import { z } from "zod";
import type { Database, Executor } from "../db/client";
import { merchantMembers } from "../db/schema";
import { DomainError, notFound } from "../errors";
import { evmAddressSchema } from "../merchants/schemas";
import { parseMerchantsInput } from "../merchants/validation";
import type { DashboardSession, MemberRole } from "./sessions";

/** A wallet with access to a merchant's dashboard, as the dashboard shows it. */
export type MemberView = { address: string; role: MemberRole; added_at: string };

export const memberRoleSchema = z.enum(["owner", "member"], {
  error: 'expected "owner" or "member"',
});

export const addMemberInputSchema = z.strictObject({
  address: evmAddressSchema,
  role: memberRoleSchema,
});
export type AddMemberInput = z.input<typeof addMemberInputSchema>;

/** Owners first, then members; oldest first within each. */
export async function listMembers(db: Executor, merchantId: string): Promise<MemberView[]> {
  const rows = await db
    .select()
    .from(merchantMembers)
    .where(eq(merchantMembers.merchantId, merchantId))
    .orderBy(asc(merchantMembers.createdAt), asc(merchantMembers.address));
  return rows
    .map((row) => ({
      address: getAddress(row.address),
      role: row.role,
      added_at: row.createdAt.toISOString(),
    }))
    .sort((a, b) => Number(b.role === "owner") - Number(a.role === "owner"));
}

/** Only an owner changes the merchant's settings and its members. */
export function requireOwner(session: DashboardSession): void {
  if (session.role !== "owner") {
    throw new DomainError(
      "owner_required",
      "Only an owner of this store can change its settings and members.",
    );
  }
}

/** Gives a wallet access to the merchant; a wallet that already has it is a 409. */
export async function addMerchantMember(
  db: Executor,
  merchantId: string,
  input: AddMemberInput,
): Promise<MemberView> {
  const { address, role } = parseMerchantsInput(addMemberInputSchema, input);
  const [row] = await db
    .insert(merchantMembers)
    .values({ merchantId, address, role })
    .onConflictDoNothing()
    .returning();
  if (!row) {
    throw new DomainError(
      "member_exists",
      `${address} is already a member of this store.`,
      "address",
    );
  }
  return { address, role: row.role, added_at: row.createdAt.toISOString() };
}

/**
 * Takes a wallet's access away: its sessions on this merchant stop working at their next request
 * (findDashboardSession checks the membership). The last owner cannot be removed, or nobody could
 * manage the store any more; the owners' rows are locked so two owners removing each other at
 * once cannot both succeed.
 */
export async function removeMerchantMember(
  db: Database,
  merchantId: string,
  rawAddress: string,
): Promise<MemberView> {
  const address = memberAddress(rawAddress);
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(merchantMembers)
      .where(eq(merchantMembers.merchantId, merchantId))
      .for("update");
    const target = rows.find((row) => getAddress(row.address) === address);
    if (!target) throw notFound("member", "address");
    const owners = rows.filter((row) => row.role === "owner");
    if (target.role === "owner" && owners.length === 1) {
      throw new DomainError(
        "last_owner",
        "This is the store's last owner: add another owner before removing it.",
        "address",
      );
    }
    await tx
      .delete(merchantMembers)
      .where(and(eq(merchantMembers.merchantId, merchantId), eq(merchantMembers.address, address)));
    return {
      address,
      role: target.role,
      added_at: target.createdAt.toISOString(),
    };
  });
}

/**
 * Makes a member an owner or an owner a member. The last owner stays an owner; the owners' rows
 * are locked as for a removal.
 */
export async function changeMemberRole(
  db: Database,
  merchantId: string,
  rawAddress: string,
  rawRole: unknown,
): Promise<MemberView> {
  const address = memberAddress(rawAddress);
  const { role } = parseMerchantsInput(z.strictObject({ role: memberRoleSchema }), {
    role: rawRole,
  });
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(merchantMembers)
      .where(eq(merchantMembers.merchantId, merchantId))
      .for("update");
    const target = rows.find((row) => getAddress(row.address) === address);
    if (!target) throw notFound("member", "address");
    const owners = rows.filter((row) => row.role === "owner");
    if (target.role === "owner" && role === "member" && owners.length === 1) {
      throw new DomainError(
        "last_owner",
        "This is the store's last owner: make another wallet an owner first.",
        "role",
      );
    }
    await tx
      .update(merchantMembers)
      .set({ role })
      .where(and(eq(merchantMembers.merchantId, merchantId), eq(merchantMembers.address, address)));
    return { address, role, added_at: target.createdAt.toISOString() };
  });
}

/** An address from a URL: anything that is not one is simply not a member (404). */
function memberAddress(raw: string): string {
  const parsed = evmAddressSchema.safeParse(raw);
  if (!parsed.success) throw notFound("member", "address");
  return parsed.data;
}
