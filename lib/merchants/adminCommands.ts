import "server-only";
import { getAddress, isAddress, zeroAddress } from "viem";
import { z } from "zod";
import { addMember } from "../dashboard/sessions";
import type { Database } from "../db/client";
import { parseInput } from "../errors";
import { type ApiKeyView, createApiKey, listApiKeys, revokeApiKey } from "./apiKeys";
import {
  createMerchant,
  getMerchant,
  listMerchants,
  type MerchantView,
  presentMerchant,
  updateMerchant,
} from "./merchants";
import { apiKeyModeSchema } from "./schemas";

/*
 * The merchant CLI's commands, as JSON. The CLI runs them on the database itself, or sends them
 * to the running server (app/api/internal/admin), which runs this same function. Field values
 * are checked by lib/merchants; here only the command's shape.
 */

const acceptedTokens = z
  .array(z.strictObject({ chain_id: z.number(), symbol: z.string() }))
  .nullable()
  .optional();
const settlementOverrides = z.record(z.string(), z.string()).optional();

/** The wallet that signs in to a new merchant's dashboard as its owner, checksummed. */
const ownerAddress = z
  .string("expected a wallet address")
  .trim()
  .refine((value) => isAddress(value), {
    error:
      "expected a wallet address, 0x followed by 40 hex digits (mixed case must match its checksum)",
  })
  .refine((value) => value.toLowerCase() !== zeroAddress, {
    error: "the zero address cannot sign in",
  })
  .transform((value) => getAddress(value));

export const adminCommandSchema = z.discriminatedUnion("command", [
  z.strictObject({
    command: z.literal("merchant.create"),
    name: z.string(),
    settlement_address: z.string(),
    settlement_overrides: settlementOverrides,
    accepted_tokens: acceptedTokens,
    key_mode: apiKeyModeSchema,
    key_label: z.string().nullish(),
    owner: ownerAddress.nullish(),
  }),
  z.strictObject({ command: z.literal("merchant.list") }),
  z.strictObject({ command: z.literal("merchant.show"), merchant_id: z.string() }),
  z.strictObject({
    command: z.literal("merchant.update"),
    merchant_id: z.string(),
    name: z.string().optional(),
    settlement_address: z.string().optional(),
    settlement_overrides: settlementOverrides,
    accepted_tokens: acceptedTokens,
    logo_url: z.string().nullable().optional(),
    allowed_origins: z.array(z.string()).optional(),
    default_expires_in: z.number().nullable().optional(),
    underpayment_tolerance_bps: z.number().optional(),
    gasless_enabled: z.boolean().optional(),
    gasless_fee_caps: z.record(z.string(), z.string()).optional(),
  }),
  z.strictObject({
    command: z.literal("key.create"),
    merchant_id: z.string(),
    mode: apiKeyModeSchema,
    label: z.string().nullish(),
  }),
  z.strictObject({ command: z.literal("key.list"), merchant_id: z.string() }),
  z.strictObject({
    command: z.literal("key.revoke"),
    merchant_id: z.string(),
    key_id: z.string(),
  }),
]);

export type AdminCommand = z.input<typeof adminCommandSchema>;
export type AdminCommandName = AdminCommand["command"];

export type AdminResults = {
  "merchant.create": {
    merchant: MerchantView;
    /** The wallet made its owner in the dashboard, or null: nobody signs in to it yet. */
    owner: string | null;
    api_key: string;
    key: ApiKeyView;
  };
  "merchant.list": { data: MerchantView[] };
  "merchant.show": { merchant: MerchantView; keys: ApiKeyView[] };
  "merchant.update": { merchant: MerchantView };
  "key.create": { api_key: string; key: ApiKeyView };
  "key.list": { data: ApiKeyView[] };
  "key.revoke": { key: ApiKeyView };
};
export type AdminResult = AdminResults[AdminCommandName];

const toAcceptedTokens = (tokens: { chain_id: number; symbol: string }[] | null | undefined) =>
  tokens === undefined
    ? undefined
    : tokens === null
      ? null
      : tokens.map((token) => ({ chainId: token.chain_id, symbol: token.symbol }));

/** Runs one admin command; problems are ApiErrors (400 invalid, 404 unknown merchant or key). */
export async function runAdminCommand(db: Database, input: unknown): Promise<AdminResult> {
  const command = parseInput(adminCommandSchema, input);
  switch (command.command) {
    case "merchant.create":
      // The merchant, its owner and its first key exist together or not at all.
      return db.transaction(async (tx) => {
        const merchant = await createMerchant(tx, {
          name: command.name,
          settlementAddress: command.settlement_address,
          settlementOverrides: command.settlement_overrides,
          acceptedTokens: toAcceptedTokens(command.accepted_tokens),
        });
        const owner = command.owner ?? null;
        if (owner) await addMember(tx, { merchantId: merchant.id, address: owner, role: "owner" });
        const created = await createApiKey(tx, {
          merchantId: merchant.id,
          mode: command.key_mode,
          label: command.key_label,
        });
        return {
          merchant: presentMerchant(merchant),
          owner,
          api_key: created.apiKey,
          key: created.key,
        };
      });
    case "merchant.list":
      return { data: (await listMerchants(db)).map(presentMerchant) };
    case "merchant.show": {
      const merchant = await getMerchant(db, command.merchant_id);
      return { merchant: presentMerchant(merchant), keys: await listApiKeys(db, merchant.id) };
    }
    case "merchant.update": {
      const merchant = await updateMerchant(db, command.merchant_id, {
        name: command.name,
        settlementAddress: command.settlement_address,
        settlementOverrides: command.settlement_overrides,
        acceptedTokens: toAcceptedTokens(command.accepted_tokens),
        logoUrl: command.logo_url,
        allowedOrigins: command.allowed_origins,
        defaultExpiresIn: command.default_expires_in,
        underpaymentToleranceBps: command.underpayment_tolerance_bps,
        gaslessEnabled: command.gasless_enabled,
        gaslessFeeCaps: command.gasless_fee_caps,
      });
      return { merchant: presentMerchant(merchant) };
    }
    case "key.create": {
      const created = await createApiKey(db, {
        merchantId: command.merchant_id,
        mode: command.mode,
        label: command.label,
      });
      return { api_key: created.apiKey, key: created.key };
    }
    case "key.list":
      return { data: await listApiKeys(db, command.merchant_id) };
    case "key.revoke":
      return {
        key: await revokeApiKey(db, { merchantId: command.merchant_id, keyId: command.key_id }),
      };
  }
}
