import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { demoWalletFor } from "./demoWallet";
import type { CheckoutChain } from "./view";

const local: CheckoutChain = {
  id: 31337,
  name: "Local chain",
  nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  publicRpcUrl: "http://127.0.0.1:8545",
  explorerUrl: null,
  confirmations: 1,
  testnet: true,
  local: true,
};
const base: CheckoutChain = { ...local, id: 8453, name: "Base", local: false, testnet: false };

describe("demoWalletFor", () => {
  it("gives a local-chain invoice a funded dev account whose key matches its address", () => {
    const demo = demoWalletFor([local]);
    expect(demo).not.toBeNull();
    expect(demo?.address).toBe("0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f");
    expect(privateKeyToAccount(demo?.privateKey as `0x${string}`).address).toBe(demo?.address);
    expect(demo).toMatchObject({ chainId: 31337, rpcUrl: "http://127.0.0.1:8545" });
  });

  it("never exists for a production chain, alone or beside the local one", () => {
    expect(demoWalletFor([base])).toBeNull();
    expect(demoWalletFor([local, base])).toBeNull();
    expect(demoWalletFor([])).toBeNull();
  });
});
