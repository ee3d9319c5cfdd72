import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { getPaymentChains } from "../chains/registry";
import { getConfig } from "../config/config";
import { getDb } from "../db/client";
import { merchants, paymentLinks } from "../db/schema";
import { parseInput } from "../errors";
import { createPaymentLink } from "../paymentLinks/paymentLinks";
import { createPaymentLinkBody } from "../paymentLinks/schemas";
import { DEMO_MERCHANT_ID } from "./seed";

/** What the example store sells: one bag of coffee, through a Demo Store payment link. */
export const EXAMPLE_PRODUCT = {
  name: "Colombia Huila, 250 g whole beans",
  amount: "18.00",
  currency: "USD",
} as const;

/**
 * The example store's payment link, created on first use (local chain only, where the demo
 * merchant exists); null elsewhere.
 */
export async function exampleStoreLinkId(): Promise<string | null> {
  if (!getConfig().localChain) return null;
  const db = await getDb();
  const [existing] = await db
    .select({ id: paymentLinks.id })
    .from(paymentLinks)
    .where(
      and(
        eq(paymentLinks.merchantId, DEMO_MERCHANT_ID),
        eq(paymentLinks.active, true),
        sql`${paymentLinks.metadata}->>'example' = 'store'`,
      ),
    )
    .limit(1);
  if (existing) return existing.id;
  const [merchant] = await db.select().from(merchants).where(eq(merchants.id, DEMO_MERCHANT_ID));
  if (!merchant) return null;
  const body = parseInput(createPaymentLinkBody, {
    amount: EXAMPLE_PRODUCT.amount,
    currency: EXAMPLE_PRODUCT.currency,
    description: EXAMPLE_PRODUCT.name,
    metadata: { example: "store" },
  });
  const link = await createPaymentLink(db, {
    merchant,
    livemode: false,
    body,
    chains: getPaymentChains(),
  });
  return link.id;
}
