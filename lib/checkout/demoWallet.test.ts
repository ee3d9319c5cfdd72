import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { demoWalletsFor } from "./demoWallet";
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

describe("demoWalletsFor", () => {
  it("gives a local-chain invoice two funded dev accounts whose keys match their addresses", () => {
    const demo = demoWalletsFor([local]);
    expect(demo).not.toBeNull();
    // Dev account 8 holds ETH and tokens; dev account 12 tokens alone.
    expect(demo?.withGas.address).toBe("0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f");
    expect(demo?.withoutGas.address).toBe("0xFABB0ac9d68B0B445fB7357272Ff202C5651694a");
    for (const wallet of [demo?.withGas, demo?.withoutGas]) {
      expect(privateKeyToAccount(wallet?.privateKey as `0x${string}`).address).toBe(
        wallet?.address,
      );
      expect(wallet).toMatchObject({ chainId: 31337, rpcUrl: "http://127.0.0.1:8545" });
    }
  });

  it("never exists for a production chain, alone or beside the local one", () => {
    expect(demoWalletsFor([base])).toBeNull();
    expect(demoWalletsFor([local, base])).toBeNull();
    expect(demoWalletsFor([])).toBeNull();
  });
});
