import { getAddress, recoverTypedDataAddress } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import type { PaymentOption } from "@/lib/invoices/paymentOptions";
import { authorizationNonce, authorizationTypedData } from "@/lib/relayer/authorization";
import { authorizationOffer, typedDataToSign } from "./transferAuthorization";

const shopper = mnemonicToAccount("test test test test test test test test test test test junk", {
  addressIndex: 12,
});
const token = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const recipient = "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720";
const reference = "0x0123456789abcdef0123456789abcdef";
const domain = {
  name: "USD Coin",
  version: "2",
  chainId: 31337,
  verifyingContract: token,
} as const;
const terms = {
  to: recipient,
  value: 12_500_000n,
  validAfter: 0n,
  validBefore: 1_900_000_000n,
  nonce: authorizationNonce({
    reference,
    chainId: 31337,
    token,
    recipient,
    value: 12_500_000n,
  }),
} as const;

/** A USDC option as the server presents it, with its authorization. */
function usdcOption(overrides: Partial<PaymentOption> = {}): PaymentOption {
  return {
    chain_id: 31337,
    chain_name: "Local chain",
    token: { symbol: "USDC", address: token, decimals: 6 },
    amount: "12500000",
    recipient,
    reference,
    transaction: { to: token, data: "0x", value: "0" },
    manual: null,
    authorization: authorizationTypedData(domain, terms),
    ...overrides,
  } as PaymentOption;
}

describe("authorizationOffer", () => {
  it("reads the offer with amounts and times as bigints", () => {
    expect(authorizationOffer(usdcOption())).toEqual({
      domain: { ...domain, verifyingContract: getAddress(token) },
      to: getAddress(recipient),
      value: 12_500_000n,
      validAfter: 0n,
      validBefore: 1_900_000_000n,
      nonce: terms.nonce,
    });
  });

  it("is null where no signature is offered", () => {
    expect(authorizationOffer(usdcOption({ authorization: null }))).toBeNull();
  });

  it("is null for an offer that would pay anything but the option shown", () => {
    const other = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    const offered = usdcOption().authorization!;
    const variants = [
      usdcOption({ amount: "12500001" }),
      usdcOption({ recipient: other }),
      usdcOption({ chain_id: 8453 }),
      usdcOption({ token: { symbol: "USDC", address: other, decimals: 6 } }),
      usdcOption({ authorization: { ...offered, message: { ...offered.message, to: other } } }),
    ];
    for (const option of variants) expect(authorizationOffer(option)).toBeNull();
  });
});

describe("typedDataToSign", () => {
  it("is signed as the server verifies it: its typed data with the shopper as from", async () => {
    const offer = authorizationOffer(usdcOption())!;
    const signature = await shopper.signTypedData(typedDataToSign(offer, shopper.address));
    const server = authorizationTypedData(domain, terms);
    const signer = await recoverTypedDataAddress({
      domain: server.domain,
      types: server.types,
      primaryType: server.primaryType,
      message: { ...terms, from: shopper.address },
      signature,
    });
    expect(signer).toBe(shopper.address);
  });
});
