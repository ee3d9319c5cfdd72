import "server-only";
import { eq } from "drizzle-orm";
import type { Executor } from "../db/client";
import { invoices, merchants, paymentLinks } from "../db/schema";

/** The allowed origins of the merchant behind /pay/{invoice id} or /l/{link id}; [] if none. */
export async function merchantOriginsForCheckoutPath(
  executor: Executor,
  pathname: string,
): Promise<string[]> {
  const match = /^\/(pay|l)\/([A-Za-z0-9_]{1,64})\/?$/.exec(pathname);
  if (!match) return [];
  const [, kind, id] = match as unknown as [string, "pay" | "l", string];
  const rows =
    kind === "pay"
      ? await executor
          .select({ origins: merchants.allowedOrigins })
          .from(invoices)
          .innerJoin(merchants, eq(merchants.id, invoices.merchantId))
          .where(eq(invoices.id, id))
          .limit(1)
      : await executor
          .select({ origins: merchants.allowedOrigins })
          .from(paymentLinks)
          .innerJoin(merchants, eq(merchants.id, paymentLinks.merchantId))
          .where(eq(paymentLinks.id, id))
          .limit(1);
  return rows[0]?.origins ?? [];
}

/** The merchant's allowed origins by merchant id. */
export async function merchantAllowedOrigins(
  executor: Executor,
  merchantId: string,
): Promise<string[]> {
  const [row] = await executor
    .select({ origins: merchants.allowedOrigins })
    .from(merchants)
    .where(eq(merchants.id, merchantId))
    .limit(1);
  return row?.origins ?? [];
}
