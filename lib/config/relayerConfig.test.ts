import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { loadRelayerConfig } from "./relayerConfig";

const fail = (message: string): never => {
  throw new Error(message);
};
const chains = [
  { id: 8453, gasToken: "ETH" },
  { id: 137, gasToken: "POL" },
];

describe("loadRelayerConfig", () => {
  it("takes a per-chain key over the deployment's, and defaults limits by gas token", () => {
    const shared = generatePrivateKey();
    const base = generatePrivateKey();
    const config = loadRelayerConfig(
      { RELAYER_PRIVATE_KEY: shared, RELAYER_PRIVATE_KEY_8453: base },
      chains,
      fail,
    );
    expect(config.chains.get(8453)!.account!.address).toBe(privateKeyToAccount(base).address);
    expect(config.chains.get(137)!.account!.address).toBe(privateKeyToAccount(shared).address);
    expect(config.chains.get(8453)!.dailyBudget).toBe(5n * 10n ** 16n);
    expect(config.chains.get(137)!.dailyBudget).toBe(50n * 10n ** 18n);
  });

  it("has no key unless one is set (the local chain's dev relayer is chosen elsewhere)", () => {
    expect(loadRelayerConfig({}, chains, fail).chains.get(8453)!.account).toBeNull();
  });

  it("refuses a malformed key without repeating it", () => {
    const secret = `0x${"ab".repeat(31)}`;
    let message = "";
    try {
      loadRelayerConfig({ RELAYER_PRIVATE_KEY_8453: secret }, chains, fail);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("RELAYER_PRIVATE_KEY_8453 must be a private key");
    expect(message).not.toContain("abab");
  });

  it("reads gas token prices per currency, and refuses settings for chains it does not run", () => {
    const config = loadRelayerConfig({ GAS_TOKEN_PRICE_8453_USD: "3000.5" }, chains, fail);
    expect(config.chains.get(8453)!.gasTokenPrices.USD).toBe(30005n * 10n ** 17n);
    expect(config.chains.get(8453)!.gasTokenPrices.EUR).toBeUndefined();
    expect(() => loadRelayerConfig({ GAS_TOKEN_PRICE_8453_USD: "lots" }, chains, fail)).toThrow(
      "GAS_TOKEN_PRICE_8453_USD must be the price of one ETH in USD",
    );
    expect(() => loadRelayerConfig({ RELAYER_DAILY_BUDGET_10: "1" }, chains, fail)).toThrow(
      "RELAYER_DAILY_BUDGET_10 is set but the deployment does not run chain 10",
    );
  });
});
