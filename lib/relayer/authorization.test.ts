import { getAddress, type Hex, recoverTypedDataAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import {
  authorizationNonce,
  authorizationTypedData,
  authorizationWindow,
  referenceOfNonce,
} from "./authorization";

const REFERENCE: Hex = "0x0123456789abcdef0123456789abcdef";
const TOKEN = getAddress("0x5FbDB2315678afecb367f032d93F642f64180aa3");
const SHOP = getAddress("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
const DOMAIN = { name: "USD Coin", version: "2", chainId: 31337, verifyingContract: TOKEN };

describe("authorizationNonce", () => {
  const base = {
    reference: REFERENCE,
    chainId: 31337,
    token: TOKEN,
    recipient: SHOP,
    value: 12_500_000n,
  };

  it("begins with the invoice's reference, so the transfer names its invoice", () => {
    const nonce = authorizationNonce(base);
    expect(nonce).toHaveLength(66);
    expect(referenceOfNonce(nonce)).toBe(REFERENCE);
  });

  it("differs for another amount, token, recipient or chain, and is the same for the same terms", () => {
    const nonce = authorizationNonce(base);
    expect(authorizationNonce({ ...base })).toBe(nonce);
    for (const changed of [
      { value: 12_499_999n },
      { chainId: 8453 },
      { token: SHOP },
      { recipient: TOKEN },
    ]) {
      const other = authorizationNonce({ ...base, ...changed });
      expect(other).not.toBe(nonce);
      expect(referenceOfNonce(other)).toBe(REFERENCE);
    }
  });
});

describe("authorizationTypedData", () => {
  it("is what a wallet signs once it adds `from`, and the signer is recovered from it", async () => {
    const shopper = privateKeyToAccount(generatePrivateKey());
    const expiresAt = new Date("2026-12-06T12:00:00.000Z");
    const typed = authorizationTypedData(DOMAIN, {
      to: SHOP,
      value: 12_500_000n,
      ...authorizationWindow(expiresAt),
      nonce: authorizationNonce({
        reference: REFERENCE,
        chainId: 31337,
        token: TOKEN,
        recipient: SHOP,
        value: 12_500_000n,
      }),
    });
    expect(typed.message.validBefore).toBe(String(expiresAt.getTime() / 1000));
    expect(typed.message.validAfter).toBe("0");
    const message = {
      ...typed.message,
      from: shopper.address,
      value: BigInt(typed.message.value),
      validAfter: BigInt(typed.message.validAfter),
      validBefore: BigInt(typed.message.validBefore),
    };
    const signature = await shopper.signTypedData({ ...typed, message });
    expect(await recoverTypedDataAddress({ ...typed, message, signature })).toBe(shopper.address);
  });
});
