import "server-only";
import { eq } from "drizzle-orm";
import { getPaymentChains } from "../chains/registry";
import { getConfig } from "../config/config";
import { getDb } from "../db/client";
import { merchants } from "../db/schema";
import { parseInput } from "../errors";
import { createInvoiceAlone } from "../invoices/createInvoiceAlone";
import { createInvoiceBody } from "../invoices/schemas";
import { demoInvoiceBody } from "./demoInvoiceBody";
import { DEMO_MERCHANT_ID } from "./seed";

/** A fresh invoice of the demo store, for the "try it" button on the local chain only. */
export async function createDemoInvoice(): Promise<string> {
  if (!getConfig().localChain) throw new Error("The demo store exists only on the local chain.");
  const db = await getDb();
  const [merchant] = await db.select().from(merchants).where(eq(merchants.id, DEMO_MERCHANT_ID));
  if (!merchant) throw new Error("The demo store has not been seeded.");
  const body = parseInput(createInvoiceBody, demoInvoiceBody());
  const { invoice } = await createInvoiceAlone(db, {
    merchant,
    livemode: false,
    body,
    chains: getPaymentChains(),
  });
  return invoice.id;
}
