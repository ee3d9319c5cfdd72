import { describe, expect, it } from "vitest";
import { paymentChainsFor, registerLocalChainTokens } from "../chains/registry";
import { loadConfig } from "../config/config";
import { localTestTokens } from "../demo/testTokens";
import { DomainError } from "../errors";
import {
  checkAcceptedTokens,
  checkSettlementOverrides,
  presentMerchant,
  settlementAddressFor,
} from "./merchants";
import { createMerchantInputSchema, updateMerchantInputSchema } from "./schemas";
import { parseMerchantsInput } from "./validation";

registerLocalChainTokens(localTestTokens());

const localChains = paymentChainsFor(loadConfig({}));
const productionChains = paymentChainsFor(
  loadConfig({
    CHAINS: "base,arbitrum",
    RPC_URL_8453: "https://base.example",
    RPC_URL_42161: "https://arbitrum.example",
  }),
);

const ADDRESS = "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720";
const OTHER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

function domainErrorOf(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected a DomainError");
}

const parseCreate = (input: unknown) => parseMerchantsInput(createMerchantInputSchema, input);

describe("merchant input validation", () => {
  it("trims the name and stores the address checksummed", () => {
    expect(parseCreate({ name: "  Shop  ", settlementAddress: ADDRESS.toLowerCase() })).toEqual({
      name: "Shop",
      settlementAddress: ADDRESS,
    });
  });

  it.each([
    [{ name: "", settlementAddress: ADDRESS }, "name", "parameter_invalid"],
    [{ name: "   ", settlementAddress: ADDRESS }, "name", "parameter_invalid"],
    [{ name: "x".repeat(101), settlementAddress: ADDRESS }, "name", "parameter_invalid"],
    [{ settlementAddress: ADDRESS }, "name", "parameter_missing"],
    [{ name: "Shop", settlementAddress: "0x1234" }, "settlement_address", "parameter_invalid"],
    [
      // One letter's case changed: the checksum no longer matches, most likely a typo.
      { name: "Shop", settlementAddress: "0xA0Ee7A142d267C1f36714E4a8F75612F20a79720" },
      "settlement_address",
      "parameter_invalid",
    ],
    [
      { name: "Shop", settlementAddress: "0x0000000000000000000000000000000000000000" },
      "settlement_address",
      "parameter_invalid",
    ],
    [
      { name: "Shop", settlementAddress: ADDRESS, settlementOverrides: { "31337": "nope" } },
      "settlement_overrides.31337",
      "parameter_invalid",
    ],
    [
      { name: "Shop", settlementAddress: ADDRESS, acceptedTokens: [] },
      "accepted_tokens",
      "parameter_invalid",
    ],
    [
      { name: "Shop", settlementAddress: ADDRESS, acceptedTokens: [{ chainId: "x", symbol: "A" }] },
      "accepted_tokens.0.chain_id",
      "parameter_invalid",
    ],
    [{ name: "Shop", settlementAddress: ADDRESS, color: "red" }, "color", "parameter_unknown"],
  ])("%j is a 400 naming %s", (input, param, code) => {
    const error = domainErrorOf(() => parseCreate(input));
    expect(error.code).toMatch(/^parameter_/);
    expect(error.code).toBe(code);
    expect(error.param).toBe(param);
    expect(error.message).toMatch(/\.$/);
  });

  it("names 101 characters as too long, in a sentence", () => {
    const error = domainErrorOf(() =>
      parseCreate({ name: "x".repeat(101), settlementAddress: ADDRESS }),
    );
    expect(error.message).toBe("Invalid name: at most 100 characters.");
  });

  it("accepts 100 characters", () => {
    expect(parseCreate({ name: "x".repeat(100), settlementAddress: ADDRESS }).name).toHaveLength(
      100,
    );
  });

  it("lets an update change one field alone", () => {
    expect(parseMerchantsInput(updateMerchantInputSchema, { name: "New" })).toEqual({
      name: "New",
    });
    expect(parseMerchantsInput(updateMerchantInputSchema, { acceptedTokens: null })).toEqual({
      acceptedTokens: null,
    });
  });
});

describe("default expiry and underpayment tolerance", () => {
  const parseUpdate = (input: unknown) => parseMerchantsInput(updateMerchantInputSchema, input);

  it("takes 60 seconds to 7 days, or null for the 30-minute default", () => {
    expect(parseUpdate({ defaultExpiresIn: 60 })).toEqual({ defaultExpiresIn: 60 });
    expect(parseUpdate({ defaultExpiresIn: 604_800 })).toEqual({ defaultExpiresIn: 604_800 });
    expect(parseUpdate({ defaultExpiresIn: null })).toEqual({ defaultExpiresIn: null });
  });

  it("takes 0 to 500 basis points (0 to 5%)", () => {
    expect(parseUpdate({ underpaymentToleranceBps: 0 })).toEqual({ underpaymentToleranceBps: 0 });
    expect(parseUpdate({ underpaymentToleranceBps: 500 })).toEqual({
      underpaymentToleranceBps: 500,
    });
  });

  it.each([
    [
      { defaultExpiresIn: 59 },
      "default_expires_in",
      "Invalid default_expires_in: must be at least 60 seconds (1 minute).",
    ],
    [
      { defaultExpiresIn: 604_801 },
      "default_expires_in",
      "Invalid default_expires_in: must be at most 604800 seconds (7 days).",
    ],
    [
      { defaultExpiresIn: 90.5 },
      "default_expires_in",
      "Invalid default_expires_in: expected a whole number of seconds.",
    ],
    [
      { defaultExpiresIn: "3600" },
      "default_expires_in",
      "Invalid default_expires_in: expected a whole number of seconds, or null for the 30-minute default.",
    ],
    [
      { underpaymentToleranceBps: 501 },
      "underpayment_tolerance_bps",
      "Invalid underpayment_tolerance_bps: must be at most 5% (500 basis points).",
    ],
    [
      { underpaymentToleranceBps: -1 },
      "underpayment_tolerance_bps",
      "Invalid underpayment_tolerance_bps: must not be negative.",
    ],
    [
      { underpaymentToleranceBps: 12.5 },
      "underpayment_tolerance_bps",
      "Invalid underpayment_tolerance_bps: expected a whole number of basis points (100 = 1%).",
    ],
    [{ underpaymentToleranceBps: null }, "underpayment_tolerance_bps", null],
  ])("%j is a 400 naming %s", (input, param, message) => {
    const error = domainErrorOf(() => parseUpdate(input));
    expect(error.code).toMatch(/^parameter_/);
    expect(error.param).toBe(param);
    if (message) expect(error.message).toBe(message);
  });
});

describe("checks against this deployment's chains", () => {
  it("keeps overrides on chains the deployment has", () => {
    expect(checkSettlementOverrides({ "31337": OTHER }, localChains)).toEqual({ "31337": OTHER });
    expect(checkSettlementOverrides({ "8453": OTHER }, productionChains)).toEqual({
      "8453": OTHER,
    });
  });

  it("refuses an override for a chain the deployment lacks, listing those it has", () => {
    const error = domainErrorOf(() => checkSettlementOverrides({ "8453": OTHER }, localChains));
    expect(error.code).toMatch(/^parameter_/);
    expect(error.param).toBe("settlement_overrides.8453");
    expect(error.message).toBe(
      "Invalid settlement_overrides.8453: this deployment has no chain 8453; its chains are 31337 (Local chain).",
    );
  });

  it("stores token symbols as the chain has them", () => {
    expect(checkAcceptedTokens([{ chainId: 31337, symbol: "usdc" }], localChains)).toEqual([
      { chainId: 31337, symbol: "USDC" },
    ]);
    expect(
      checkAcceptedTokens(
        [
          { chainId: 8453, symbol: "USDC" },
          { chainId: 42161, symbol: "USDT" },
        ],
        productionChains,
      ),
    ).toEqual([
      { chainId: 8453, symbol: "USDC" },
      { chainId: 42161, symbol: "USDT" },
    ]);
  });

  it.each([
    [[{ chainId: 1, symbol: "USDC" }], localChains, "accepted_tokens.0.chain_id"],
    [[{ chainId: 31337, symbol: "DAI" }], localChains, "accepted_tokens.0.symbol"],
    // Base has no USDT in viem/tokens nor in Tether's list.
    [[{ chainId: 8453, symbol: "USDT" }], productionChains, "accepted_tokens.0.symbol"],
    [
      [
        { chainId: 31337, symbol: "USDC" },
        { chainId: 31337, symbol: "usdc" },
      ],
      localChains,
      "accepted_tokens.1",
    ],
  ])("refuses %j", (tokens, chains, param) => {
    const error = domainErrorOf(() => checkAcceptedTokens(tokens, chains));
    expect(error.code).toMatch(/^parameter_/);
    expect(error.code).toBe("parameter_invalid");
    expect(error.param).toBe(param);
  });

  it("says which tokens a chain has", () => {
    const error = domainErrorOf(() =>
      checkAcceptedTokens([{ chainId: 31337, symbol: "DAI" }], localChains),
    );
    expect(error.message).toContain("Local chain (chain 31337) has no token DAI here; it has USDC");
  });
});

describe("settlementAddressFor", () => {
  const merchant = { settlementAddress: ADDRESS, settlementOverrides: { "8453": OTHER } };
  it("pays a chain's override there and the default address elsewhere", () => {
    expect(settlementAddressFor(merchant, 8453)).toBe(OTHER);
    expect(settlementAddressFor(merchant, 42161)).toBe(ADDRESS);
    expect(settlementAddressFor({ ...merchant, settlementOverrides: {} }, 8453)).toBe(ADDRESS);
  });
});

describe("presentMerchant", () => {
  it("shows the merchant in snake_case with ISO times", () => {
    const at = new Date("2026-01-02T03:04:05.006Z");
    expect(
      presentMerchant({
        id: "mer_x",
        name: "Shop",
        settlementAddress: ADDRESS,
        settlementOverrides: { "8453": OTHER },
        acceptedTokens: [{ chainId: 8453, symbol: "USDC" }],
        gaslessEnabled: true,
        gaslessFeeCaps: {},
        logoUrl: null,
        allowedOrigins: [],
        defaultExpiresIn: null,
        underpaymentToleranceBps: 0,
        createdAt: at,
        updatedAt: at,
      }),
    ).toEqual({
      id: "mer_x",
      object: "merchant",
      name: "Shop",
      settlement_address: ADDRESS,
      settlement_overrides: { "8453": OTHER },
      accepted_tokens: [{ chain_id: 8453, symbol: "USDC" }],
      gasless_enabled: true,
      gasless_fee_caps: {},
      logo_url: null,
      allowed_origins: [],
      default_expires_in: null,
      underpayment_tolerance_bps: 0,
      created_at: "2026-01-02T03:04:05.006Z",
      updated_at: "2026-01-02T03:04:05.006Z",
    });
  });
});
