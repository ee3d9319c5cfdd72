import {
  type Address,
  decodeFunctionData,
  erc20Abi,
  type Hex,
  size,
  slice,
  toFunctionSelector,
} from "viem";
import { describe, expect, it } from "vitest";
import { parseCurrencyAmount } from "../money/currencies";
import {
  presentPaymentOption,
  type StoredPaymentOption,
  tokenAmountDue,
  transferCalldata,
} from "./paymentOptions";

const RECIPIENT: Address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const TOKEN: Address = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913";
const REFERENCE: Hex = "0x00112233445566778899aabbccddeeff";

/** Decodes the transfer part (everything before the 16 reference bytes). */
function decodeTransfer(data: Hex) {
  return decodeFunctionData({ abi: erc20Abi, data: slice(data, 0, size(data) - 16) });
}

describe("transferCalldata", () => {
  it("is an ERC-20 transfer(recipient, amount) followed by exactly the 16 reference bytes", () => {
    const data = transferCalldata(RECIPIENT, 12_500_000n, REFERENCE);
    // selector + two 32-byte words + reference
    expect(size(data)).toBe(4 + 32 + 32 + 16);
    expect(slice(data, 0, 4)).toBe("0xa9059cbb");
    expect(toFunctionSelector("transfer(address,uint256)")).toBe("0xa9059cbb");
    expect(slice(data, size(data) - 16)).toBe(REFERENCE);

    const decoded = decodeTransfer(data);
    expect(decoded.functionName).toBe("transfer");
    expect(decoded.args).toEqual([RECIPIENT, 12_500_000n]);
  });

  it("still decodes as a plain transfer with the reference left on (tokens ignore it)", () => {
    const decoded = decodeFunctionData({
      abi: erc20Abi,
      data: transferCalldata(RECIPIENT, 1n, REFERENCE),
    });
    expect(decoded.functionName).toBe("transfer");
    expect(decoded.args).toEqual([RECIPIENT, 1n]);
  });

  it("encodes zero and the largest uint256 amount", () => {
    expect(decodeTransfer(transferCalldata(RECIPIENT, 0n, REFERENCE)).args).toEqual([
      RECIPIENT,
      0n,
    ]);
    const max = (1n << 256n) - 1n;
    expect(decodeTransfer(transferCalldata(RECIPIENT, max, REFERENCE)).args).toEqual([
      RECIPIENT,
      max,
    ]);
  });

  it("puts different references at the end of otherwise identical calldata", () => {
    const other: Hex = "0xffeeddccbbaa99887766554433221100";
    const a = transferCalldata(RECIPIENT, 5n, REFERENCE);
    const b = transferCalldata(RECIPIENT, 5n, other);
    expect(slice(a, 0, 68)).toBe(slice(b, 0, 68));
    expect(slice(b, 68)).toBe(other);
  });
});

describe("tokenAmountDue", () => {
  it("rounds a sub-unit remainder up to one base unit of a 6-decimal token", () => {
    // 0.0000001 USD is less than one unit of a 6-decimal token (0.000001).
    expect(tokenAmountDue(10n ** 11n, 6)).toBe(1n);
    expect(tokenAmountDue(1n, 6)).toBe(1n);
  });

  it("rounds up, never down, so paying it always covers what is due", () => {
    // 1.0000001 USD -> 1.000001 in a 6-decimal token.
    expect(tokenAmountDue(10n ** 18n + 10n ** 11n, 6)).toBe(1_000_001n);
    expect(tokenAmountDue(10n ** 12n + 1n, 6)).toBe(2n);
  });

  it("leaves exact amounts unchanged", () => {
    expect(tokenAmountDue(parseCurrencyAmount("12.50", "USD"), 6)).toBe(12_500_000n);
    expect(tokenAmountDue(10n ** 12n, 6)).toBe(1n);
    expect(tokenAmountDue(0n, 6)).toBe(0n);
  });

  it("is exact for 18-decimal tokens", () => {
    expect(tokenAmountDue(1n, 18)).toBe(1n);
    expect(tokenAmountDue(12_500_000_000_000_000_001n, 18)).toBe(12_500_000_000_000_000_001n);
  });

  it("handles tokens with fewer decimals than the currency", () => {
    // 12.505 USD due in a 2-decimal token: 12.51.
    expect(tokenAmountDue(12_505n * 10n ** 15n, 2)).toBe(1251n);
  });
});

describe("presentPaymentOption", () => {
  const option: StoredPaymentOption = {
    chainId: 8453,
    chainName: "Base",
    token: { symbol: "USDC", name: "USD Coin", address: TOKEN, decimals: 6, currency: "USD" },
    recipient: RECIPIENT,
  };

  it("builds the transaction a wallet sends: the token contract, the calldata, no value", () => {
    const presented = presentPaymentOption(option, REFERENCE, parseCurrencyAmount("12.50", "USD"));
    expect(presented).toEqual({
      chain_id: 8453,
      chain_name: "Base",
      token: { symbol: "USDC", address: TOKEN, decimals: 6 },
      amount: "12500000",
      recipient: RECIPIENT,
      reference: REFERENCE,
      transaction: {
        to: TOKEN,
        data: transferCalldata(RECIPIENT, 12_500_000n, REFERENCE),
        value: "0",
      },
      // No manual amount was held for this option (see manualTransfer.test.ts).
      manual: null,
      // Not offered gasless: no terms were given.
      authorization: null,
      // No paymaster service given: gas is not sponsored.
      paymaster_service_url: null,
    });
  });

  it("names the paymaster service it was given, for a smart account's paymasterService capability", () => {
    const url = "https://checkout.example/api/checkout/inv_1/paymaster/8453";
    const presented = presentPaymentOption(
      option,
      REFERENCE,
      parseCurrencyAmount("12.50", "USD"),
      null,
      url,
    );
    expect(presented.paymaster_service_url).toBe(url);
  });

  it("carries the typed data to sign when offered gasless: the option's recipient, amount and nonce", () => {
    const expiresAt = new Date("2026-12-06T12:00:00Z");
    const domain = { name: "USD Coin", version: "2", chainId: 8453, verifyingContract: TOKEN };
    const presented = presentPaymentOption(option, REFERENCE, parseCurrencyAmount("12.50", "USD"), {
      domain,
      expiresAt,
    });
    const authorization = presented.authorization;
    if (!authorization) throw new Error("expected an authorization");
    expect(authorization.domain).toEqual(domain);
    expect(authorization.primaryType).toBe("TransferWithAuthorization");
    expect(authorization.message.to).toBe(RECIPIENT);
    expect(authorization.message.value).toBe("12500000");
    // The nonce starts with the invoice's reference, so the transfer names its invoice on-chain.
    expect(slice(authorization.message.nonce as Hex, 0, 16)).toBe(REFERENCE);
    expect(BigInt(authorization.message.validBefore)).toBeGreaterThan(
      BigInt(authorization.message.validAfter),
    );
    // A different amount signs under a different nonce.
    const other = presentPaymentOption(option, REFERENCE, parseCurrencyAmount("1", "USD"), {
      domain,
      expiresAt,
    });
    expect(other.authorization?.message.nonce).not.toBe(authorization.message.nonce);
  });

  it("asks for the rounded-up remainder in token base units, as a decimal string", () => {
    const presented = presentPaymentOption(option, REFERENCE, 10n ** 11n);
    expect(presented.amount).toBe("1");
    expect(decodeTransfer(presented.transaction.data).args).toEqual([RECIPIENT, 1n]);
  });

  it("uses the token's own precision for an 18-decimal token", () => {
    const dai: StoredPaymentOption = {
      ...option,
      token: { ...option.token, symbol: "DAI", name: "Dai", decimals: 18 },
    };
    const presented = presentPaymentOption(dai, REFERENCE, parseCurrencyAmount("12.50", "USD"));
    expect(presented.amount).toBe("12500000000000000000");
    expect(presented.transaction.data).toBe(
      transferCalldata(RECIPIENT, 12_500_000_000_000_000_000n, REFERENCE),
    );
  });

  it("does not leak the token's stored name or currency to clients", () => {
    const presented = presentPaymentOption(option, REFERENCE, 1n);
    expect(Object.keys(presented.token).sort()).toEqual(["address", "decimals", "symbol"]);
  });
});
