import {
  type Address,
  concatHex,
  encodeFunctionData,
  type Hash,
  type Hex,
  pad,
  parseAbi,
} from "viem";
import { describe, expect, it } from "vitest";
import type { ChainToken } from "../../chains/tokens";
import type { StoredPaymentOption } from "../../invoices/paymentOptions";
import { transferCalldata } from "../../invoices/paymentOptions";
import type { TransferLog } from "../transfers";
import {
  assignTransfers,
  bindCandidates,
  boundReferences,
  candidateTransfers,
  MAX_TRANSFERS_PER_TRANSACTION,
  type ManualHolder,
  type MatchChain,
  type ReferencedInvoice,
  splitTransfers,
  unboundTransfers,
  type WatchedTransaction,
} from "./matchTransfers";

const USDC: Address = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913";
const USDT: Address = "0xfde4C96c8593536E31F229EA8f37b2ADa2699bb2";
const EURC: Address = "0x60a3E35Cc302bFA44Cb288Bc5a4F316Fdb1adb42";
const SHOP: Address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const OTHER_SHOP: Address = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const PAYER: Address = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
const REF_A: Hex = "0x0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a";
const REF_B: Hex = "0x0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b";

const token = (symbol: string, address: Address, currency: "USD" | "EUR"): ChainToken => ({
  symbol,
  name: symbol,
  address,
  decimals: 6,
  currency,
  eip3009: symbol !== "USDT",
});
const chain: MatchChain = {
  id: 8453,
  name: "Base",
  testnet: false,
  tokens: [token("USDC", USDC, "USD"), token("USDT", USDT, "USD"), token("EURC", EURC, "EUR")],
};

const option = (address: Address, recipient: Address): StoredPaymentOption => {
  const chainToken = chain.tokens.find((t) => t.address === address)!;
  return { chainId: 8453, chainName: "Base", token: { ...chainToken }, recipient };
};
const terms = { settlementAddress: SHOP, settlementOverrides: {}, acceptedTokens: null };
const invoiceA: ReferencedInvoice = {
  id: "inv_a",
  merchantId: "mer_shop",
  livemode: true,
  currency: "USD",
  reference: REF_A,
  // Created for USDC only (an `accept` list): other USD tokens still pay it.
  paymentOptions: [option(USDC, SHOP)],
  merchant: terms,
};
const invoiceB: ReferencedInvoice = {
  ...invoiceA,
  id: "inv_b",
  reference: REF_B,
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
const batch = (...calls: { target: Address; data: Hex }[]) =>
  encodeFunctionData({
    abi: parseAbi([
      "struct Call { address target; bytes data; }",
      "function execute(Call[] calls)",
    ]),
    functionName: "execute",
    args: [calls],
  });

async function assign(
  candidates: TransferLog[],
  entries: [string, WatchedTransaction][],
  options: { referenced?: ReferencedInvoice[]; manualHolders?: ManualHolder[] } = {},
) {
  const transactions = new Map(entries);
  const bindings = await bindCandidates(candidates, transactions);
  return assignTransfers({
    chain,
    candidates,
    transactions,
    bindings,
    referenced: options.referenced ?? [invoiceA, invoiceB],
    manualHolders: options.manualHolders ?? [],
  });
}

describe("candidateTransfers", () => {
  it("keeps non-zero transfers to watched recipients, whatever the address case", () => {
    const logs = [log({ tx: 1 }), log({ tx: 2, to: OTHER_SHOP }), log({ tx: 3, value: 0n })];
    expect(candidateTransfers(logs, new Set([SHOP.toLowerCase()]))).toEqual([logs[0]]);
  });
});

describe("splitTransfers", () => {
  it("sets dust aside: worth less than the floor in the token's currency", () => {
    const cent = 10n ** 16n;
    const logs = [
      log({ tx: 1, value: 9_999n }),
      log({ tx: 1, value: 10_000n }),
      log({ tx: 2, value: 1n }),
    ];
    const { payable, dust } = splitTransfers(chain, logs, cent);
    expect(payable).toEqual([logs[1]]);
    expect(dust).toEqual([logs[0], logs[2]]);
    expect(splitTransfers(chain, logs, 0n).payable).toHaveLength(3);
  });

  it("looks at no more than the cap of one transaction's transfers", () => {
    const many = Array.from({ length: MAX_TRANSFERS_PER_TRANSACTION + 3 }, () => log({ tx: 9 }));
    const { payable, skipped } = splitTransfers(chain, [...many, log({ tx: 10 })], 0n);
    expect(payable).toHaveLength(MAX_TRANSFERS_PER_TRANSACTION + 1);
    expect(skipped).toBe(3);
  });
});

describe("assignTransfers", () => {
  it("assigns a transfer to the invoice its own call names", async () => {
    const transfer = log({ tx: 1 });
    const report = await assign([transfer], [tx(1, transferCalldata(SHOP, transfer.value, REF_A))]);
    expect(report.assignments).toEqual([
      expect.objectContaining({
        invoiceId: "inv_a",
        via: "reference",
        transfers: [expect.objectContaining({ logIndex: transfer.logIndex, amount: 10_000_000n })],
      }),
    ]);
    expect(report.unmatched).toEqual([]);
  });

  it("a batch paying two invoices credits each its own transfer", async () => {
    const a = log({ tx: 2, value: 10_000_000n });
    const b = log({ tx: 2, value: 4_000_000n });
    const input = batch(
      { target: USDC, data: transferCalldata(SHOP, a.value, REF_A) },
      { target: USDC, data: transferCalldata(SHOP, b.value, REF_B) },
    );
    const report = await assign([a, b], [tx(2, input)]);
    expect(report.assignments.map((x) => [x.invoiceId, x.transfers[0]!.logIndex])).toEqual([
      ["inv_a", a.logIndex],
      ["inv_b", b.logIndex],
    ]);
  });

  it("a reference in another call of the batch names nothing", async () => {
    const transfer = log({ tx: 3 });
    const input = batch(
      { target: OTHER_SHOP, data: concatHex(["0x12345678", REF_A]) },
      { target: USDC, data: transferCalldata(SHOP, transfer.value, REF_B) },
    );
    const report = await assign([transfer], [tx(3, input)]);
    expect(report.assignments.map((x) => x.invoiceId)).toEqual(["inv_b"]);
  });

  it("credits a reference paid in another USD token the merchant accepts", async () => {
    const transfer = log({ tx: 4, token: USDT });
    const report = await assign([transfer], [tx(4, transferCalldata(SHOP, transfer.value, REF_A))]);
    expect(report.assignments).toEqual([
      expect.objectContaining({
        invoiceId: "inv_a",
        transfers: [
          expect.objectContaining({
            option: expect.objectContaining({
              token: expect.objectContaining({ symbol: "USDT", address: USDT }),
              recipient: SHOP,
            }),
          }),
        ],
      }),
    ]);
  });

  it("records a reference paid in another currency, a token not accepted or another mode as unmatched", async () => {
    const eurc = log({ tx: 5, token: EURC });
    const usdt = log({ tx: 6, token: USDT });
    const report = await assign(
      [eurc, usdt],
      [
        tx(5, transferCalldata(SHOP, eurc.value, REF_A)),
        tx(6, transferCalldata(SHOP, usdt.value, REF_B)),
      ],
      {
        referenced: [
          invoiceA,
          {
            ...invoiceB,
            merchant: { ...terms, acceptedTokens: [{ chainId: 8453, symbol: "USDC" }] },
          },
        ],
      },
    );
    expect(report.assignments).toEqual([]);
    expect(report.unmatched.map((u) => [u.reason, u.invoice?.id])).toEqual([
      ["other_currency", "inv_a"],
      ["not_accepted", "inv_b"],
    ]);
    const testInvoice = { ...invoiceA, livemode: false };
    const other = log({ tx: 7, token: USDT });
    const modes = await assign([other], [tx(7, transferCalldata(SHOP, other.value, REF_A))], {
      referenced: [testInvoice],
    });
    expect(modes.unmatched.map((u) => u.reason)).toEqual(["not_accepted"]);
  });

  it("a reference paid to someone else's address is not the merchant's money", async () => {
    const transfer = log({ tx: 8, to: OTHER_SHOP });
    const report = await assign(
      [transfer],
      [tx(8, transferCalldata(OTHER_SHOP, transfer.value, REF_A))],
    );
    expect(report.assignments).toEqual([]);
    expect(report.unmatched).toEqual([
      expect.objectContaining({ reason: "no_invoice", invoice: null }),
    ]);
  });

  it("refuses to guess between calls that disagree", async () => {
    const transfer = log({ tx: 9 });
    const input = batch(
      { target: OTHER_SHOP, data: transferCalldata(SHOP, transfer.value, REF_A) },
      { target: USDC, data: transferCalldata(SHOP, transfer.value, REF_B) },
    );
    const report = await assign([transfer], [tx(9, input)]);
    expect(report.assignments).toEqual([]);
    expect(report.unmatched).toEqual([expect.objectContaining({ reason: "ambiguous" })]);
  });

  it("without a reference, an exact held manual amount names the invoice; any other amount nothing", async () => {
    const holder: ManualHolder = {
      invoiceId: "inv_m",
      tokenAddress: USDC.toLowerCase(),
      recipient: SHOP.toLowerCase(),
      amount: 10_001_234n,
      paymentOptions: [option(USDC, SHOP)],
    };
    const plain = (amount: bigint) => transferCalldata(SHOP, amount, "0x");
    const held = log({ tx: 10, value: 10_001_234n });
    const off = log({ tx: 11, value: 10_001_233n });
    const report = await assign(
      [held, off],
      [tx(10, plain(held.value)), tx(11, plain(off.value))],
      { manualHolders: [holder] },
    );
    expect(report.assignments).toEqual([
      expect.objectContaining({ invoiceId: "inv_m", via: "manual" }),
    ]);
    expect(report.unmatched.map((u) => u.log)).toEqual([off]);
  });

  it("groups the transfers of one transaction to one invoice, in block order", async () => {
    const late = log({ tx: 13, blockNumber: 101n, value: 1n });
    const first = log({ tx: 12, value: 1n });
    const second = log({ tx: 12, value: 2n });
    const report = await assign(
      [late, first, second],
      [
        tx(
          12,
          batch(
            { target: USDC, data: transferCalldata(SHOP, 1n, REF_A) },
            { target: USDC, data: transferCalldata(SHOP, 2n, REF_A) },
          ),
        ),
        tx(13, transferCalldata(SHOP, 1n, REF_B)),
      ],
    );
    expect(report.assignments.map((a) => [a.invoiceId, a.transfers.length])).toEqual([
      ["inv_a", 2],
      ["inv_b", 1],
    ]);
  });
});

describe("lookups", () => {
  it("asks for each bound reference once, and for manual amounts only where none named an invoice", async () => {
    const a = log({ tx: 20 });
    const b = log({ tx: 21 });
    const c = log({ tx: 22 });
    const transactions = new Map([
      tx(20, transferCalldata(SHOP, a.value, REF_A)),
      tx(21, transferCalldata(SHOP, b.value, REF_A)),
      tx(22, transferCalldata(SHOP, c.value, "0x")),
    ]);
    const bindings = await bindCandidates([a, b, c], transactions);
    expect(boundReferences(bindings)).toEqual([REF_A]);
    expect(unboundTransfers(8453, [a, b, c], bindings, [invoiceA])).toEqual([c]);
    expect(unboundTransfers(8453, [a, b, c], bindings, [])).toEqual([a, b, c]);
  });
});
