import { type Address, concatHex, type Hash, type Hex, pad } from "viem";
import { describe, expect, it } from "vitest";
import type { StoredPaymentOption } from "../invoices/paymentOptions";
import { transferCalldata } from "../invoices/paymentOptions";
import {
  assignTransfers,
  candidateTransfers,
  type ManualHolder,
  type ReferencedInvoice,
  referenceWindows,
  type TransferLog,
  type WatchedTransaction,
} from "./matchTransfers";

const USDC: Address = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913";
const USDT: Address = "0xfde4C96c8593536E31F229EA8f37b2ADa2699bb2";
const SHOP: Address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const OTHER_SHOP: Address = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const PAYER: Address = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
const REF_A: Hex = "0x0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a";
const REF_B: Hex = "0x0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b";

const option = (token: Address, recipient: Address): StoredPaymentOption => ({
  chainId: 8453,
  chainName: "Base",
  token: { symbol: "USDC", name: "USD Coin", address: token, decimals: 6, currency: "USD" },
  recipient,
});
const invoiceA: ReferencedInvoice = {
  id: "inv_a",
  reference: REF_A,
  paymentOptions: [option(USDC, SHOP), option(USDT, SHOP)],
};
const invoiceB: ReferencedInvoice = {
  id: "inv_b",
  reference: REF_B,
  paymentOptions: [option(USDC, SHOP)],
};

let logIndex = 0;
function log(overrides: Partial<TransferLog> & { tx: number }): TransferLog {
  const { tx, ...rest } = overrides;
  return {
    token: USDC,
    from: PAYER,
    to: SHOP,
    value: 10_000_000n,
    blockNumber: 100n,
    blockHash: pad("0x64", { size: 32 }) as Hash,
    transactionHash: pad(`0x${tx.toString(16)}`, { size: 32 }) as Hash,
    logIndex: logIndex++,
    ...rest,
  };
}
const tx = (n: number, input: Hex): [string, WatchedTransaction] => [
  pad(`0x${n.toString(16)}`, { size: 32 }),
  { input, sender: { from: PAYER, nonce: n } },
];

describe("referenceWindows", () => {
  it("lists every byte-aligned 16-byte window of the input", () => {
    const input = concatHex(["0x1234", REF_A, "0x56"]);
    const windows = referenceWindows(input);
    expect(windows).toContain(REF_A);
    expect(windows).toHaveLength(19 - 16 + 1);
    expect(referenceWindows("0x1234")).toEqual([]);
  });
});

describe("candidateTransfers", () => {
  it("keeps non-zero transfers to watched recipients, whatever the address case", () => {
    const logs = [log({ tx: 1 }), log({ tx: 2, to: OTHER_SHOP }), log({ tx: 3, value: 0n })];
    expect(candidateTransfers(logs, new Set([SHOP.toLowerCase()]))).toEqual([logs[0]]);
  });
});

describe("assignTransfers", () => {
  const base = {
    chainId: 8453,
    referenced: [invoiceA, invoiceB],
    manualHolders: [] as ManualHolder[],
  };

  it("assigns a transfer to the invoice whose reference its transaction carries", () => {
    const transfer = log({ tx: 1 });
    const report = assignTransfers({
      ...base,
      candidates: [transfer],
      transactions: new Map([tx(1, transferCalldata(SHOP, 10_000_000n, REF_A))]),
    });
    expect(report.assignments).toEqual([
      expect.objectContaining({
        invoiceId: "inv_a",
        via: "reference",
        transfers: [expect.objectContaining({ logIndex: transfer.logIndex, amount: 10_000_000n })],
      }),
    ]);
  });

  it("finds a reference anywhere in the input, as smart wallets wrap the call", () => {
    const wrapped = concatHex([
      "0x6a761202",
      pad("0x01"),
      transferCalldata(SHOP, 1n, REF_B),
      pad("0x00"),
    ]);
    const report = assignTransfers({
      ...base,
      candidates: [log({ tx: 2 })],
      transactions: new Map([tx(2, wrapped)]),
    });
    expect(report.assignments.map((a) => a.invoiceId)).toEqual(["inv_b"]);
  });

  it("ignores a reference whose invoice does not take that token at that address", () => {
    const report = assignTransfers({
      ...base,
      candidates: [log({ tx: 3, to: OTHER_SHOP }), log({ tx: 3, token: USDT, to: SHOP })],
      transactions: new Map([tx(3, transferCalldata(SHOP, 1n, REF_B))]),
    });
    expect(report.assignments).toEqual([]);
    expect(report.unmatched).toBe(2);
  });

  it("refuses to guess when one input names two invoices that both take the transfer", () => {
    const report = assignTransfers({
      ...base,
      candidates: [log({ tx: 4 })],
      transactions: new Map([tx(4, concatHex([transferCalldata(SHOP, 1n, REF_A), REF_B]))]),
    });
    expect(report.assignments).toEqual([]);
    expect(report.ambiguous).toBe(1);
  });

  it("without a reference, an exact held manual amount names the invoice; any other amount nothing", () => {
    const holder: ManualHolder = {
      invoiceId: "inv_m",
      tokenAddress: USDC.toLowerCase(),
      recipient: SHOP.toLowerCase(),
      amount: 10_001_234n,
      paymentOptions: [option(USDC, SHOP)],
    };
    const plain = (amount: bigint) => transferCalldata(SHOP, amount, "0x").slice(0, 138) as Hex;
    const report = assignTransfers({
      ...base,
      manualHolders: [holder],
      candidates: [log({ tx: 5, value: 10_001_234n }), log({ tx: 6, value: 10_001_233n })],
      transactions: new Map([tx(5, plain(10_001_234n)), tx(6, plain(10_001_233n))]),
    });
    expect(report.assignments).toEqual([
      expect.objectContaining({ invoiceId: "inv_m", via: "manual" }),
    ]);
    expect(report.unmatched).toBe(1);
  });

  it("groups the transfers of one transaction to one invoice, in block order", () => {
    const late = log({ tx: 8, blockNumber: 101n });
    const first = log({ tx: 7 });
    const second = log({ tx: 7, token: USDT });
    const report = assignTransfers({
      ...base,
      candidates: [late, first, second],
      transactions: new Map([
        tx(7, transferCalldata(SHOP, 1n, REF_A)),
        tx(8, transferCalldata(SHOP, 1n, REF_B)),
      ]),
    });
    expect(report.assignments.map((a) => [a.invoiceId, a.transfers.length])).toEqual([
      ["inv_a", 2],
      ["inv_b", 1],
    ]);
  });
});
