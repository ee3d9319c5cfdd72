import { eq } from "drizzle-orm";
import {
  type Address,
  encodeFunctionData,
  erc20Abi,
  type Hash,
  type Hex,
  type PrivateKeyAccount,
} from "viem";
import { POST as submitPaymentRoute } from "@/app/api/checkout/[id]/payments/route";
import { GET as checkoutRoute } from "@/app/api/checkout/[id]/route";
import { POST as createInvoiceRoute } from "@/app/api/v1/invoices/route";
import { getPaymentChains } from "../chains/registry";
import type { CheckoutInvoice } from "../checkout/view";
import { getDb } from "../db/client";
import { events, payments } from "../db/schema";
import { transferCalldata } from "../invoices/paymentOptions";
import type { ApiInvoice } from "../invoices/present";
import { type ChainWatcherOptions, createChainWatcher } from "../payments/chainWatcher";
import { callRoute, send } from "./fixtures";

/** Creates an invoice through the merchant API (201 or the test fails). */
export async function newInvoice(
  apiKey: string,
  body: Record<string, unknown> = {},
): Promise<ApiInvoice> {
  const { status, json } = await callRoute(createInvoiceRoute, {
    apiKey,
    body: { amount: "10.00", currency: "USD", ...body },
  });
  if (status !== 201)
    throw new Error(`creating an invoice answered ${status}: ${JSON.stringify(json)}`);
  return json as ApiInvoice;
}

/** The invoice as the checkout page sees it. */
export async function checkout(id: string): Promise<CheckoutInvoice> {
  return (await callRoute(checkoutRoute, { params: { id } })).json as CheckoutInvoice;
}

export function postHash(id: string, hash: Hash) {
  return callRoute(submitPaymentRoute, {
    params: { id },
    body: { chain_id: 31337, tx_hash: hash },
  });
}

export async function eventTypes(invoiceId: string): Promise<string[]> {
  const db = await getDb();
  const rows = await db
    .select({ type: events.type })
    .from(events)
    .where(eq(events.invoiceId, invoiceId))
    .orderBy(events.createdAt);
  return rows.map((row) => row.type);
}

export async function paymentRows(invoiceId: string) {
  const db = await getDb();
  return db.select().from(payments).where(eq(payments.invoiceId, invoiceId));
}

export type Option = ApiInvoice["payment_options"][number];

export function usdcOption(invoice: Pick<ApiInvoice, "payment_options">): Option {
  const option = invoice.payment_options.find((candidate) => candidate.token.symbol === "USDC");
  if (!option) throw new Error("the invoice offers no USDC option");
  return option;
}

/** Pays an option from a wallet the way the checkout page does (reference in the calldata). */
export function payByWallet(
  account: number | PrivateKeyAccount,
  option: Option,
  amount?: bigint,
): Promise<Hash> {
  const data =
    amount === undefined
      ? option.transaction.data
      : transferCalldata(option.recipient, amount, option.reference);
  return send(account, { to: option.transaction.to, data });
}

/** A plain ERC-20 transfer with no reference, as an exchange withdrawal or a QR scan sends it. */
export function plainTransfer(
  account: number | PrivateKeyAccount,
  token: Address,
  to: Address,
  amount: bigint,
): Promise<Hash> {
  const data: Hex = encodeFunctionData({
    abi: erc20Abi,
    functionName: "transfer",
    args: [to, amount],
  });
  return send(account, { to: token, data });
}

/** Moves test tokens from a funded dev account to `to`. */
export async function fund(to: Address, token: Address, amount: bigint): Promise<void> {
  await plainTransfer(8, token, to, amount);
}

/** A watcher for the local test chain, polling only (tests drive it pass by pass). */
export async function localWatcher(options: Partial<ChainWatcherOptions> = {}) {
  return createChainWatcher({
    db: await getDb(),
    chain: getPaymentChains()[0]!,
    wsUrl: null,
    ...options,
  });
}
