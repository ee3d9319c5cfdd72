import "server-only";
import type { Executor } from "../db/client";
import { type DashboardSession, membershipsOf } from "./sessions";

export type ApiDashboardSession = {
  address: string;
  merchant_id: string | null;
  role: string | null;
  csrf_token: string;
  expires_at: string;
  memberships: { merchant_id: string; merchant_name: string; role: string }[];
};

export async function presentSession(
  db: Executor,
  session: DashboardSession,
): Promise<ApiDashboardSession> {
  const memberships = await membershipsOf(db, session.address);
  const current = memberships.find((m) => m.merchantId === session.merchantId);
  return {
    address: session.address,
    merchant_id: session.merchantId,
    role: current?.role ?? session.role,
    csrf_token: session.csrfToken,
    expires_at: session.expiresAt.toISOString(),
    memberships: memberships.map((m) => ({
      merchant_id: m.merchantId,
      merchant_name: m.merchantName,
      role: m.role,
    })),
  };
}
