import { concatHex, erc20Abi, type Hash, type Hex, isAddressEqual, parseEventLogs } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { devAccount } from "@/lib/chains/devAccounts";
import { transferCalldata } from "@/lib/invoices/paymentOptions";
import { chainClients, createMerchant, rpcUrl, walletFor } from "@/lib/tooling/testing/fixtures";
import {
  checkout,
  eventTypes,
  fund,
  localWatcher,
  newInvoice,
  type Option,
  paymentRows,
  plainTransfer,
  postHash,
  resetChainSettings,
  usdcOption,
} from "@/lib/tooling/testing/payments";
import {
  createSafe,
  deploySafeContracts,
  multiSendCall,
  type SafeCall,
  type SafeContracts,
  safeArtifacts,
  type TestSafe,
} from "@/lib/tooling/testing/safe";
import { POST as submitPaymentRoute } from "./route";

// Shoppers paying from a Safe (@safe-global/safe-smart-account 1.5.0 on the local chain), with their
// owners' real signatures: the payment option's call runs inside execTransaction, where ABI
// encoding keeps it contiguous, so its transfer binds to the reference right after it.

let apiKey: string;
let contracts: SafeContracts;
let single: TestSafe;
let multi: TestSafe;
const executor = devAccount(7);

beforeAll(async () => {
  ({ apiKey } = await createMerchant({ name: "Safe Shop" }));
  contracts = await deploySafeContracts(rpcUrl(), executor);
  single = await createSafe(rpcUrl(), contracts, {
    owners: [devAccount(2)],
    threshold: 1,
    deployer: executor,
  });
  multi = await createSafe(rpcUrl(), contracts, {
    owners: [devAccount(3), devAccount(4), devAccount(5)],
    threshold: 2,
    deployer: executor,
  });
  const usdc = usdcOption(await newInvoice(apiKey)).token.address;
  await fund(single.address, usdc, 1_000_000_000n);
  await fund(multi.address, usdc, 1_000_000_000n);
});

afterEach(resetChainSettings);

const post = (id: string, hash: Hash) => postHash(submitPaymentRoute, id, hash);
/** The option's ready-to-send transaction, as the Safe's call. */
const optionCall = (option: Option): SafeCall => ({
  to: option.transaction.to,
  data: option.transaction.data,
});
const stranger = () => privateKeyToAccount(generatePrivateKey()).address;

describe("the Safe test tooling", () => {
  it("creates Safes with the owners and threshold asked for", async () => {
    const { publicClient } = chainClients();
    const read = (safe: TestSafe, functionName: "getOwners" | "getThreshold") =>
      publicClient.readContract({
        address: safe.address,
        abi: safeArtifacts.Safe.abi,
        functionName,
      });
    expect(await read(single, "getOwners")).toEqual([devAccount(2).address]);
    expect(await read(multi, "getOwners")).toEqual(
      [3, 4, 5].map((index) => devAccount(index).address),
    );
    expect(await read(multi, "getThreshold")).toBe(2n);
  });

  it("the Safe refuses one signature short of its threshold, and a non-owner's", async () => {
    const invoice = await newInvoice(apiKey, { amount: "1.00" });
    const call = optionCall(usdcOption(invoice));
    await expect(multi.execute(call, { signers: [devAccount(3)], executor })).rejects.toThrow(
      /GS020/,
    );
    await expect(
      multi.execute(call, { signers: [devAccount(3), devAccount(6)], executor }),
    ).rejects.toThrow(/GS026/);
    expect((await checkout(invoice.id)).status).toBe("open");
  });
});

describe("a Safe pays an invoice by execTransaction", () => {
  for (const [label, safe] of [
    ["a 1-of-1 Safe", () => single],
    ["a 2-of-3 Safe", () => multi],
  ] as const) {
    it(`${label}: the watcher credits it with nothing posted`, async () => {
      const watcher = await localWatcher();
      await watcher.runOnce();
      const invoice = await newInvoice(apiKey, { amount: "12.50" });
      const hash = await safe().execute(optionCall(usdcOption(invoice)), { executor });

      const summary = await watcher.runOnce();
      expect(summary.credited).toBe(1);
      const after = await checkout(invoice.id);
      expect(after.status).toBe("paid");
      expect(after.payments).toEqual([
        expect.objectContaining({ tx_hash: hash, amount: "12500000" }),
      ]);
      // The Safe paid, whoever sent the transaction.
      const [row] = await paymentRows(invoice.id);
      expect(row!.fromAddress.toLowerCase()).toBe(safe().address.toLowerCase());

      // The page posting the hash afterwards credits nothing twice.
      expect((await post(invoice.id, hash)).status).toBe(200);
      expect(await paymentRows(invoice.id)).toHaveLength(1);
      expect(await eventTypes(invoice.id)).toEqual(["invoice.created", "invoice.paid"]);
    });

    it(`${label}: the fast path credits it when the hash is posted`, async () => {
      const invoice = await newInvoice(apiKey, { amount: "4.20" });
      const hash = await safe().execute(optionCall(usdcOption(invoice)), { executor });

      const posted = await post(invoice.id, hash);
      expect(posted.status).toBe(200);
      expect(posted.json.status).toBe("credited");
      expect(posted.json.invoice.status).toBe("paid");
      expect(posted.json.invoice.payments).toEqual([
        expect.objectContaining({ tx_hash: hash, amount: "4200000" }),
      ]);
      const watcher = await localWatcher();
      await watcher.runOnce();
      expect(await paymentRows(invoice.id)).toHaveLength(1);
    });
  }

  it("a Safe transaction waiting in the pool is pending for its invoice and for no other", async () => {
    const invoice = await newInvoice(apiKey, { amount: "2.00" });
    const other = await newInvoice(apiKey, { amount: "2.00" });
    const data = await multi.execTransactionData(optionCall(usdcOption(invoice)));
    await chainClients().testClient.setAutomine(false);
    const hash = await walletFor(0).sendTransaction({ to: multi.address, data, value: 0n });

    const waiting = await post(invoice.id, hash);
    expect(waiting.status).toBe(202);
    expect((await checkout(invoice.id)).submissions).toEqual([
      expect.objectContaining({ tx_hash: hash, status: "pending" }),
    ]);
    const elsewhere = await post(other.id, hash);
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.json.error.code).toBe("reference_mismatch");

    await chainClients().testClient.mine({ blocks: 1 });
    expect((await post(invoice.id, hash)).json.invoice.status).toBe("paid");
    expect((await checkout(other.id)).status).toBe("open");
  });

  it("a Safe whose call fails inside a successful transaction credits nothing", async () => {
    // An empty Safe, and gas set aside for the call: the Safe logs ExecutionFailure and the
    // transaction's receipt is still a success, with no Transfer in it.
    const empty = await createSafe(rpcUrl(), contracts, {
      owners: [devAccount(2)],
      threshold: 1,
      deployer: executor,
    });
    const invoice = await newInvoice(apiKey, { amount: "3.00" });
    const hash = await empty.execute({ ...optionCall(usdcOption(invoice)), safeTxGas: 100_000n });
    const receipt = await chainClients().publicClient.getTransactionReceipt({ hash });
    expect(receipt.status).toBe("success");

    const posted = await post(invoice.id, hash);
    expect(posted.status).toBe(422);
    expect(posted.json.error.code).toBe("no_matching_transfer");
    await (await localWatcher()).runOnce();
    expect((await checkout(invoice.id)).status).toBe("open");
    expect(await paymentRows(invoice.id)).toEqual([]);
  });
});

describe("a Safe pays two invoices in one execTransaction (MultiSendCallOnly)", () => {
  const batch = (...options: Option[]) =>
    multiSendCall(
      contracts,
      options.map((option) => ({ to: option.transaction.to, data: option.transaction.data })),
    );

  it("each invoice is credited its own transfer, whichever invoice the hash is posted to", async () => {
    const a = await newInvoice(apiKey, { amount: "12.00" });
    const b = await newInvoice(apiKey, { amount: "3.00" });
    const unrelated = await newInvoice(apiKey, { amount: "3.00" });
    const hash = await multi.execute(batch(usdcOption(a), usdcOption(b)), { executor });

    // Posted to an invoice it does not pay: refused, and the two it pays are credited.
    const forUnrelated = await post(unrelated.id, hash);
    expect(forUnrelated.status).toBe(422);
    expect(forUnrelated.json.error.code).toBe("reference_mismatch");
    expect((await checkout(unrelated.id)).status).toBe("open");
    expect((await checkout(a.id)).payments).toEqual([
      expect.objectContaining({ tx_hash: hash, amount: "12000000" }),
    ]);
    expect((await checkout(b.id)).payments).toEqual([
      expect.objectContaining({ tx_hash: hash, amount: "3000000" }),
    ]);

    // Posted to both at once: each still gets its own transfer, once.
    const both = await Promise.all([post(a.id, hash), post(b.id, hash)]);
    expect(both.map((posted) => posted.status)).toEqual([200, 200]);
    for (const invoice of [b, a, b]) {
      const posted = await post(invoice.id, hash);
      expect(posted.status).toBe(200);
      expect(posted.json.invoice.status).toBe("paid");
    }
    const watcher = await localWatcher();
    await watcher.runOnce();
    const [rowsA, rowsB] = [await paymentRows(a.id), await paymentRows(b.id)];
    expect(rowsA).toHaveLength(1);
    expect(rowsB).toHaveLength(1);
    expect(rowsA[0]!.logIndex).not.toBe(rowsB[0]!.logIndex);
    expect(await eventTypes(a.id)).toEqual(["invoice.created", "invoice.paid"]);
  });

  it("the watcher credits both, equal amounts each to its own invoice, with nothing posted", async () => {
    const watcher = await localWatcher();
    await watcher.runOnce();
    const a = await newInvoice(apiKey, { amount: "7.00" });
    const b = await newInvoice(apiKey, { amount: "7.00" });
    const hash = await single.execute(batch(usdcOption(a), usdcOption(b)));

    expect((await watcher.runOnce()).credited).toBe(2);
    const [rowA] = await paymentRows(a.id);
    const [rowB] = await paymentRows(b.id);
    expect([rowA?.txHash, rowB?.txHash]).toEqual([hash, hash]);
    // The first call names a, so the first Transfer log is a's.
    expect(rowA!.logIndex).toBeLessThan(rowB!.logIndex);
    expect((await post(b.id, hash)).status).toBe(200);
    expect((await post(a.id, hash)).status).toBe(200);
    expect(await paymentRows(a.id)).toHaveLength(1);
    expect(await paymentRows(b.id)).toHaveLength(1);
  });
});

describe("an attacker's Safe transaction with invoice X's reference elsewhere credits nothing", () => {
  /** Runs `call` from the 1-of-1 Safe, posts its hash to X, runs the watcher; X stays open. */
  async function expectNothingCredited(
    build: (x: Option) => SafeCall,
    options: { tail?: (x: Option) => Hex } = {},
  ) {
    const watcher = await localWatcher();
    await watcher.runOnce();
    const x = await newInvoice(apiKey, { amount: "5.00" });
    const option = usdcOption(x);
    const hash = await single.execute(build(option), { tail: options.tail?.(option) });
    // The transaction did move the invoice's amount to the merchant's address.
    const { publicClient } = chainClients();
    const receipt = await publicClient.getTransactionReceipt({ hash });
    const transfers = parseEventLogs({ abi: erc20Abi, eventName: "Transfer", logs: receipt.logs });
    expect(
      transfers.some(
        (log) =>
          isAddressEqual(log.args.to, option.recipient) && log.args.value === BigInt(option.amount),
      ),
    ).toBe(true);

    const posted = await post(x.id, hash);
    expect(posted.status).toBe(422);
    expect(posted.json.error.code).toBe("reference_mismatch");
    await watcher.runOnce();
    expect((await checkout(x.id)).status).toBe("open");
    expect(await paymentRows(x.id)).toEqual([]);
    expect(await eventTypes(x.id)).toEqual(["invoice.created"]);
  }
  const bareTransfer = (x: Option) => transferCalldata(x.recipient, BigInt(x.amount), "0x");

  it("in the next call of a MultiSend, after a transfer without reference", async () => {
    await expectNothingCredited((x) =>
      multiSendCall(contracts, [
        { to: x.token.address, data: bareTransfer(x) },
        { to: stranger(), data: x.reference },
      ]),
    );
  });

  it("after the signatures, appended to execTransaction's calldata", async () => {
    await expectNothingCredited((x) => ({ to: x.token.address, data: bareTransfer(x) }), {
      tail: (x) => x.reference,
    });
  });

  it("behind a copy of the transfer call sent to another contract, beside the real transfer", async () => {
    await expectNothingCredited((x) =>
      multiSendCall(contracts, [
        { to: stranger(), data: concatHex([bareTransfer(x), x.reference]) },
        { to: x.token.address, data: bareTransfer(x) },
      ]),
    );
  });

  it("after a transfer of another amount, while the invoice's amount is sent without it", async () => {
    await expectNothingCredited((x) =>
      multiSendCall(contracts, [
        { to: x.token.address, data: transferCalldata(x.recipient, 1n, x.reference) },
        { to: x.token.address, data: bareTransfer(x) },
      ]),
    );
  });

  it("and the attacker's own invoice, named right after its transfer, is the one paid", async () => {
    const x = await newInvoice(apiKey, { amount: "6.00" });
    const own = await newInvoice(apiKey, { amount: "6.00" });
    const hash = await single.execute(optionCall(usdcOption(own)), {
      tail: usdcOption(x).reference,
    });
    const posted = await post(x.id, hash);
    expect(posted.status).toBe(422);
    expect(posted.json.error.code).toBe("reference_mismatch");
    expect((await checkout(x.id)).status).toBe("open");
    expect((await checkout(own.id)).status).toBe("paid");
    // And a plain transfer of X's amount from the Safe's owner names nothing either.
    const option = usdcOption(x);
    await plainTransfer(2, option.token.address, option.recipient, BigInt(option.amount));
    await (await localWatcher()).runOnce();
    expect(await paymentRows(x.id)).toEqual([]);
  });
});
