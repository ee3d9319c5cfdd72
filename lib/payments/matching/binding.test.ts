import {
  type Address,
  concatHex,
  encodeFunctionData,
  erc20Abi,
  type Hex,
  pad,
  parseAbi,
  toHex,
  zeroAddress,
} from "viem";
import { describe, expect, it } from "vitest";
import { eip3009Abi } from "../../chains/eip3009";
import { transferCalldata } from "../../invoices/paymentOptions";
import {
  type BindableTransfer,
  bindTransfers,
  inputPaysReference,
  MAX_BOUND_INPUT_BYTES,
} from "./binding";

const USDC: Address = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913";
const USDT: Address = "0xfde4C96c8593536E31F229EA8f37b2ADa2699bb2";
const SHOP: Address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const OTHER_SHOP: Address = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const PAYER: Address = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
const WALLET: Address = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
const REF_A: Hex = "0x0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a";
const REF_B: Hex = "0x0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b";

const batchAbi = parseAbi([
  "struct Call { address target; bytes data; }",
  "function execute(Call[] calls)",
]);
const safeAbi = parseAbi([
  "function execTransaction(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, bytes signatures)",
]);
const entryPointAbi = parseAbi([
  "struct PackedUserOperation { address sender; uint256 nonce; bytes initCode; bytes callData; bytes32 accountGasLimits; uint256 preVerificationGas; bytes32 gasFees; bytes paymasterAndData; bytes signature; }",
  "function handleOps(PackedUserOperation[] ops, address beneficiary)",
]);
const accountAbi = parseAbi(["function execute(address dest, uint256 value, bytes func)"]);

let nextLog = 0;
function transfer(overrides: Partial<BindableTransfer> = {}): BindableTransfer {
  return {
    token: USDC,
    from: PAYER,
    to: SHOP,
    value: 10_000_000n,
    logIndex: nextLog++,
    ...overrides,
  };
}
const pay = (to: Address, value: bigint, reference: Hex) => transferCalldata(to, value, reference);
const batch = (...calls: { target: Address; data: Hex }[]) =>
  encodeFunctionData({ abi: batchAbi, functionName: "execute", args: [calls] });
const transferFrom = (from: Address, to: Address, value: bigint) =>
  encodeFunctionData({ abi: erc20Abi, functionName: "transferFrom", args: [from, to, value] });

describe("bindTransfers", () => {
  it("binds a top-level transfer to the reference right after its call", () => {
    const log = transfer();
    expect(bindTransfers(pay(SHOP, log.value, REF_A), [log])).toEqual([
      { kind: "reference", reference: REF_A },
    ]);
  });

  it("binds nothing when no bytes, or only ABI padding, follow the call", () => {
    const log = transfer();
    const plain = encodeFunctionData({
      abi: erc20Abi,
      functionName: "transfer",
      args: [SHOP, log.value],
    });
    expect(bindTransfers(plain, [log])).toEqual([{ kind: "none" }]);
    // In a batch, a call without a reference is followed by zero padding.
    expect(bindTransfers(batch({ target: USDC, data: plain }), [log])).toEqual([{ kind: "none" }]);
  });

  it("binds nothing to a reference found elsewhere in the input", () => {
    const log = transfer();
    const plain = encodeFunctionData({
      abi: erc20Abi,
      functionName: "transfer",
      args: [SHOP, log.value],
    });
    const input = batch(
      { target: OTHER_SHOP, data: concatHex(["0x12345678", REF_A]) },
      { target: USDC, data: plain },
    );
    expect(bindTransfers(input, [log])).toEqual([{ kind: "none" }]);
    // Appended to the whole transaction rather than to the call: not the call's reference either.
    expect(bindTransfers(concatHex([input, REF_A]), [log])).toEqual([{ kind: "none" }]);
  });

  it("needs the call's recipient and amount to be the log's", () => {
    const log = transfer();
    expect(bindTransfers(pay(OTHER_SHOP, log.value, REF_A), [log])).toEqual([{ kind: "none" }]);
    expect(bindTransfers(pay(SHOP, log.value + 1n, REF_A), [log])).toEqual([{ kind: "none" }]);
  });

  it("in a batch, binds the transfer to its own call's reference, not to another call's", () => {
    const log = transfer();
    const input = batch(
      { target: OTHER_SHOP, data: concatHex(["0xdeadbeef", REF_A]) },
      { target: USDC, data: pay(SHOP, log.value, REF_B) },
    );
    expect(bindTransfers(input, [log])).toEqual([{ kind: "reference", reference: REF_B }]);
  });

  it("binds each transfer of a batch to its own reference", () => {
    const a = transfer({ value: 12_500_000n });
    const b = transfer({ value: 3_000_000n, token: USDT });
    const input = batch(
      { target: USDC, data: pay(SHOP, a.value, REF_A) },
      { target: USDT, data: pay(SHOP, b.value, REF_B) },
    );
    expect(bindTransfers(input, [a, b])).toEqual([
      { kind: "reference", reference: REF_A },
      { kind: "reference", reference: REF_B },
    ]);
  });

  it("pairs equal transfers of one token with their calls in order", () => {
    const first = transfer();
    const second = transfer();
    const input = batch(
      { target: USDC, data: pay(SHOP, first.value, REF_A) },
      { target: USDC, data: pay(SHOP, first.value, REF_B) },
    );
    // Handed over in any order: the log order decides.
    expect(bindTransfers(input, [second, first])).toEqual([
      { kind: "reference", reference: REF_B },
      { kind: "reference", reference: REF_A },
    ]);
  });

  it("calls equal transfers ambiguous when their calls disagree and cannot be paired", () => {
    const usdc = transfer();
    const usdt = transfer({ token: USDT });
    const twoTokens = batch(
      { target: USDC, data: pay(SHOP, usdc.value, REF_A) },
      { target: USDT, data: pay(SHOP, usdc.value, REF_B) },
    );
    expect(bindTransfers(twoTokens, [usdc, usdt])).toEqual([
      { kind: "ambiguous" },
      { kind: "ambiguous" },
    ]);
    // A call that never ran (it sits in another call's arguments) makes one call too many.
    const lone = transfer();
    const decoy = batch(
      { target: OTHER_SHOP, data: pay(SHOP, lone.value, REF_A) },
      { target: USDC, data: pay(SHOP, lone.value, REF_B) },
    );
    expect(bindTransfers(decoy, [lone])).toEqual([{ kind: "ambiguous" }]);
    // The same call written twice with the same reference still binds.
    const twice = batch(
      { target: OTHER_SHOP, data: pay(SHOP, lone.value, REF_B) },
      { target: USDC, data: pay(SHOP, lone.value, REF_B) },
    );
    expect(bindTransfers(twice, [lone])).toEqual([{ kind: "reference", reference: REF_B }]);
  });

  it("binds transferFrom calls only to logs from their sender", () => {
    const log = transfer({ from: WALLET });
    const input = concatHex([transferFrom(WALLET, SHOP, log.value), REF_A]);
    expect(bindTransfers(input, [log])).toEqual([{ kind: "reference", reference: REF_A }]);
    const stranger = transfer({ from: PAYER });
    expect(bindTransfers(input, [stranger])).toEqual([{ kind: "ambiguous" }]);
  });

  it("finds the call inside a Safe execTransaction and an ERC-4337 handleOps", () => {
    const log = transfer({ from: WALLET });
    const safe = encodeFunctionData({
      abi: safeAbi,
      functionName: "execTransaction",
      args: [
        USDC,
        0n,
        pay(SHOP, log.value, REF_A),
        0,
        0n,
        0n,
        0n,
        zeroAddress,
        zeroAddress,
        toHex(new Uint8Array(65).fill(7)),
      ],
    });
    expect(bindTransfers(safe, [log])).toEqual([{ kind: "reference", reference: REF_A }]);

    const userOp = (callData: Hex, nonce: bigint) => ({
      sender: WALLET,
      nonce,
      initCode: "0x" as Hex,
      callData,
      accountGasLimits: pad("0x01", { size: 32 }),
      preVerificationGas: 50_000n,
      gasFees: pad("0x02", { size: 32 }),
      paymasterAndData: "0x" as Hex,
      signature: toHex(new Uint8Array(65).fill(9)),
    });
    const other = transfer({ from: PAYER, value: 4_000_000n });
    const handleOps = encodeFunctionData({
      abi: entryPointAbi,
      functionName: "handleOps",
      args: [
        [
          userOp(
            encodeFunctionData({
              abi: accountAbi,
              functionName: "execute",
              args: [USDC, 0n, pay(SHOP, other.value, REF_B)],
            }),
            1n,
          ),
          userOp(
            encodeFunctionData({
              abi: accountAbi,
              functionName: "execute",
              args: [USDC, 0n, pay(SHOP, log.value, REF_A)],
            }),
            2n,
          ),
        ],
        PAYER,
      ],
    });
    expect(bindTransfers(handleOps, [other, log])).toEqual([
      { kind: "reference", reference: REF_B },
      { kind: "reference", reference: REF_A },
    ]);
  });

  it("does not search inputs past the size cap", () => {
    const log = transfer();
    const huge = concatHex([
      pay(SHOP, log.value, REF_A),
      toHex(new Uint8Array(MAX_BOUND_INPUT_BYTES)),
    ]);
    expect(bindTransfers(huge, [log])).toEqual([{ kind: "none" }]);
    expect(bindTransfers("0x", [log])).toEqual([{ kind: "none" }]);
    expect(bindTransfers(pay(SHOP, log.value, REF_A), [])).toEqual([]);
  });

  it("binds 400 transfers in 100 KB of calldata, each to its own reference", () => {
    const transfers = Array.from({ length: 400 }, (_, i) =>
      transfer({ value: 10_000n + BigInt(i) }),
    );
    const references = transfers.map((_, i) => pad(toHex(i + 1), { size: 16 }));
    const junk = toHex(crypto.getRandomValues(new Uint8Array(65_536)));
    const input = concatHex([
      batch(
        ...transfers.map((t, i) => ({ target: USDC, data: pay(SHOP, t.value, references[i]!) })),
      ),
      junk,
      junk.slice(0, 2 + 2 * 40_000) as Hex,
    ]);
    expect(input.length / 2).toBeGreaterThan(100_000);
    expect(bindTransfers(input, transfers)).toEqual(
      references.map((reference) => ({ kind: "reference", reference })),
    );
  });
});

describe("inputPaysReference", () => {
  it("is true for a transfer or transferFrom to the recipient followed by the reference", () => {
    expect(inputPaysReference(pay(SHOP, 5n, REF_A), REF_A, [SHOP])).toBe(true);
    expect(
      inputPaysReference(concatHex([transferFrom(WALLET, SHOP, 5n), REF_A]), REF_A, [SHOP]),
    ).toBe(true);
    expect(
      inputPaysReference(batch({ target: USDC, data: pay(SHOP, 5n, REF_A) }), REF_A, [SHOP]),
    ).toBe(true);
  });

  it("is false for another recipient, another reference or a reference standing alone", () => {
    expect(inputPaysReference(pay(OTHER_SHOP, 5n, REF_A), REF_A, [SHOP])).toBe(false);
    expect(inputPaysReference(pay(SHOP, 5n, REF_B), REF_A, [SHOP])).toBe(false);
    expect(inputPaysReference(concatHex(["0xdeadbeef", REF_A]), REF_A, [SHOP])).toBe(false);
  });
});

describe("EIP-3009 authorizations: the nonce names the invoice", () => {
  const authorize = (
    from: Address,
    to: Address,
    value: bigint,
    nonce: Hex,
    form: "vrs" | "bytes",
  ) =>
    form === "vrs"
      ? encodeFunctionData({
          abi: eip3009Abi,
          functionName: "transferWithAuthorization",
          args: [from, to, value, 0n, 2_000_000_000n, nonce, 27, pad("0x01"), pad("0x02")],
        })
      : encodeFunctionData({
          abi: eip3009Abi,
          functionName: "transferWithAuthorization",
          args: [from, to, value, 0n, 2_000_000_000n, nonce, toHex(new Uint8Array(65).fill(7))],
        });
  const nonceFor = (reference: Hex) => concatHex([reference, pad("0xfeed", { size: 16 })]);

  it("binds a transferWithAuthorization, in either form, top level or in a batch, to the reference its nonce begins with", () => {
    const log = transfer();
    for (const form of ["vrs", "bytes"] as const) {
      const call = authorize(PAYER, SHOP, log.value, nonceFor(REF_A), form);
      expect(bindTransfers(call, [log])).toEqual([{ kind: "reference", reference: REF_A }]);
      expect(bindTransfers(batch({ target: USDC, data: call }), [log])).toEqual([
        { kind: "reference", reference: REF_A },
      ]);
      expect(inputPaysReference(call, REF_A, [SHOP])).toBe(true);
      expect(inputPaysReference(call, REF_B, [SHOP])).toBe(false);
      expect(inputPaysReference(call, REF_A, [OTHER_SHOP])).toBe(false);
    }
  });

  it("needs the authorization's from, to and value to be the log's", () => {
    const log = transfer();
    const nonce = nonceFor(REF_A);
    expect(bindTransfers(authorize(WALLET, SHOP, log.value, nonce, "vrs"), [log])).toEqual([
      { kind: "ambiguous" },
    ]);
    expect(bindTransfers(authorize(PAYER, OTHER_SHOP, log.value, nonce, "vrs"), [log])).toEqual([
      { kind: "none" },
    ]);
    expect(bindTransfers(authorize(PAYER, SHOP, log.value + 1n, nonce, "vrs"), [log])).toEqual([
      { kind: "none" },
    ]);
  });

  it("pays each invoice its own authorization in a batch of two", () => {
    const first = transfer();
    const second = transfer({ from: WALLET });
    const input = batch(
      { target: USDC, data: authorize(PAYER, SHOP, first.value, nonceFor(REF_A), "bytes") },
      { target: USDC, data: authorize(WALLET, SHOP, second.value, nonceFor(REF_B), "vrs") },
    );
    expect(bindTransfers(input, [first, second])).toEqual([
      { kind: "reference", reference: REF_A },
      { kind: "reference", reference: REF_B },
    ]);
  });
});
