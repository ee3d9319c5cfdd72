import { describe, expect, it } from "vitest";
import { loadConfig } from "../config/config";
import { localTestTokens, TEST_TOKENS, testTokenAddress } from "../demo/testTokens";
import { paymentChainsFor, registerLocalChainTokens } from "./registry";

registerLocalChainTokens(localTestTokens());

describe("paymentChainsFor", () => {
  it("without CHAINS: only the local chain, with the test tokens at their CREATE2 addresses", () => {
    const chains = paymentChainsFor(loadConfig({ ANVIL_PORT: "8600" }));
    expect(chains).toHaveLength(1);
    const [local] = chains;
    expect(local).toMatchObject({ id: 31337, local: true, testnet: true, confirmations: 1 });
    expect(local!.rpcUrl).toBe("http://127.0.0.1:8600");
    expect(local!.tokens.map((token) => [token.symbol, token.address, token.decimals])).toEqual(
      TEST_TOKENS.map((token) => [token.symbol, testTokenAddress(token), 6]),
    );
  });

  it("with production chains: no local chain and no test token, real token addresses", () => {
    const chains = paymentChainsFor(
      loadConfig({
        CHAINS: "base,mainnet,bsc",
        RPC_URL_8453: "https://base.example/rpc",
        RPC_URL_1: "https://eth.example/rpc",
        RPC_URL_56: "https://bsc.example/rpc",
      }),
    );
    expect(chains.map((chain) => [chain.id, chain.local, chain.testnet])).toEqual([
      [8453, false, false],
      [1, false, false],
      [56, false, false],
    ]);
    const testAddresses = new Set(TEST_TOKENS.map((token) => testTokenAddress(token)));
    for (const chain of chains) {
      for (const token of chain.tokens) expect(testAddresses.has(token.address)).toBe(false);
    }
    const base = chains[0]!;
    expect(base.tokens.find((token) => token.symbol === "USDC")?.address).toBe(
      "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913",
    );
    expect(base.tokens.find((token) => token.symbol === "EURC")?.currency).toBe("EUR");
    expect(chains[1]!.tokens.find((token) => token.symbol === "USDT")?.address).toBe(
      "0xdAC17F958D2ee523a2206206994597C13D831ec7",
    );
    // USDT on BNB Smart Chain has 18 decimals.
    expect(chains[2]!.tokens.find((token) => token.symbol === "USDT")?.decimals).toBe(18);
    expect(base.explorerUrl).toBe("https://basescan.org");
    expect(base.rpcUrl).toBe("https://base.example/rpc");
  });

  it("TOKENS limits the stablecoins, and one that leaves a chain with none is refused", () => {
    const env = { CHAINS: "base", RPC_URL_8453: "https://base.example/rpc" };
    const [base] = paymentChainsFor(loadConfig({ ...env, TOKENS: "usdc" }));
    expect(base!.tokens.map((token) => token.symbol)).toEqual(["USDC"]);
    expect(() => paymentChainsFor(loadConfig({ ...env, TOKENS: "DAI" }))).toThrow(/TOKENS/);
  });
});
