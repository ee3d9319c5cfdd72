import { describe, expect, it } from "vitest";
import type { PaymentChain } from "../chains/registry";
import { apiKeyModes, dashboardLivemode } from "./mode";

const chain = (testnet: boolean) => ({ testnet }) as PaymentChain;

describe("dashboard modes", () => {
  it("a deployment with only the local chain or testnets works in test mode and makes test keys only", () => {
    expect(dashboardLivemode([chain(true)])).toBe(false);
    expect(apiKeyModes([chain(true)])).toEqual(["test"]);
  });

  it("a live chain makes the dashboard live; keys of a mode need a chain of that mode", () => {
    expect(dashboardLivemode([chain(false), chain(true)])).toBe(true);
    expect(apiKeyModes([chain(false), chain(true)])).toEqual(["test", "live"]);
    expect(apiKeyModes([chain(false)])).toEqual(["live"]);
  });
});
