import { encodeFunctionData, type Hex, parseAbi } from "viem";
import { describe, expect, it } from "vitest";
import { transferCalldata } from "../invoices/paymentOptions";
import { inputContainsReference } from "./inspectTransaction";

const RECIPIENT = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const TOKEN = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913";
const REFERENCE: Hex = "0x00112233445566778899aabbccddeeff";
const OTHER_REFERENCE: Hex = "0xffeeddccbbaa99887766554433221100";

const safeAbi = parseAbi([
  "function execTransaction(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, bytes signatures)",
]);

describe("inputContainsReference", () => {
  it("finds the reference appended to a plain transfer", () => {
    expect(inputContainsReference(transferCalldata(RECIPIENT, 5n, REFERENCE), REFERENCE)).toBe(
      true,
    );
  });

  it("finds the reference in the middle of a Safe execTransaction wrapping the transfer", () => {
    const input = encodeFunctionData({
      abi: safeAbi,
      functionName: "execTransaction",
      args: [
        TOKEN,
        0n,
        transferCalldata(RECIPIENT, 5n, REFERENCE),
        0,
        0n,
        0n,
        0n,
        "0x0000000000000000000000000000000000000000",
        "0x0000000000000000000000000000000000000000",
        `0x${"ab".repeat(65)}`,
      ],
    });
    // The wrapper's signatures come after the inner calldata, so the reference is not at the end.
    expect(input.toLowerCase().endsWith(REFERENCE.slice(2))).toBe(false);
    expect(inputContainsReference(input, REFERENCE)).toBe(true);
  });

  it("ignores case in both the input and the reference", () => {
    const upper = `0x${REFERENCE.slice(2).toUpperCase()}` as Hex;
    const input = transferCalldata(RECIPIENT, 5n, REFERENCE);
    expect(inputContainsReference(input, upper)).toBe(true);
    expect(inputContainsReference(`0x${input.slice(2).toUpperCase()}`, REFERENCE)).toBe(true);
  });

  it("does not count a match at an odd nibble offset (not on a byte boundary)", () => {
    const input: Hex = `0xa9059cbb0${REFERENCE.slice(2)}0`;
    expect(input.slice(2).indexOf(REFERENCE.slice(2)) % 2).toBe(1);
    expect(inputContainsReference(input, REFERENCE)).toBe(false);
  });

  it("finds an aligned match that follows a misaligned one", () => {
    const needle = REFERENCE.slice(2);
    const input: Hex = `0x0${needle}0${needle}`;
    expect(inputContainsReference(input, REFERENCE)).toBe(true);
  });

  it("finds an aligned match that overlaps a misaligned one", () => {
    // "aaaa…" appears at every offset; the search must not skip past the even ones.
    const reference: Hex = `0x${"aa".repeat(16)}`;
    expect(inputContainsReference(`0x0${"a".repeat(40)}0`, reference)).toBe(true);
  });

  it("does not find another invoice's reference", () => {
    expect(
      inputContainsReference(transferCalldata(RECIPIENT, 5n, OTHER_REFERENCE), REFERENCE),
    ).toBe(false);
  });

  it("does not find a reference that is only partly present", () => {
    const input = transferCalldata(RECIPIENT, 5n, REFERENCE).slice(0, -2) as Hex;
    expect(inputContainsReference(input, REFERENCE)).toBe(false);
  });

  it("returns false for empty input", () => {
    expect(inputContainsReference("0x", REFERENCE)).toBe(false);
  });

  it("returns false for an empty reference, which would otherwise match anything", () => {
    expect(inputContainsReference(transferCalldata(RECIPIENT, 5n, REFERENCE), "0x")).toBe(false);
    expect(inputContainsReference("0x", "0x")).toBe(false);
  });
});
