import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { type APIRequestContext, expect, type Page } from "@playwright/test";
import { type Address, createPublicClient, erc20Abi, http } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import type { ApiInvoice } from "../lib/invoices/present";
import { DEMO_API_KEY, DEV_MNEMONIC, RPC_URL } from "./env";

export { RPC_URL as rpcUrl };

const SCREENSHOT_DIR = join("e2e", "artifacts", "screenshots");

export type CreateInvoiceBody = {
  amount: string;
  currency: string;
  description?: string;
  order_id?: string;
  redirect_url?: string;
  metadata?: Record<string, string>;
  expires_in?: number;
  items?: { name: string; quantity: number; unit_amount: string }[];
};

const auth = { authorization: `Bearer ${DEMO_API_KEY}` };

/** Creates an invoice for Demo Store through the merchant API; fails the test unless 201. */
export async function createInvoice(
  request: APIRequestContext,
  body: CreateInvoiceBody,
): Promise<ApiInvoice> {
  const response = await request.post("/api/v1/invoices", { headers: auth, data: body });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as ApiInvoice;
}

/** The invoice as the merchant API reports it now. */
export async function getInvoice(request: APIRequestContext, id: string): Promise<ApiInvoice> {
  const response = await request.get(`/api/v1/invoices/${id}`, { headers: auth });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as ApiInvoice;
}

/** The path of an invoice's checkout page (checkout_url is absolute, on PUBLIC_URL). */
export function checkoutPath(invoice: Pick<ApiInvoice, "checkout_url">): string {
  return new URL(invoice.checkout_url).pathname;
}

/** A full-page PNG kept in e2e/artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true, animations: "disabled" });
  return path;
}

/** anvil dev account `index` (0..9 are funded with ETH; 1..8 also hold test USDC and USDT). */
export function devAccount(index: number) {
  return mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index });
}

export const publicClient = createPublicClient({ transport: http(RPC_URL, { retryCount: 0 }) });

/** ERC-20 balance in base units. */
export function tokenBalance(token: Address, holder: Address): Promise<bigint> {
  return publicClient.readContract({
    address: token,
    abi: erc20Abi,
    functionName: "balanceOf",
    args: [holder],
  });
}
