import { eq } from "drizzle-orm";
import {
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  erc20Abi,
  type Hash,
  type Hex,
  http,
  type PrivateKeyAccount,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { anvil } from "viem/chains";
import { inject } from "vitest";
import { devAccount } from "../../chains/devAccounts";
import { getDb } from "../../db/client";
import { apiKeys, merchants } from "../../db/schema";
import { newId } from "../../ids";
import { forgetCachedApiKeys } from "../../merchants/keyLookup";
import { generateApiKey, hashApiKey, keyPrefix } from "../../merchants/keyMaterial";

export const rpcUrl = () => inject("anvilRpcUrl");
const chain = () => ({ ...anvil, rpcUrls: { default: { http: [rpcUrl()] } } });

export function chainClients() {
  const transport = http(rpcUrl());
  return {
    publicClient: createPublicClient({ chain: chain(), transport, pollingInterval: 50 }),
    testClient: createTestClient({ chain: chain(), mode: "anvil", transport }),
  };
}

export function walletFor(account: number | PrivateKeyAccount) {
  return createWalletClient({
    account: typeof account === "number" ? devAccount(account) : account,
    chain: chain(),
    transport: http(rpcUrl()),
  });
}

/** A new merchant with a settlement address nobody else uses, and an API key. */
export async function createMerchant(
  options: { name?: string; mode?: "test" | "live"; settlementAddress?: Address } = {},
) {
  const db = await getDb();
  const settlementAddress =
    options.settlementAddress ?? privateKeyToAccount(generatePrivateKey()).address;
  const [merchant] = await db
    .insert(merchants)
    .values({ id: newId("mer"), name: options.name ?? "Test Shop", settlementAddress })
    .returning();
  const mode = options.mode ?? "test";
  const apiKey = generateApiKey(mode);
  await db.insert(apiKeys).values({
    id: newId("key"),
    merchantId: merchant!.id,
    mode,
    keyHash: hashApiKey(apiKey),
    keyPrefix: keyPrefix(apiKey),
  });
  return { merchant: merchant!, apiKey };
}

export async function revokeKey(apiKey: string) {
  const db = await getDb();
  await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(eq(apiKeys.keyHash, hashApiKey(apiKey)));
  forgetCachedApiKeys();
}

export type RouteHandler<Params> = (
  request: Request,
  context: { params: Promise<Params> },
) => Promise<Response>;

/** Calls a Next.js route handler the way the server would, and parses its JSON answer. */
export async function callRoute<Params = Record<string, never>>(
  handler: RouteHandler<Params>,
  options: {
    method?: string;
    path?: string;
    params?: Params;
    apiKey?: string;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
  } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  const request = new Request(`http://checkout.test${options.path ?? "/"}`, {
    method: options.method ?? (body === undefined ? "GET" : "POST"),
    headers,
    body,
  });
  const response = await handler(request, {
    params: Promise.resolve((options.params ?? {}) as Params),
  });
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers.
  const json = (await response.json()) as any;
  return { status: response.status, headers: response.headers, json };
}

export async function tokenBalance(token: Address, owner: Address): Promise<bigint> {
  const { publicClient } = chainClients();
  return publicClient.readContract({
    address: token,
    abi: erc20Abi,
    functionName: "balanceOf",
    args: [owner],
  });
}

/** Sends a transaction and waits for its receipt (anvil mines one block per transaction). */
export async function send(
  account: number | PrivateKeyAccount,
  request: { to: Address; data: Hex; gas?: bigint },
): Promise<Hash> {
  const wallet = walletFor(account);
  const hash = await wallet.sendTransaction({ ...request, value: 0n });
  await chainClients().publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 });
  return hash;
}

/** An account with gas but no tokens. */
export async function emptyAccount(): Promise<PrivateKeyAccount> {
  const account = privateKeyToAccount(generatePrivateKey());
  await chainClients().testClient.setBalance({ address: account.address, value: 10n ** 18n });
  return account;
}
