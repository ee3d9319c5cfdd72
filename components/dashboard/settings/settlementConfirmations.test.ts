import { describe, expect, it } from "vitest";
import { confirmationTimeAccepted } from "@/lib/merchants/settlementConfirmation";
import { draftOf, type SavedSettings } from "./settingsDraft";
import { confirmationsNeeded, confirmationsToSend } from "./settlementConfirmations";

const SAVED_DEFAULT = "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720";
const SAVED_ARBITRUM = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const SIGNED_IN = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const NEW = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";

const saved: SavedSettings = {
  name: "Shop",
  logo_url: null,
  settlement_address: SAVED_DEFAULT,
  settlement_overrides: { "42161": SAVED_ARBITRUM },
  accepted_tokens: null,
  allowed_origins: [],
  default_expires_in: null,
  underpayment_tolerance_bps: 0,
  gasless_enabled: true,
  gasless_fee_caps: {},
};
const draft = draftOf(saved, [8453, 42161]);

describe("which typed settlement addresses need their owner's confirmation", () => {
  it("none for the saved addresses, the signed-in wallet's, or what is not an address yet", () => {
    expect(confirmationsNeeded(saved, draft, SIGNED_IN)).toEqual([]);
    expect(
      confirmationsNeeded(
        saved,
        {
          ...draft,
          settlementAddress: SIGNED_IN.toLowerCase(),
          // Base paid the default address already; Arbitrum keeps its own.
          overrides: { "8453": SAVED_DEFAULT, "42161": ` ${SAVED_ARBITRUM} ` },
        },
        SIGNED_IN,
      ),
    ).toEqual([]);
    expect(
      confirmationsNeeded(saved, { ...draft, settlementAddress: "0x90F79bf6" }, SIGNED_IN),
    ).toEqual([]);
  });

  it("a new default address on a chain to pick, a chain's new address on that chain", () => {
    const needs = confirmationsNeeded(
      saved,
      { ...draft, settlementAddress: NEW.toLowerCase(), overrides: { "8453": NEW, "42161": "" } },
      SIGNED_IN,
    );
    expect(needs).toEqual([
      {
        key: `settlement_address:${NEW}`,
        address: NEW,
        chainId: null,
        param: "settlement_address",
      },
      {
        key: `settlement_overrides.8453:${NEW}`,
        address: NEW,
        chainId: 8453,
        param: "settlement_overrides.8453",
      },
    ]);
    // Only signed ones are sent.
    expect(
      confirmationsToSend(needs, {
        [needs[0]!.key]: {
          chainId: 42161,
          issuedAt: "2025-01-31T12:00:00.000Z",
          signature: " 0xab ",
        },
        [needs[1]!.key]: { chainId: 8453, issuedAt: "2025-01-31T12:00:00.000Z", signature: "" },
      }),
    ).toEqual([
      { address: NEW, chain_id: 42161, issued_at: "2025-01-31T12:00:00.000Z", signature: "0xab" },
    ]);
  });
});

describe("a confirmation's time", () => {
  const now = new Date("2025-01-31T12:00:00.000Z");
  it.each([
    ["2025-01-31T12:00:00.000Z", true],
    ["2025-01-31T11:45:00.000Z", true],
    ["2025-01-31T11:44:59.999Z", false],
    ["2025-01-31T12:01:00.000Z", true],
    ["2025-01-31T12:01:00.001Z", false],
    ["not a time", false],
  ])("%s is accepted at noon: %s", (issuedAt, accepted) => {
    expect(confirmationTimeAccepted(issuedAt, now)).toBe(accepted);
  });
});
