import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "../db/client";
import { findMerchant, type Merchant } from "../merchants/merchants";
import { sessionCookieName } from "./cookie";
import { type DashboardSession, findDashboardSession } from "./sessions";

/** The session of the request rendering this page, or null (server components only). */
export async function pageSession(): Promise<DashboardSession | null> {
  const token = (await cookies()).get(sessionCookieName())?.value;
  if (!token) return null;
  return findDashboardSession(await getDb(), token);
}

export type MerchantPage = { session: DashboardSession; merchant: Merchant; merchantId: string };

/**
 * For every dashboard page but the sign-in: the signed-in wallet and its merchant. Without a
 * session, or without a merchant yet, it sends the browser to /dashboard (sign-in or onboarding).
 */
export async function requireMerchantPage(): Promise<MerchantPage> {
  const session = await pageSession();
  if (!session?.merchantId) redirect("/dashboard");
  const merchant = await findMerchant(await getDb(), session.merchantId);
  if (!merchant) redirect("/dashboard");
  return { session, merchant, merchantId: merchant.id };
}
