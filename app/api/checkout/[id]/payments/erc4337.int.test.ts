import { join } from "node:path";
import {
  concatHex,
  encodeFunctionData,
  erc20Abi,
  type Hash,
  type Hex,
  isAddressEqual,
  parseEventLogs,
} from "viem";
import type { BundlerClient, SmartAccount } from "viem/account-abstraction";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devAccount } from "@/lib/chains/devAccounts";
import { getDb } from "@/lib/db/client";
import { cancelInvoice } from "@/lib/invoices/cancelInvoice";
import { transferCalldata } from "@/lib/invoices/paymentOptions";
import {
  bundlerClientFor,
  deployErc4337Contracts,
  type Erc4337Contracts,
  erc4337Artifacts,
  sendUserOperation,
  startBundler,
  type TestBundler,
  toTestSimpleAccount,
  type UserOperationCall,
} from "@/lib/tooling/testing/erc4337";
import { chainClients, createMerchant, rpcUrl } from "@/lib/tooling/testing/fixtures";
import {
  checkout,
  eventTypes,
  fund,
  localWatcher,
  newInvoice,
  type Option,
  paymentRows,
  postHash,
  usdcOption,
} from "@/lib/tooling/testing/payments";
import { POST as submitPaymentRoute } from "./route";

// Shoppers paying from an ERC-4337 SimpleAccount (EntryPoint v0.8 on the local chain) through a
// real bundler (@pimlico/alto): the bundler sends EntryPoint.handleOps from its own key, and the
// payment option's call runs inside the account's execute, where ABI encoding keeps it contiguous,
// so its transfer binds to the reference right after it.

let apiKey: string;
let contracts: Erc4337Contracts;
let bundler: TestBundler;
let shopper: SmartAccount;
let shopperClient: BundlerClient;
let attacker: SmartAccount;
let attackerClient: BundlerClient;

beforeAll(async () => {
  ({ apiKey } = await createMerchant({ name: "Smart Account Shop" }));
  contracts = await deployErc4337Contracts(rpcUrl(), devAccount(7));
  bundler = await startBundler(rpcUrl(), contracts.entryPoint, {
    logPath: join(process.env.DATA_DIR ?? ".", "bundler.log"),
  });
  const { testClient } = chainClients();
  const usdc = usdcOption(await newInvoice(apiKey)).token.address;
  for (const owner of ["shopper", "attacker"] as const) {
    const account = await toTestSimpleAccount({
      rpcUrl: rpcUrl(),
      contracts,
      owner: privateKeyToAccount(generatePrivateKey()),
    });
    // Tokens to pay with, and ETH for the prefund (no paymaster): held before the account exists.
    await fund(account.address, usdc, 1_000_000_000n);
    await testClient.setBalance({ address: account.address, value: 10n ** 18n });
    const client = bundlerClientFor(rpcUrl(), bundler, account);
    if (owner === "shopper") [shopper, shopperClient] = [account, client];
    else [attacker, attackerClient] = [account, client];
  }
});

afterAll(async () => {
  await bundler?.stop();
});

const post = (id: string, hash: Hash) => postHash(submitPaymentRoute, id, hash);
/** The option's ready-to-send transaction, as the account's call. */
const optionCall = (option: Option): UserOperationCall => ({
  to: option.transaction.to,
  data: option.transaction.data,
});
const stranger = () => privateKeyToAccount(generatePrivateKey()).address;

describe("the ERC-4337 test tooling", () => {
  it("the bundler carries a user operation in EntryPoint.handleOps, sent from its own key", async () => {
    const invoice = await newInvoice(apiKey, { amount: "1.00" });
    const sent = await sendUserOperation(shopperClient, [optionCall(usdcOption(invoice))]);
    expect(sent.receipt.success).toBe(true);
    expect(isAddressEqual(sent.receipt.sender, shopper.address)).toBe(true);
    const { publicClient } = chainClients();
    const transaction = await publicClient.getTransaction({ hash: sent.transactionHash });
    expect(isAddressEqual(transaction.to!, contracts.entryPoint)).toBe(true);
    expect(isAddressEqual(transaction.from, bundler.executor)).toBe(true);
    expect(transaction.input.slice(0, 10)).toBe("0x765e827f"); // handleOps(PackedUserOperation[],address)
    expect(await publicClient.getCode({ address: shopper.address })).toMatch(/^0x[0-9a-f]{2,}/);
    expect((await checkout(invoice.id)).status).toBe("open");
  });

  it("the account refuses a user operation its owner did not sign", async () => {
    const invoice = await newInvoice(apiKey, { amount: "1.00" });
    const forged = await toTestSimpleAccount({
      rpcUrl: rpcUrl(),
      contracts,
      owner: privateKeyToAccount(generatePrivateKey()),
    });
    // The shopper's address, signed by another key.
    const impostor = bundlerClientFor(rpcUrl(), bundler, {
      ...forged,
      address: shopper.address,
      getAddress: async () => shopper.address,
      getFactoryArgs: async () => ({ factory: undefined, factoryData: undefined }),
      signUserOperation: (parameters) =>
        forged.signUserOperation({ ...parameters, sender: shopper.address }),
    });
    await expect(sendUserOperation(impostor, [optionCall(usdcOption(invoice))])).rejects.toThrow(
      /signature/i,
    );
    expect((await checkout(invoice.id)).status).toBe("open");
  });
});

describe("a SimpleAccount pays an invoice by a user operation", () => {
  it("the watcher credits it with nothing posted", async () => {
    const watcher = await localWatcher();
    await watcher.runOnce();
    const invoice = await newInvoice(apiKey, { amount: "12.50" });
    const sent = await sendUserOperation(shopperClient, [optionCall(usdcOption(invoice))]);

    const summary = await watcher.runOnce();
    expect(summary.credited).toBe(1);
    const after = await checkout(invoice.id);
    expect(after.status).toBe("paid");
    expect(after.payments).toEqual([
      expect.objectContaining({ tx_hash: sent.transactionHash, amount: "12500000" }),
    ]);
    // The account paid, whoever sent the bundle.
    const [row] = await paymentRows(invoice.id);
    expect(row!.fromAddress.toLowerCase()).toBe(shopper.address.toLowerCase());

    expect((await post(invoice.id, sent.transactionHash)).status).toBe(200);
    expect(await paymentRows(invoice.id)).toHaveLength(1);
    expect(await eventTypes(invoice.id)).toEqual(["invoice.created", "invoice.paid"]);
  });

  it("the fast path credits it when the bundle transaction's hash is posted", async () => {
    const invoice = await newInvoice(apiKey, { amount: "4.20" });
    const sent = await sendUserOperation(shopperClient, [optionCall(usdcOption(invoice))]);

    const posted = await post(invoice.id, sent.transactionHash);
    expect(posted.status).toBe(200);
    expect(posted.json.status).toBe("credited");
    expect(posted.json.invoice.status).toBe("paid");
    expect(posted.json.invoice.payments).toEqual([
      expect.objectContaining({ tx_hash: sent.transactionHash, amount: "4200000" }),
    ]);
    await (await localWatcher()).runOnce();
    expect(await paymentRows(invoice.id)).toHaveLength(1);
  });

  it("the user operation's own hash posted is a hint: 202, nothing frozen, the watcher still credits", async () => {
    const invoice = await newInvoice(apiKey, { amount: "2.50" });
    const sent = await sendUserOperation(shopperClient, [optionCall(usdcOption(invoice))]);

    // The node knows no transaction by that hash: it is kept as unseen, holding nothing.
    const posted = await post(invoice.id, sent.userOperationHash);
    expect(posted.status).toBe(202);
    expect(posted.json.status).toBe("processing");
    expect(posted.json.invoice.status).toBe("open");
    expect((await checkout(invoice.id)).submissions).toEqual([
      expect.objectContaining({ tx_hash: sent.userOperationHash, status: "unseen" }),
    ]);

    await (await localWatcher()).runOnce();
    const after = await checkout(invoice.id);
    expect(after.status).toBe("paid");
    expect(after.payments).toEqual([
      expect.objectContaining({ tx_hash: sent.transactionHash, amount: "2500000" }),
    ]);
  });

  it("a user operation hash posted to an unpaid invoice leaves it payable and cancelable", async () => {
    const paid = await newInvoice(apiKey, { amount: "1.50" });
    const sent = await sendUserOperation(shopperClient, [optionCall(usdcOption(paid))]);
    const other = await newInvoice(apiKey, { amount: "1.50" });

    const posted = await post(other.id, sent.userOperationHash);
    expect(posted.status).toBe(202);
    const view = await checkout(other.id);
    expect(view.status).toBe("open");
    expect(view.payment_options.length).toBeGreaterThan(0);
    const db = await getDb();
    const canceled = await db.transaction((tx) => cancelInvoice(tx, other.id));
    expect(canceled.status).toBe("canceled");
    expect(await paymentRows(other.id)).toEqual([]);
  });

  it("a user operation whose call reverts inside a successful bundle credits nothing", async () => {
    // An account with ETH for gas and no tokens: its transfer reverts, the EntryPoint catches it
    // and logs the operation as failed, and the bundle transaction succeeds with no Transfer.
    const empty = await toTestSimpleAccount({
      rpcUrl: rpcUrl(),
      contracts,
      owner: privateKeyToAccount(generatePrivateKey()),
    });
    await chainClients().testClient.setBalance({ address: empty.address, value: 10n ** 18n });
    const invoice = await newInvoice(apiKey, { amount: "3.00" });
    const sent = await sendUserOperation(
      bundlerClientFor(rpcUrl(), bundler, empty),
      [optionCall(usdcOption(invoice))],
      // Given, not estimated: the bundler's estimation refuses a call that reverts.
      {
        gas: {
          callGasLimit: 100_000n,
          verificationGasLimit: 500_000n,
          preVerificationGas: 60_000n,
        },
      },
    );
    expect(sent.receipt.success).toBe(false);
    const receipt = await chainClients().publicClient.getTransactionReceipt({
      hash: sent.transactionHash,
    });
    expect(receipt.status).toBe("success");
    expect(parseEventLogs({ abi: erc20Abi, eventName: "Transfer", logs: receipt.logs })).toEqual(
      [],
    );

    const posted = await post(invoice.id, sent.transactionHash);
    expect(posted.status).toBe(422);
    expect(posted.json.error.code).toBe("no_matching_transfer");
    await (await localWatcher()).runOnce();
    expect((await checkout(invoice.id)).status).toBe("open");
    expect(await paymentRows(invoice.id)).toEqual([]);
  });
});

describe("a SimpleAccount pays two invoices in one user operation (executeBatch)", () => {
  it("each invoice is credited its own transfer, whichever invoice the hash is posted to", async () => {
    const watcher = await localWatcher();
    await watcher.runOnce();
    const a = await newInvoice(apiKey, { amount: "12.00" });
    const b = await newInvoice(apiKey, { amount: "3.00" });
    const unrelated = await newInvoice(apiKey, { amount: "3.00" });
    const sent = await sendUserOperation(shopperClient, [
      optionCall(usdcOption(a)),
      optionCall(usdcOption(b)),
    ]);
    const hash = sent.transactionHash;

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
    for (const invoice of [b, a]) {
      const posted = await post(invoice.id, hash);
      expect(posted.status).toBe(200);
      expect(posted.json.invoice.status).toBe("paid");
    }
    await watcher.runOnce();
    const [rowsA, rowsB] = [await paymentRows(a.id), await paymentRows(b.id)];
    expect(rowsA).toHaveLength(1);
    expect(rowsB).toHaveLength(1);
    expect(rowsA[0]!.logIndex).toBeLessThan(rowsB[0]!.logIndex);
  });

  it("the watcher credits both, equal amounts each to its own invoice, with nothing posted", async () => {
    const watcher = await localWatcher();
    await watcher.runOnce();
    const a = await newInvoice(apiKey, { amount: "7.00" });
    const b = await newInvoice(apiKey, { amount: "7.00" });
    const sent = await sendUserOperation(shopperClient, [
      optionCall(usdcOption(a)),
      optionCall(usdcOption(b)),
    ]);

    expect((await watcher.runOnce()).credited).toBe(2);
    const [rowA] = await paymentRows(a.id);
    const [rowB] = await paymentRows(b.id);
    expect([rowA?.txHash, rowB?.txHash]).toEqual([sent.transactionHash, sent.transactionHash]);
    expect(rowA!.logIndex).toBeLessThan(rowB!.logIndex);
    expect(await eventTypes(a.id)).toEqual(["invoice.created", "invoice.paid"]);
    expect(await eventTypes(b.id)).toEqual(["invoice.created", "invoice.paid"]);
  });
});

describe("an attacker's user operation with invoice X's reference elsewhere credits nothing", () => {
  /**
   * Sends the attacker's user operation (its calls, or its raw callData), posts the bundle's hash
   * to X and runs the watcher: X stays open, though the invoice's amount did reach its address.
   */
  async function expectNothingCredited(build: (x: Option) => UserOperationCall[] | Hex) {
    const watcher = await localWatcher();
    await watcher.runOnce();
    const x = await newInvoice(apiKey, { amount: "5.00" });
    const option = usdcOption(x);
    const built = build(option);
    const sent =
      typeof built === "string"
        ? await sendRawCallData(built)
        : await sendUserOperation(attackerClient, built);
    expect(sent.receipt.success).toBe(true);
    const { publicClient } = chainClients();
    const receipt = await publicClient.getTransactionReceipt({ hash: sent.transactionHash });
    // X's reference did reach the bundle transaction's input, only not right after the transfer.
    const { input } = await publicClient.getTransaction({ hash: sent.transactionHash });
    expect(input).toContain(option.reference.slice(2));
    const transfers = parseEventLogs({ abi: erc20Abi, eventName: "Transfer", logs: receipt.logs });
    expect(
      transfers.some(
        (log) =>
          isAddressEqual(log.args.from, attacker.address) &&
          isAddressEqual(log.args.to, option.recipient) &&
          log.args.value === BigInt(option.amount),
      ),
    ).toBe(true);

    const posted = await post(x.id, sent.transactionHash);
    expect(posted.status).toBe(422);
    expect(posted.json.error.code).toBe("reference_mismatch");
    await watcher.runOnce();
    expect((await checkout(x.id)).status).toBe("open");
    expect(await paymentRows(x.id)).toEqual([]);
    expect(await eventTypes(x.id)).toEqual(["invoice.created"]);
  }
  /** A user operation with the account's callData as given (execute's encoding plus anything). */
  async function sendRawCallData(callData: Hex) {
    const hash = await attackerClient.sendUserOperation({ callData });
    const receipt = await attackerClient.waitForUserOperationReceipt({
      hash,
      pollingInterval: 50,
      timeout: 30_000,
    });
    return { receipt, transactionHash: receipt.receipt.transactionHash };
  }
  const bareTransfer = (x: Option) => transferCalldata(x.recipient, BigInt(x.amount), "0x");

  it("in the next call of an executeBatch, after a transfer without reference", async () => {
    await expectNothingCredited((x) => [
      { to: x.token.address, data: bareTransfer(x) },
      { to: stranger(), data: x.reference },
    ]);
  });

  it("after the ABI padding of execute's data, appended to the user operation's callData", async () => {
    await expectNothingCredited((x) =>
      concatHex([
        encodeExecute({ to: x.token.address, data: bareTransfer(x) }),
        x.reference as Hex,
      ]),
    );
  });

  it("behind a copy of the transfer call sent to another contract, beside the real transfer", async () => {
    await expectNothingCredited((x) => [
      { to: stranger(), data: concatHex([bareTransfer(x), x.reference as Hex]) },
      { to: x.token.address, data: bareTransfer(x) },
    ]);
  });

  it("after a transfer of another amount, while the invoice's amount is sent without it", async () => {
    await expectNothingCredited((x) => [
      { to: x.token.address, data: transferCalldata(x.recipient, 1n, x.reference) },
      { to: x.token.address, data: bareTransfer(x) },
    ]);
  });

  it("and the attacker's own invoice, named right after its transfer, is the one paid", async () => {
    const x = await newInvoice(apiKey, { amount: "6.00" });
    const own = await newInvoice(apiKey, { amount: "6.00" });
    const sent = await sendRawCallData(
      concatHex([encodeExecute(optionCall(usdcOption(own))), usdcOption(x).reference as Hex]),
    );
    const posted = await post(x.id, sent.transactionHash);
    expect(posted.status).toBe(422);
    expect(posted.json.error.code).toBe("reference_mismatch");
    expect((await checkout(x.id)).status).toBe("open");
    expect((await checkout(own.id)).status).toBe("paid");
  });
});

/** SimpleAccount.execute(to, 0, data): one call, as the account's callData. */
function encodeExecute(call: UserOperationCall): Hex {
  return encodeFunctionData({
    abi: erc4337Artifacts.SimpleAccount.abi,
    functionName: "execute",
    args: [call.to, call.value ?? 0n, call.data],
  });
}
