import type { Address, Hex } from "viem";
import { describe, expect, it } from "vitest";
import { parseCurrencyAmount } from "../money/currencies";
import {
  eip681TransferUri,
  MAX_MANUAL_SLOTS,
  manualAmount,
  manualBase,
  manualOffsetUnit,
  manualSlots,
} from "./manualTransfer";
import { presentPaymentOption, type StoredPaymentOption } from "./paymentOptions";

const TOKEN: Address = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913";
const RECIPIENT: Address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const REFERENCE: Hex = "0x00112233445566778899aabbccddeeff";

describe("manual amounts", () => {
  it("offsets use the four digits after the cents, whatever the token's decimals", () => {
    expect(manualSlots(6)).toBe(MAX_MANUAL_SLOTS);
    expect(manualSlots(18)).toBe(MAX_MANUAL_SLOTS);
    expect(manualOffsetUnit(6)).toBe(1n);
    expect(manualOffsetUnit(18)).toBe(10n ** 12n);
    expect(manualAmount(12_500_000n, 1, 6)).toBe(12_500_001n);
    expect(manualAmount(12_500_000n, 9999, 6)).toBe(12_509_999n);
    expect(manualAmount(12n * 10n ** 18n, 42, 18)).toBe(12n * 10n ** 18n + 42n * 10n ** 12n);
  });

  it("tokens with too few decimals to hold an offset below a cent get none", () => {
    expect(manualSlots(2)).toBe(0);
    expect(manualSlots(3)).toBe(9);
    expect(manualSlots(4)).toBe(99);
    expect(() => manualAmount(100n, 1, 2)).toThrow(RangeError);
  });

  it("never offsets by zero or by a whole cent", () => {
    expect(() => manualAmount(12_500_000n, 0, 6)).toThrow(RangeError);
    expect(() => manualAmount(12_500_000n, 10_000, 6)).toThrow(RangeError);
    expect(() => manualAmount(12_500_000n, 1.5, 6)).toThrow(RangeError);
  });

  it("the base is the amount due rounded up to a whole cent", () => {
    expect(manualBase(12_500_000n, 6)).toBe(12_500_000n);
    expect(manualBase(12_500_001n, 6)).toBe(12_510_000n);
    expect(manualBase(4_999_877n, 6)).toBe(5_000_000n);
  });

  it("builds an EIP-681 transfer URI with the amount in base units", () => {
    expect(
      eip681TransferUri({ token: TOKEN, chainId: 8453, recipient: RECIPIENT, amount: 12_501_234n }),
    ).toBe(
      "ethereum:0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913@8453/transfer?address=0x70997970C51812dc3A010C7d01b50e0d17dc79C8&uint256=12501234",
    );
  });
});

describe("the manual part of a payment option", () => {
  const option: StoredPaymentOption = {
    chainId: 8453,
    chainName: "Base",
    token: { symbol: "USDC", name: "USD Coin", address: TOKEN, decimals: 6, currency: "USD" },
    recipient: RECIPIENT,
    manual: { amount: "12501234", due: "12500000" },
  };

  it("is offered while it was made for what is due", () => {
    const presented = presentPaymentOption(option, REFERENCE, parseCurrencyAmount("12.50", "USD"));
    expect(presented.manual).toEqual({
      amount: "12501234",
      uri: `ethereum:${TOKEN}@8453/transfer?address=${RECIPIENT}&uint256=12501234`,
    });
  });

  it("is withheld once the amount due changed (a new one is being made), or when there is none", () => {
    expect(presentPaymentOption(option, REFERENCE, parseCurrencyAmount("6.00", "USD")).manual).toBe(
      null,
    );
    const { manual: _, ...withoutManual } = option;
    expect(
      presentPaymentOption(withoutManual, REFERENCE, parseCurrencyAmount("12.50", "USD")).manual,
    ).toBeNull();
  });
});
