import { type Address, encodeFunctionData, type Hex, parseAbi } from "viem";
import { describe, expect, it } from "vitest";
import { decodeAccountCalls } from "./userOperationCalls";

const TOKEN: Address = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913";
const OTHER: Address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const DATA: Hex = "0xa9059cbb00";

// The ABIs the accounts themselves declare (SimpleAccount 0.8 and 0.7), encoded apart from the
// decoder's own.
const simpleAccount08 = parseAbi([
  "function execute(address target, uint256 value, bytes data)",
  "struct Call { address target; uint256 value; bytes data; }",
  "function executeBatch(Call[] calls)",
]);
const simpleAccount07 = parseAbi([
  "function executeBatch(address[] dest, uint256[] value, bytes[] func)",
  "function executeBatch(address[] dest, bytes[] func)",
]);

describe("decodeAccountCalls", () => {
  it("reads execute(address,uint256,bytes) as one call", () => {
    const callData = encodeFunctionData({
      abi: simpleAccount08,
      functionName: "execute",
      args: [TOKEN, 0n, DATA],
    });
    expect(decodeAccountCalls(callData)).toEqual([{ to: TOKEN, value: 0n, data: DATA }]);
  });

  it("reads v0.8 executeBatch(Call[]) as its calls, in order", () => {
    const callData = encodeFunctionData({
      abi: simpleAccount08,
      functionName: "executeBatch",
      args: [
        [
          { target: TOKEN, value: 0n, data: DATA },
          { target: OTHER, value: 5n, data: "0x" },
        ],
      ],
    });
    expect(decodeAccountCalls(callData)).toEqual([
      { to: TOKEN, value: 0n, data: DATA },
      { to: OTHER, value: 5n, data: "0x" },
    ]);
  });

  it("reads both v0.7 executeBatch forms, an empty value array meaning no value", () => {
    const withValues = encodeFunctionData({
      abi: simpleAccount07,
      functionName: "executeBatch",
      args: [[TOKEN, OTHER], [], [DATA, "0x"]],
    });
    expect(decodeAccountCalls(withValues)).toEqual([
      { to: TOKEN, value: 0n, data: DATA },
      { to: OTHER, value: 0n, data: "0x" },
    ]);
    const withoutValues = encodeFunctionData({
      abi: simpleAccount07,
      functionName: "executeBatch",
      args: [[TOKEN], [DATA]],
    });
    expect(decodeAccountCalls(withoutValues)).toEqual([{ to: TOKEN, value: 0n, data: DATA }]);
  });

  it("refuses arrays that do not line up, other functions and garbage", () => {
    const uneven = encodeFunctionData({
      abi: simpleAccount07,
      functionName: "executeBatch",
      args: [[TOKEN, OTHER], [1n], [DATA, "0x"]],
    });
    expect(decodeAccountCalls(uneven)).toBeNull();
    const transfer = encodeFunctionData({
      abi: parseAbi(["function transfer(address to, uint256 amount)"]),
      functionName: "transfer",
      args: [OTHER, 1n],
    });
    expect(decodeAccountCalls(transfer)).toBeNull();
    expect(decodeAccountCalls("0x")).toBeNull();
    expect(decodeAccountCalls("0xb61d27f6")).toBeNull();
  });
});
