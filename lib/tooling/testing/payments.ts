import { eq } from "drizzle-orm";
import {
  type Address,
  encodeFunctionData,
  erc20Abi,
  type Hash,
  type Hex,
  type PrivateKeyAccount,
} from "viem";
import { authenticateApiKey } from "../../api/keys";
import { getPaymentChains } from "../../chains/registry";
import { type CheckoutInvoice, checkoutView } from "../../checkout/view";
import { getConfig, resetConfigForTests } from "../../config/config";
import { getDb } from "../../db/client";
import { events, payments } from "../../db/schema";
import { parseInput } from "../../errors";
import { createInvoiceAlone } from "../../invoices/createInvoiceAlone";
import { transferCalldata } from "../../invoices/paymentOptions";
import { type ApiInvoice, presentInvoice } from "../../invoices/present";
import { findInvoice } from "../../invoices/queries";
import { createInvoiceBody } from "../../invoices/schemas";
import { submitPayment } from "../../payments/submission/submitPayment";
import { createChainWatcher } from "../../payments/watcher/chainWatcher";
import type { ChainWatcherOptions } from "../../payments/watcher/types";
import { callRoute, chainClients, type RouteHandler, send } from "./fixtures";

// These helpers reach the domain code directly, never app/ route modules (lib must not import
// app/); tests that exercise a route pass its handler in, as postHash takes it.

/** Creates an invoice as POST /api/v1/invoices does: the key's merchant and mode, the same body rules. */
export async function newInvoice(
  apiKey: string,
  body: Record<string, unknown> = {},
): Promise<ApiInvoice> {
  const db = await getDb();
  const auth = await authenticateApiKey(
    db,
    new Request("http://checkout.test/", { headers: { authorization: `Bearer ${apiKey}` } }),
  );
  const parsed = parseInput(createInvoiceBody, { amount: "10.00", currency: "USD", ...body });
  const created = await createInvoiceAlone(db, {
    merchant: auth.merchant,
    livemode: auth.livemode,
    body: parsed,
    chains: getPaymentChains(),
  });
  return presentInvoice(created.invoice, created.payments, getConfig().publicUrl);
}

/** The invoice as the checkout page sees it (GET /api/checkout/{id}). */
export async function checkout(id: string): Promise<CheckoutInvoice> {
  const db = await getDb();
  const invoice = await findInvoice(db, id);
  if (!invoice) throw new Error(`no invoice ${id}`);
  return checkoutView(db, invoice, getPaymentChains());
}

/** Verifies a hash for an invoice the way the checkout page's post does, on the local chain. */
export async function submitHash(id: string, hash: Hash) {
  return submitPayment(await getDb(), { invoiceId: id, chainId: 31337, txHash: hash });
}

/** Posts a hash to the checkout's payments route (its handler passed in), as the page does. */
export function postHash(
  route: RouteHandler<{ id: string }>,
  id: string,
  hash: Hash,
  chainId = 31337,
) {
  return callRoute(route, { params: { id }, body: { chain_id: chainId, tx_hash: hash } });
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

/** Makes the local chain need `n` confirmations until resetChainSettings runs. */
export function requireConfirmations(n: number): void {
  process.env.CONFIRMATIONS_31337 = String(n);
  resetConfigForTests();
}

/** Undoes requireConfirmations and a test's manual mining; call after each test that uses them. */
export async function resetChainSettings(): Promise<void> {
  delete process.env.CONFIRMATIONS_31337;
  resetConfigForTests();
  await chainClients().testClient.setAutomine(true);
}
