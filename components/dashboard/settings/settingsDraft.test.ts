import { describe, expect, it } from "vitest";
import {
  changesOf,
  draftOf,
  expiryFields,
  fieldMessage,
  type SavedSettings,
  type SettingsDraft,
} from "./settingsDraft";

const ADDRESS = "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720";
const OTHER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const TOKENS = ["8453:USDC", "8453:USDT", "42161:USDC"];

const saved: SavedSettings = {
  name: "Shop",
  logo_url: null,
  settlement_address: ADDRESS,
  settlement_overrides: { "42161": OTHER },
  accepted_tokens: null,
  allowed_origins: ["https://shop.example"],
  default_expires_in: null,
  underpayment_tolerance_bps: 50,
  gasless_enabled: true,
  gasless_fee_caps: { "8453": "0.02" },
};

const edit = (change: Partial<SettingsDraft>, from: SavedSettings = saved) =>
  changesOf(from, { ...draftOf(from, [8453, 42161]), ...change }, TOKENS);

describe("the settings form's draft", () => {
  it("starts from the saved settings: one override row per chain, tolerance as a percentage", () => {
    expect(draftOf(saved, [8453, 42161])).toEqual({
      name: "Shop",
      logoUrl: null,
      settlementAddress: ADDRESS,
      overrides: { "8453": "", "42161": OTHER },
      acceptAll: true,
      accepted: [],
      origins: ["https://shop.example"],
      expiryAmount: "",
      expiryUnit: "minutes",
      tolerancePercent: "0.5",
      gaslessEnabled: true,
      feeCaps: { "8453": "0.02", "42161": "" },
    });
  });

  it("sends nothing when nothing changed", () => {
    expect(edit({})).toEqual({ changes: {} });
    for (const seconds of [60, 90, 5400, 7200, 86_400, 604_800]) {
      expect(edit({}, { ...saved, default_expires_in: seconds })).toEqual({ changes: {} });
    }
  });

  it("sends only what changed", () => {
    expect(edit({ name: "New name", tolerancePercent: "1.25" })).toEqual({
      changes: { name: "New name", underpayment_tolerance_bps: 125 },
    });
  });

  it("sends the whole override map, without blank rows", () => {
    expect(edit({ overrides: { "8453": ` ${OTHER} `, "42161": "" } })).toEqual({
      changes: { settlement_overrides: { "8453": OTHER } },
    });
  });

  it("sends the chosen tokens in the deployment's order, or null for every token", () => {
    expect(edit({ acceptAll: false, accepted: ["42161:USDC", "8453:USDC"] })).toEqual({
      changes: {
        accepted_tokens: [
          { chain_id: 8453, symbol: "USDC" },
          { chain_id: 42161, symbol: "USDC" },
        ],
      },
    });
    const some = { ...saved, accepted_tokens: [{ chain_id: 8453, symbol: "USDT" }] };
    expect(edit({}, some)).toEqual({ changes: {} });
    expect(edit({ acceptAll: true }, some)).toEqual({ changes: { accepted_tokens: null } });
    expect(edit({ acceptAll: false, accepted: [] })).toEqual({
      problem: {
        param: "accepted_tokens",
        message: "Choose at least one token, or accept every token.",
      },
    });
  });

  it("drops blank origin rows", () => {
    expect(edit({ origins: ["https://shop.example", " ", "https://b.example "] })).toEqual({
      changes: { allowed_origins: ["https://shop.example", "https://b.example"] },
    });
    expect(edit({ origins: [] })).toEqual({ changes: { allowed_origins: [] } });
  });

  it("turns the expiry into seconds; empty is the default (null)", () => {
    expect(edit({ expiryAmount: "2", expiryUnit: "hours" })).toEqual({
      changes: { default_expires_in: 7200 },
    });
    expect(edit({ expiryAmount: "" }, { ...saved, default_expires_in: 600 })).toEqual({
      changes: { default_expires_in: null },
    });
    // Out of range goes to the server, which names the bounds.
    expect(edit({ expiryAmount: "8", expiryUnit: "days" })).toEqual({
      changes: { default_expires_in: 691_200 },
    });
    expect(edit({ expiryAmount: "1.5" })).toMatchObject({
      problem: { param: "default_expires_in" },
    });
  });

  it("refuses a tolerance that is not a percentage with up to two decimals", () => {
    expect(edit({ tolerancePercent: "0.125" })).toMatchObject({
      problem: { param: "underpayment_tolerance_bps" },
    });
    expect(edit({ tolerancePercent: "abc" })).toMatchObject({
      problem: { param: "underpayment_tolerance_bps" },
    });
    // 7% is well formed: the server says it is over 5%.
    expect(edit({ tolerancePercent: "7" })).toEqual({
      changes: { underpayment_tolerance_bps: 700 },
    });
  });

  it("turns gasless payment off, and back on", () => {
    expect(edit({ gaslessEnabled: false })).toEqual({ changes: { gasless_enabled: false } });
    const off = { ...saved, gasless_enabled: false };
    expect(edit({}, off)).toEqual({ changes: {} });
    expect(edit({ gaslessEnabled: true }, off)).toEqual({ changes: { gasless_enabled: true } });
  });

  it("sends the whole fee cap map, without blank rows (the default cap), as typed", () => {
    expect(edit({ feeCaps: { "8453": "0.02", "42161": " 0.1 " } })).toEqual({
      changes: { gasless_fee_caps: { "8453": "0.02", "42161": "0.1" } },
    });
    expect(edit({ feeCaps: { "8453": "", "42161": "" } })).toEqual({
      changes: { gasless_fee_caps: {} },
    });
    // The server names a malformed cap by its chain (gasless_fee_caps.42161).
    expect(edit({ feeCaps: { "8453": "0.02", "42161": "abc" } })).toEqual({
      changes: { gasless_fee_caps: { "8453": "0.02", "42161": "abc" } },
    });
  });

  it("clears the logo", () => {
    const withLogo = { ...saved, logo_url: "https://shop.example/logo.png" };
    expect(edit({ logoUrl: "" }, withLogo)).toEqual({ changes: { logo_url: null } });
    expect(edit({ logoUrl: null }, withLogo)).toEqual({ changes: { logo_url: null } });
  });
});

describe("expiry fields", () => {
  it.each([
    [null, { amount: "", unit: "minutes" }],
    [60, { amount: "1", unit: "minutes" }],
    [5400, { amount: "90", unit: "minutes" }],
    [7200, { amount: "2", unit: "hours" }],
    [604_800, { amount: "7", unit: "days" }],
    [90, { amount: "90", unit: "seconds" }],
  ])("%s seconds show as %j", (seconds, fields) => {
    expect(expiryFields(seconds)).toEqual(fields);
  });
});

describe("fieldMessage", () => {
  it("drops the field name the form already shows", () => {
    expect(
      fieldMessage("Invalid default_expires_in: must be at least 60 seconds (1 minute)."),
    ).toBe("Must be at least 60 seconds (1 minute).");
    expect(fieldMessage("This is the store's last owner.")).toBe("This is the store's last owner.");
  });
});
