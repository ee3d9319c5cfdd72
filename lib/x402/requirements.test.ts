import { describe, expect, it } from "vitest";
import { chainIdOf, networkOf } from "./requirements";

describe("x402 networks", () => {
  it("names an EVM chain by CAIP-2 and reads it back", () => {
    expect(networkOf(8453)).toBe("eip155:8453");
    expect(chainIdOf("eip155:8453")).toBe(8453);
  });

  it("reads no chain from other namespaces or malformed ids", () => {
    for (const network of ["solana:mainnet", "eip155:", "eip155:08453", "eip155:1x", "base"]) {
      expect(chainIdOf(network), network).toBeNull();
    }
  });
});
