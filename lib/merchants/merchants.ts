import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Address } from "viem";
import { getPaymentChains, type PaymentChain } from "../chains/registry";
import type { Executor } from "../db/client";
import { type AcceptedToken, merchants } from "../db/schema";
import { invalidParameter, notFound } from "../errors";
import { newId } from "../ids";
import { forgetCachedApiKeys } from "./keyLookup";
import {
  type CreateMerchantInput,
  createMerchantInputSchema,
  type UpdateMerchantInput,
  updateMerchantInputSchema,
} from "./schemas";
import { parseMerchantsInput } from "./validation";

export type Merchant = typeof merchants.$inferSelect;

/** A merchant as the API, the dashboard and the CLI show it. */
export type MerchantView = {
  id: string;
  object: "merchant";
  name: string;
  settlement_address: string;
  settlement_overrides: Record<string, string>;
  accepted_tokens: { chain_id: number; symbol: string }[] | null;
  /** The checkout page's logo; null: none. */
  logo_url: string | null;
  /** Origins allowed to embed the checkout in a frame (besides this app). */
  allowed_origins: string[];
  /** Seconds new invoices stay payable unless the request says; null: 1800 (30 minutes). */
  default_expires_in: number | null;
  /** An invoice counts as paid when at most this share is missing, in basis points (0 to 500). */
  underpayment_tolerance_bps: number;
  /** New invoices offer gasless payment (a signature the deployment's relayer submits). */
  gasless_enabled: boolean;
  /** Per chain id, the most one gasless payment's gas may be worth in the invoice currency; others 0.05. */
  gasless_fee_caps: Record<string, string>;
  created_at: string;
  updated_at: string;
};

export function presentMerchant(merchant: Merchant): MerchantView {
  return {
    id: merchant.id,
    object: "merchant",
    name: merchant.name,
    settlement_address: merchant.settlementAddress,
    settlement_overrides: merchant.settlementOverrides,
    accepted_tokens:
      merchant.acceptedTokens?.map((token) => ({
        chain_id: token.chainId,
        symbol: token.symbol,
      })) ?? null,
    logo_url: merchant.logoUrl,
    allowed_origins: merchant.allowedOrigins,
    default_expires_in: merchant.defaultExpiresIn,
    underpayment_tolerance_bps: merchant.underpaymentToleranceBps,
    gasless_enabled: merchant.gaslessEnabled,
    gasless_fee_caps: merchant.gaslessFeeCaps,
    created_at: merchant.createdAt.toISOString(),
    updated_at: merchant.updatedAt.toISOString(),
  };
}

/** Where a payment on this chain goes: the chain's override, or the merchant's address. */
export function settlementAddressFor(
  merchant: Pick<Merchant, "settlementAddress" | "settlementOverrides">,
  chainId: number,
): Address {
  return (merchant.settlementOverrides[String(chainId)] ?? merchant.settlementAddress) as Address;
}

function describeChains(chains: PaymentChain[]): string {
  return chains.map((chain) => `${chain.id} (${chain.name})`).join(", ");
}

/** Overrides may only name chains this deployment has. */
export function checkSettlementOverrides(
  overrides: Record<string, string>,
  chains: PaymentChain[],
): Record<string, string> {
  const checked: Record<string, string> = {};
  for (const [key, address] of Object.entries(overrides)) {
    const chainId = Number(key);
    if (!chains.some((chain) => chain.id === chainId)) {
      throw invalidParameter(
        `settlement_overrides.${key}`,
        `Invalid settlement_overrides.${key}: this deployment has no chain ${key}; its chains are ${describeChains(chains)}.`,
      );
    }
    checked[String(chainId)] = address;
  }
  return checked;
}

/** Fee caps name chains of this deployment; stored in their normal form ("0.050" -> "0.05"). */
export function checkFeeCaps(
  caps: Record<string, string>,
  chains: PaymentChain[],
): Record<string, string> {
  const checked: Record<string, string> = {};
  for (const [key, cap] of Object.entries(caps)) {
    const chainId = Number(key);
    if (!chains.some((chain) => chain.id === chainId)) {
      throw invalidParameter(
        `gasless_fee_caps.${key}`,
        `Invalid gasless_fee_caps.${key}: this deployment has no chain ${key}; its chains are ${describeChains(chains)}.`,
      );
    }
    checked[String(chainId)] = cap.includes(".") ? cap.replace(/0+$/, "").replace(/\.$/, "") : cap;
  }
  return checked;
}

/** Accepted tokens must exist on this deployment's chains; symbols are stored as the chain has them. */
export function checkAcceptedTokens(
  tokens: AcceptedToken[],
  chains: PaymentChain[],
): AcceptedToken[] {
  const checked: AcceptedToken[] = [];
  tokens.forEach((accepted, index) => {
    const chain = chains.find((candidate) => candidate.id === accepted.chainId);
    if (!chain) {
      throw invalidParameter(
        `accepted_tokens.${index}.chain_id`,
        `Invalid accepted_tokens.${index}.chain_id: this deployment has no chain ${accepted.chainId}; its chains are ${describeChains(chains)}.`,
      );
    }
    const token = chain.tokens.find(
      (candidate) => candidate.symbol.toUpperCase() === accepted.symbol.toUpperCase(),
    );
    if (!token) {
      throw invalidParameter(
        `accepted_tokens.${index}.symbol`,
        `Invalid accepted_tokens.${index}.symbol: ${chain.name} (chain ${chain.id}) has no token ${accepted.symbol} here; it has ${chain.tokens.map((candidate) => candidate.symbol).join(", ")}.`,
      );
    }
    if (checked.some((seen) => seen.chainId === chain.id && seen.symbol === token.symbol)) {
      throw invalidParameter(
        `accepted_tokens.${index}`,
        `Invalid accepted_tokens.${index}: ${token.symbol} on chain ${chain.id} is listed twice.`,
      );
    }
    checked.push({ chainId: chain.id, symbol: token.symbol });
  });
  return checked;
}

export async function createMerchant(
  db: Executor,
  input: CreateMerchantInput,
  chains: PaymentChain[] = getPaymentChains(),
): Promise<Merchant> {
  const parsed = parseMerchantsInput(createMerchantInputSchema, input);
  const [merchant] = await db
    .insert(merchants)
    .values({
      id: newId("mer"),
      name: parsed.name,
      settlementAddress: parsed.settlementAddress,
      settlementOverrides: checkSettlementOverrides(parsed.settlementOverrides ?? {}, chains),
      acceptedTokens: parsed.acceptedTokens
        ? checkAcceptedTokens(parsed.acceptedTokens, chains)
        : null,
    })
    .returning();
  return merchant!;
}

export async function findMerchant(db: Executor, merchantId: string): Promise<Merchant | null> {
  const [merchant] = await db.select().from(merchants).where(eq(merchants.id, merchantId)).limit(1);
  return merchant ?? null;
}

/** The merchant, or a 404 naming merchant_id. */
export async function getMerchant(db: Executor, merchantId: string): Promise<Merchant> {
  const merchant = await findMerchant(db, merchantId);
  if (!merchant) throw notFound("merchant", "merchant_id");
  // Authenticated keys carry their merchant: the next request must see the change.
  forgetCachedApiKeys();
  return merchant;
}

/** Oldest first. */
export async function listMerchants(db: Executor): Promise<Merchant[]> {
  return db.select().from(merchants).orderBy(asc(merchants.createdAt), asc(merchants.id));
}

/**
 * Changes the fields given: settlementOverrides replaces the whole map ({} removes them all),
 * acceptedTokens replaces the list (null: every token the deployment offers), logoUrl the logo
 * (null: none), allowedOrigins the origins that may frame the checkout, defaultExpiresIn new
 * invoices' expiry (null: 30 minutes), underpaymentToleranceBps the shortfall new invoices forgive,
 * gaslessEnabled whether new invoices offer gasless payment, gaslessFeeCaps its fee cap per chain
 * (replaces the map; a chain not named takes 0.05).
 * Everything is checked before the one UPDATE: a bad field changes nothing. `beforeWrite`, when
 * given, sees the checked changes and may refuse them (a dashboard change of settlement address
 * must be confirmed by that address; the operator's CLI needs no such check).
 */
export async function updateMerchant(
  db: Executor,
  merchantId: string,
  input: UpdateMerchantInput,
  options: {
    chains?: PaymentChain[];
    beforeWrite?: (changes: Partial<typeof merchants.$inferInsert>) => Promise<void>;
  } = {},
): Promise<Merchant> {
  const chains = options.chains ?? getPaymentChains();
  const parsed = parseMerchantsInput(updateMerchantInputSchema, input);
  const changes: Partial<typeof merchants.$inferInsert> = {};
  if (parsed.name !== undefined) changes.name = parsed.name;
  if (parsed.settlementAddress !== undefined) changes.settlementAddress = parsed.settlementAddress;
  if (parsed.settlementOverrides !== undefined) {
    changes.settlementOverrides = checkSettlementOverrides(parsed.settlementOverrides, chains);
  }
  if (parsed.acceptedTokens !== undefined) {
    changes.acceptedTokens = parsed.acceptedTokens
      ? checkAcceptedTokens(parsed.acceptedTokens, chains)
      : null;
  }
  if (parsed.logoUrl !== undefined) changes.logoUrl = parsed.logoUrl;
  if (parsed.allowedOrigins !== undefined) changes.allowedOrigins = parsed.allowedOrigins;
  if (parsed.defaultExpiresIn !== undefined) changes.defaultExpiresIn = parsed.defaultExpiresIn;
  if (parsed.underpaymentToleranceBps !== undefined) {
    changes.underpaymentToleranceBps = parsed.underpaymentToleranceBps;
  }
  if (parsed.gaslessEnabled !== undefined) changes.gaslessEnabled = parsed.gaslessEnabled;
  if (parsed.gaslessFeeCaps !== undefined) {
    changes.gaslessFeeCaps = checkFeeCaps(parsed.gaslessFeeCaps, chains);
  }
  if (Object.keys(changes).length === 0) return getMerchant(db, merchantId);
  await options.beforeWrite?.(changes);

  const [merchant] = await db
    .update(merchants)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(merchants.id, merchantId))
    .returning();
  if (!merchant) throw notFound("merchant", "merchant_id");
  // Authenticated keys carry their merchant: the next request must see the change.
  forgetCachedApiKeys();
  return merchant;
}
