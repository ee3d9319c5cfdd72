import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, asc, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import { type Address, getAddress } from "viem";
import type { Executor } from "../db/client";
import { dashboardSessions, merchantMembers, merchants, siweNonces } from "../db/schema";

/** How long a dashboard session lasts from sign-in (absolute, not sliding). */
export const SESSION_LIFETIME_MS = 12 * 3600 * 1000;
/** How long a sign-in nonce may wait for its signature. */
export const NONCE_LIFETIME_MS = 10 * 60 * 1000;

export type SessionRow = typeof dashboardSessions.$inferSelect;
export type MemberRole = "owner" | "member";

export type DashboardSession = {
  /** The signed-in wallet, checksummed. */
  address: Address;
  /** The merchant this session works on; null until the wallet creates or picks one. */
  merchantId: string | null;
  /** The wallet's role at that merchant; null without a merchant. */
  role: MemberRole | null;
  /** Sent back in the `x-csrf-token` header with every state-changing request. */
  csrfToken: string;
  expiresAt: Date;
  tokenHash: string;
};

export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Constant-time comparison of two secrets given as strings. */
export function secretsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  if (left.length !== right.length) {
    // Compare anyway so the time does not depend on where the strings differ.
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

/** A fresh sign-in nonce (alphanumeric, as EIP-4361 requires), valid once for 10 minutes. */
export async function issueNonce(db: Executor, now = new Date()): Promise<string> {
  const nonce = randomBytes(16).toString("hex");
  await db
    .insert(siweNonces)
    .values({ nonce, createdAt: now, expiresAt: new Date(now.getTime() + NONCE_LIFETIME_MS) });
  // Keep the table small: nonces are worthless once used or expired.
  await db
    .delete(siweNonces)
    .where(
      or(
        lt(siweNonces.expiresAt, new Date(now.getTime() - NONCE_LIFETIME_MS)),
        lt(siweNonces.usedAt, new Date(now.getTime() - NONCE_LIFETIME_MS)),
      ),
    );
  return nonce;
}

/** Marks the nonce used; true only the first time, and only while it is valid. */
export async function consumeNonce(
  db: Executor,
  nonce: string,
  now = new Date(),
): Promise<boolean> {
  const used = await db
    .update(siweNonces)
    .set({ usedAt: now })
    .where(
      and(eq(siweNonces.nonce, nonce), isNull(siweNonces.usedAt), gt(siweNonces.expiresAt, now)),
    )
    .returning({ nonce: siweNonces.nonce });
  return used.length === 1;
}

export type Membership = { merchantId: string; merchantName: string; role: MemberRole };

/** The merchants a wallet belongs to, oldest membership first. */
export async function membershipsOf(db: Executor, address: string): Promise<Membership[]> {
  return db
    .select({
      merchantId: merchantMembers.merchantId,
      merchantName: merchants.name,
      role: merchantMembers.role,
    })
    .from(merchantMembers)
    .innerJoin(merchants, eq(merchants.id, merchantMembers.merchantId))
    .where(eq(merchantMembers.address, getAddress(address)))
    .orderBy(asc(merchantMembers.createdAt), asc(merchantMembers.merchantId));
}

export async function roleAt(
  db: Executor,
  merchantId: string,
  address: string,
): Promise<MemberRole | null> {
  const [row] = await db
    .select({ role: merchantMembers.role })
    .from(merchantMembers)
    .where(
      and(
        eq(merchantMembers.merchantId, merchantId),
        eq(merchantMembers.address, getAddress(address)),
      ),
    );
  return row?.role ?? null;
}

export type NewSession = { token: string; session: DashboardSession };

/**
 * Starts a session for a wallet that just proved itself. It works on the wallet's first merchant
 * (or none yet). The cookie gets `token`; the table keeps only its hash.
 */
export async function createDashboardSession(
  db: Executor,
  parameters: { address: string; merchantId?: string | null; now?: Date },
): Promise<NewSession> {
  const now = parameters.now ?? new Date();
  const address = getAddress(parameters.address);
  let merchantId = parameters.merchantId ?? null;
  let role: MemberRole | null = null;
  if (merchantId) {
    role = await roleAt(db, merchantId, address);
    if (!role) throw new Error(`${address} is not a member of ${merchantId}.`);
  } else {
    const [first] = await membershipsOf(db, address);
    merchantId = first?.merchantId ?? null;
    role = first?.role ?? null;
  }
  const token = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(24).toString("base64url");
  const tokenHash = hashSessionToken(token);
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
  await db
    .insert(dashboardSessions)
    .values({ tokenHash, address, merchantId, csrfToken, createdAt: now, expiresAt });
  await db.delete(dashboardSessions).where(lt(dashboardSessions.expiresAt, now));
  return { token, session: { address, merchantId, role, csrfToken, expiresAt, tokenHash } };
}

/**
 * The live session for a cookie token: not expired, not revoked, and, when it works on a
 * merchant, the wallet still a member there (a removed member loses access at once).
 */
export async function findDashboardSession(
  db: Executor,
  token: string,
  now = new Date(),
): Promise<DashboardSession | null> {
  if (!token || token.length > 200) return null;
  const tokenHash = hashSessionToken(token);
  const [row] = await db
    .select({
      session: dashboardSessions,
      role: merchantMembers.role,
    })
    .from(dashboardSessions)
    .leftJoin(
      merchantMembers,
      and(
        eq(merchantMembers.merchantId, dashboardSessions.merchantId),
        eq(merchantMembers.address, dashboardSessions.address),
      ),
    )
    .where(
      and(
        eq(dashboardSessions.tokenHash, tokenHash),
        isNull(dashboardSessions.revokedAt),
        gt(dashboardSessions.expiresAt, now),
      ),
    );
  if (!row) return null;
  const { session, role } = row;
  if (session.merchantId && !role) return null;
  return {
    address: getAddress(session.address),
    merchantId: session.merchantId,
    role: role ?? null,
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt,
    tokenHash,
  };
}

/** Points the session at another of the wallet's merchants; false when it is not a member. */
export async function switchSessionMerchant(
  db: Executor,
  session: DashboardSession,
  merchantId: string,
): Promise<boolean> {
  const role = await roleAt(db, merchantId, session.address);
  if (!role) return false;
  await db
    .update(dashboardSessions)
    .set({ merchantId })
    .where(eq(dashboardSessions.tokenHash, session.tokenHash));
  return true;
}

export async function revokeDashboardSession(db: Executor, tokenHash: string): Promise<void> {
  await db
    .update(dashboardSessions)
    .set({ revokedAt: sql`now()` })
    .where(eq(dashboardSessions.tokenHash, tokenHash));
}

export async function addMember(
  db: Executor,
  parameters: { merchantId: string; address: string; role: MemberRole },
): Promise<void> {
  await db
    .insert(merchantMembers)
    .values({
      merchantId: parameters.merchantId,
      address: getAddress(parameters.address),
      role: parameters.role,
    })
    .onConflictDoNothing();
}
