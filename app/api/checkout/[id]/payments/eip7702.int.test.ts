import {
  type Address,
  concatHex,
  encodeFunctionData,
  erc20Abi,
  type Hash,
  type Hex,
  isAddressEqual,
  parseEventLogs,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { devAccount } from "@/lib/chains/devAccounts";
import { transferCalldata } from "@/lib/invoices/paymentOptions";
import {
  type BatchCall,
  type DelegatedAccount,
  delegatedAccount,
  deploySimple7702Account,
} from "@/lib/tooling/testing/eip7702";
import { chainClients, createMerchant, rpcUrl, tokenBalance } from "@/lib/tooling/testing/fixtures";
import {
  checkout,
  eventTypes,
  localWatcher,
  newInvoice,
  type Option,
  paymentRows,
  postHash,
  resetChainSettings,
  usdcOption,
} from "@/lib/tooling/testing/payments";
import { POST as submitPaymentRoute } from "./route";

// A shopper's account upgraded by EIP-7702 (delegated to Simple7702Account from
// @account-abstraction/contracts 0.8) pays by sending itself executeBatch: the payment option's
// call is one ABI-encoded element of the batch, so its transfer binds to the reference right
// after it. The account is dev account 4, made a plain account again after this file.

let apiKey: string;
let implementation: Address;
let account: DelegatedAccount;

beforeAll(async () => {
  ({ apiKey } = await createMerchant({ name: "7702 Shop" }));
  implementation = await deploySimple7702Account(rpcUrl(), devAccount(7));
  account = delegatedAccount(rpcUrl(), devAccount(4), implementation);
});

afterEach(resetChainSettings);

afterAll(async () => {
  await account.revoke();
  expect(await account.delegation()).toBeNull();
});

const post = (id: string, hash: Hash) => postHash(submitPaymentRoute, id, hash);
/** The option's ready-to-send transaction, as a call of the batch. */
const optionCall = (option: Option): BatchCall => ({
  to: option.transaction.to,
  data: option.transaction.data,
});
const stranger = () => privateKeyToAccount(generatePrivateKey()).address;
const approveCall = (token: Address, spender: Address): BatchCall => ({
  to: token,
  data: encodeFunctionData({
    abi: erc20Abi,
    functionName: "approve",
    args: [spender, 1_000_000n],
  }),
});
const transferTo = (token: Address, to: Address, amount: bigint): BatchCall => ({
  to: token,
  data: transferCalldata(to, amount, "0x"),
});

describe("the EIP-7702 test tooling", () => {
  it("delegates the account in the type-4 transaction that runs its first batch of two calls", async () => {
    expect(await account.delegation()).toBeNull();
    const invoice = await newInvoice(apiKey, { amount: "1.00" });
    const option = usdcOption(invoice);
    const spender = stranger();
    const hash = await account.executeBatch([
      approveCall(option.token.address, spender),
      optionCall(option),
    ]);

    const { publicClient } = chainClients();
    const transaction = await publicClient.getTransaction({ hash });
    expect(transaction.type).toBe("eip7702");
    expect(transaction.from.toLowerCase()).toBe(account.address.toLowerCase());
    expect(transaction.to?.toLowerCase()).toBe(account.address.toLowerCase());
    expect(transaction.authorizationList).toHaveLength(1);
    expect(await account.delegation()).toBe(implementation);
    // Both calls ran as the account.
    const allowance = await publicClient.readContract({
      address: option.token.address,
      abi: erc20Abi,
      functionName: "allowance",
      args: [account.address, spender],
    });
    expect(allowance).toBe(1_000_000n);
    expect((await post(invoice.id, hash)).json.invoice.status).toBe("paid");

    // Delegated already: the next batch is an ordinary transaction to itself.
    const next = await account.executeBatch([transferTo(option.token.address, spender, 1n)]);
    expect((await publicClient.getTransaction({ hash: next })).type).toBe("eip1559");
  });

  it("the delegate refuses a batch sent by anyone but the account", async () => {
    const { publicClient } = chainClients();
    const invoice = await newInvoice(apiKey, { amount: "1.00" });
    const data = account.executeBatchData([optionCall(usdcOption(invoice))]);
    await expect(
      publicClient.call({ account: devAccount(7).address, to: account.address, data }),
    ).rejects.toThrow();
  });
});

describe("a delegated account pays an invoice in a batch of two calls", () => {
  for (const [label, otherCall] of [
    ["after an approve", (option: Option) => approveCall(option.token.address, stranger())],
    [
      "after a transfer to someone else",
      (option: Option) => transferTo(option.token.address, stranger(), 2_000_000n),
    ],
  ] as const) {
    it(`${label}: the watcher credits the invoice with nothing posted, and only its transfer`, async () => {
      const watcher = await localWatcher();
      await watcher.runOnce();
      const invoice = await newInvoice(apiKey, { amount: "12.50" });
      const option = usdcOption(invoice);
      const hash = await account.executeBatch([otherCall(option), optionCall(option)]);

      expect((await watcher.runOnce()).credited).toBe(1);
      const after = await checkout(invoice.id);
      expect(after.status).toBe("paid");
      expect(after.payments).toEqual([
        expect.objectContaining({ tx_hash: hash, amount: "12500000" }),
      ]);
      const [row] = await paymentRows(invoice.id);
      expect(row!.fromAddress.toLowerCase()).toBe(account.address.toLowerCase());

      expect((await post(invoice.id, hash)).status).toBe(200);
      expect(await paymentRows(invoice.id)).toHaveLength(1);
      expect(await eventTypes(invoice.id)).toEqual(["invoice.created", "invoice.paid"]);
    });

    it(`${label}: the fast path credits it when the hash is posted`, async () => {
      const invoice = await newInvoice(apiKey, { amount: "4.20" });
      const option = usdcOption(invoice);
      const hash = await account.executeBatch([otherCall(option), optionCall(option)]);

      const posted = await post(invoice.id, hash);
      expect(posted.status).toBe(200);
      expect(posted.json.status).toBe("credited");
      expect(posted.json.invoice.status).toBe("paid");
      expect(posted.json.invoice.payments).toEqual([
        expect.objectContaining({ tx_hash: hash, amount: "4200000" }),
      ]);
      await (await localWatcher()).runOnce();
      expect(await paymentRows(invoice.id)).toHaveLength(1);
    });
  }

  it("the other call, a bare transfer of the invoice's amount to its merchant, credits no other invoice", async () => {
    const watcher = await localWatcher();
    await watcher.runOnce();
    const invoice = await newInvoice(apiKey, { amount: "3.00" });
    const twin = await newInvoice(apiKey, { amount: "3.00" });
    const option = usdcOption(invoice);
    const merchantBefore = await tokenBalance(option.token.address, option.recipient);
    const hash = await account.executeBatch([
      transferTo(option.token.address, option.recipient, BigInt(option.amount)),
      optionCall(option),
    ]);
    expect(await tokenBalance(option.token.address, option.recipient)).toBe(
      merchantBefore + 2n * BigInt(option.amount),
    );

    const elsewhere = await post(twin.id, hash);
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.json.error.code).toBe("reference_mismatch");
    expect((await post(invoice.id, hash)).json.invoice.status).toBe("paid");
    await watcher.runOnce();
    expect(await paymentRows(invoice.id)).toHaveLength(1);
    expect((await checkout(invoice.id)).exception).toBeNull();
    expect((await checkout(twin.id)).status).toBe("open");
    expect(await paymentRows(twin.id)).toEqual([]);
  });
});

describe("a delegated account pays two invoices in one executeBatch", () => {
  it("each invoice is credited its own transfer, whichever invoice the hash is posted to", async () => {
    const a = await newInvoice(apiKey, { amount: "12.00" });
    const b = await newInvoice(apiKey, { amount: "3.00" });
    const unrelated = await newInvoice(apiKey, { amount: "3.00" });
    const hash = await account.executeBatch([optionCall(usdcOption(a)), optionCall(usdcOption(b))]);

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

    const both = await Promise.all([post(b.id, hash), post(a.id, hash)]);
    expect(both.map((posted) => posted.status)).toEqual([200, 200]);
    expect(both.map((posted) => posted.json.invoice.status)).toEqual(["paid", "paid"]);
    await (await localWatcher()).runOnce();
    const [rowsA, rowsB] = [await paymentRows(a.id), await paymentRows(b.id)];
    expect(rowsA).toHaveLength(1);
    expect(rowsB).toHaveLength(1);
    expect(rowsA[0]!.logIndex).toBeLessThan(rowsB[0]!.logIndex);
    expect(await eventTypes(b.id)).toEqual(["invoice.created", "invoice.paid"]);
  });

  it("the watcher credits both, equal amounts each to its own invoice, with nothing posted", async () => {
    const watcher = await localWatcher();
    await watcher.runOnce();
    const a = await newInvoice(apiKey, { amount: "7.00" });
    const b = await newInvoice(apiKey, { amount: "7.00" });
    const hash = await account.executeBatch([optionCall(usdcOption(a)), optionCall(usdcOption(b))]);

    expect((await watcher.runOnce()).credited).toBe(2);
    const [rowA] = await paymentRows(a.id);
    const [rowB] = await paymentRows(b.id);
    expect([rowA?.txHash, rowB?.txHash]).toEqual([hash, hash]);
    expect(rowA!.logIndex).toBeLessThan(rowB!.logIndex);
    expect((await post(a.id, hash)).status).toBe(200);
    expect((await post(b.id, hash)).status).toBe(200);
    expect(await paymentRows(a.id)).toHaveLength(1);
    expect(await paymentRows(b.id)).toHaveLength(1);
  });
});

describe("a delegated account's batch with invoice X's reference elsewhere credits nothing", () => {
  /** Sends the batch `build` makes from X's option, posts it to X, runs the watcher; X stays open. */
  async function expectNothingCredited(
    build: (x: Option) => readonly BatchCall[],
    options: { tail?: (x: Option) => Hex } = {},
  ) {
    const watcher = await localWatcher();
    await watcher.runOnce();
    const x = await newInvoice(apiKey, { amount: "5.00" });
    const option = usdcOption(x);
    const hash = await account.executeBatch(build(option), { tail: options.tail?.(option) });
    // The batch did move the invoice's amount to the merchant's address.
    const receipt = await chainClients().publicClient.getTransactionReceipt({ hash });
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
  const bare = (x: Option) => transferTo(x.token.address, x.recipient, BigInt(x.amount));

  it("in the next call of the batch, after a transfer without reference", async () => {
    await expectNothingCredited((x) => [bare(x), { to: stranger(), data: x.reference }]);
  });

  it("right before a copy of the transfer, in the call ahead of the real one", async () => {
    await expectNothingCredited((x) => [
      { to: stranger(), data: concatHex([x.reference, bare(x).data]) },
      bare(x),
    ]);
  });

  it("appended to executeBatch's calldata, after the whole batch", async () => {
    await expectNothingCredited((x) => [bare(x)], { tail: (x) => x.reference });
  });

  it("behind a copy of the transfer call sent to another contract, beside the real transfer", async () => {
    await expectNothingCredited((x) => [
      { to: stranger(), data: concatHex([bare(x).data, x.reference]) },
      bare(x),
    ]);
  });

  it("after a transfer of another amount, while the invoice's amount is sent without it", async () => {
    await expectNothingCredited((x) => [
      { to: x.token.address, data: transferCalldata(x.recipient, 1n, x.reference) },
      bare(x),
    ]);
  });
});
