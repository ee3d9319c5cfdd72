import { and, eq } from "drizzle-orm";
import type { Hash } from "viem";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { chainCursors, events, invoices, payments, webhookDeliveries } from "../../db/schema";
import { cancelInvoice } from "../../invoices/cancelInvoice";
import { expireOverdueInvoices } from "../../invoices/expireInvoices";
import {
  chainClients,
  createMerchant,
  emptyAccount,
  rpcUrl,
  walletFor,
} from "../../tooling/testing/fixtures";
import {
  checkout,
  eventTypes,
  fund,
  localWatcher,
  newInvoice,
  payByWallet,
  paymentRows,
  plainTransfer,
  requireConfirmations,
  resetChainSettings,
  submitHash,
  usdcOption,
} from "../../tooling/testing/payments";
import { startRpcProxy } from "../../tooling/testing/rpcProxy";
import { createWebhookEndpoint } from "../../webhooks/endpoints";
import { recheckSubmissions } from "../submission/submissionChecks";

let apiKey: string;
beforeAll(async () => {
  ({ apiKey } = await createMerchant({ name: "Watcher Shop" }));
});

afterEach(resetChainSettings);

async function cursorRow() {
  const db = await getDb();
  const [row] = await db.select().from(chainCursors).where(eq(chainCursors.chainId, 31337));
  return row!;
}

describe("the watcher credits payments nobody posted", () => {
  it("a wallet payment (reference in the calldata) makes the invoice paid, once", async () => {
    const watcher = await localWatcher();
    await watcher.runOnce();
    const invoice = await newInvoice(apiKey, { amount: "12.50" });
    const hash = await payByWallet(1, usdcOption(invoice));

    const summary = await watcher.runOnce();
    expect(summary.credited).toBe(1);
    const after = await checkout(invoice.id);
    expect(after.status).toBe("paid");
    expect(after.exception).toBeNull();
    expect(after.payments).toHaveLength(1);
    expect(after.payments[0]).toMatchObject({ tx_hash: hash, amount: "12500000" });
    expect(await eventTypes(invoice.id)).toEqual(["invoice.created", "invoice.paid"]);

    // Passes over the same blocks, and the page posting the hash afterwards, change nothing.
    await watcher.runOnce();
    expect((await submitHash(invoice.id, hash)).outcome).toBe("credited");
    expect(await paymentRows(invoice.id)).toHaveLength(1);
    expect(await eventTypes(invoice.id)).toEqual(["invoice.created", "invoice.paid"]);
  });

  it("a payment mined while no watcher ran is credited by the next one, from the saved cursor", async () => {
    const first = await localWatcher();
    await first.runOnce();
    const saved = await cursorRow();

    const [a, b] = [await newInvoice(apiKey), await newInvoice(apiKey)];
    await payByWallet(2, usdcOption(a));
    await chainClients().testClient.mine({ blocks: 12 });
    await payByWallet(3, usdcOption(b));
    const head = await chainClients().publicClient.getBlockNumber({ cacheTime: 0 });

    // A new process: nothing in memory, only the cursor in the database. Small ranges on purpose.
    const proxy = await startRpcProxy({ target: rpcUrl() });
    try {
      const second = await localWatcher({ rpcUrl: proxy.url, maxLogRange: 5 });
      const summary = await second.runOnce();
      expect(summary.blocks).toBe(Number(head - saved.blockNumber));
      // 14 blocks in ranges of at most 5: three eth_getLogs calls, none skipped.
      expect(proxy.calls.get("eth_getLogs")).toBe(Math.ceil(Number(head - saved.blockNumber) / 5));
    } finally {
      await proxy.stop();
    }
    expect((await checkout(a.id)).status).toBe("paid");
    expect((await checkout(b.id)).status).toBe("paid");
    expect((await cursorRow()).blockNumber).toBe(head);
  });

  it("shrinks the block range when the RPC says it is too large, and still reads every block", async () => {
    const watcher = await localWatcher();
    await watcher.runOnce();
    const invoices = [await newInvoice(apiKey), await newInvoice(apiKey), await newInvoice(apiKey)];
    for (const invoice of invoices) {
      await payByWallet(4, usdcOption(invoice));
      await chainClients().testClient.mine({ blocks: 7 });
    }
    const proxy = await startRpcProxy({
      target: rpcUrl(),
      faults: { maxLogRange: 4 },
    });
    try {
      const limited = await localWatcher({ rpcUrl: proxy.url, maxLogRange: 1000 });
      await limited.runOnce();
      expect(proxy.injected.rangeTooLarge).toBeGreaterThan(0);
    } finally {
      await proxy.stop();
    }
    for (const invoice of invoices) expect((await checkout(invoice.id)).status).toBe("paid");
  });

  it("ignores transfers that match no invoice: no reference and no held amount", async () => {
    const watcher = await localWatcher();
    await watcher.runOnce();
    const invoice = await newInvoice(apiKey, { amount: "3.00" });
    const option = usdcOption(invoice);
    // The exact invoice amount, but without the reference: nothing says which invoice it pays.
    await plainTransfer(5, option.token.address, option.recipient, 3_000_000n);
    // Another invoice's reference paid to this merchant's address is not this invoice's money.
    const other = await newInvoice((await createMerchant()).apiKey, { amount: "3.00" });
    await payByWallet(5, { ...usdcOption(other), recipient: option.recipient }, 3_000_000n);

    const summary = await watcher.runOnce();
    expect(summary.candidates).toBeGreaterThanOrEqual(2);
    expect(summary.credited).toBe(0);
    expect((await checkout(invoice.id)).status).toBe("open");
    expect((await checkout(other.id)).status).toBe("open");
    expect(await paymentRows(invoice.id)).toEqual([]);
  });

  it("makes the same number of RPC calls per block with 2 or 40 open invoices", async () => {
    const proxy = await startRpcProxy({ target: rpcUrl() });
    try {
      const watcher = await localWatcher({ rpcUrl: proxy.url });
      const callsForOnePayment = async () => {
        await watcher.runOnce();
        const invoice = await newInvoice(apiKey);
        await payByWallet(6, usdcOption(invoice));
        proxy.resetCounts();
        await watcher.runOnce();
        expect((await checkout(invoice.id)).status).toBe("paid");
        return Object.fromEntries(proxy.calls);
      };
      const few = await callsForOnePayment();
      for (let i = 0; i < 40; i++) await newInvoice(apiKey);
      const many = await callsForOnePayment();
      expect(many).toEqual(few);
      // The head, the logs of the new block, the one candidate transaction.
      expect(few).toEqual({ eth_getBlockByNumber: 1, eth_getLogs: 1, eth_getTransactionByHash: 1 });
    } finally {
      await proxy.stop();
    }
  });
});

describe("exceptions, as the watcher finds them", () => {
  it("a payment above the amount is overpaid; another one after it was paid is multiple_payments", async () => {
    const watcher = await localWatcher();
    await watcher.runOnce();
    const over = await newInvoice(apiKey, { amount: "5.00" });
    await payByWallet(1, usdcOption(over), 5_500_000n);
    const twice = await newInvoice(apiKey, { amount: "5.00" });
    await payByWallet(2, usdcOption(twice));
    await watcher.runOnce();
    expect(await checkout(over.id)).toMatchObject({ status: "paid", exception: "overpaid" });
    expect(await checkout(twice.id)).toMatchObject({ status: "paid", exception: null });

    // The shopper pays the same invoice again from the page's transaction they kept.
    await payByWallet(3, usdcOption(twice));
    await watcher.runOnce();
    const after = await checkout(twice.id);
    expect(after).toMatchObject({ status: "paid", exception: "multiple_payments" });
    expect(after.payments).toHaveLength(2);
    expect(await eventTypes(twice.id)).toEqual([
      "invoice.created",
      "invoice.paid",
      "invoice.multiple_payments",
    ]);
  });
});

describe("reorgs", () => {
  it("a payment whose block is reorganised away is dropped; the cursor walks back", async () => {
    requireConfirmations(3);
    const { apiKey, merchant } = await createMerchant({ name: "Reorg Shop" });
    const { endpoint } = await createWebhookEndpoint(await getDb(), {
      merchantId: merchant.id,
      livemode: false,
      body: { url: "http://127.0.0.1:9/hooks", enabled_events: ["invoice.reverted"] },
    });
    const watcher = await localWatcher();
    await watcher.runOnce();
    const invoice = await newInvoice(apiKey);
    const { testClient } = chainClients();
    const snapshot = await testClient.snapshot();
    await payByWallet(7, usdcOption(invoice));
    await watcher.runOnce();
    expect((await checkout(invoice.id)).status).toBe("processing");
    const before = await cursorRow();

    await testClient.revert({ id: snapshot });
    await testClient.mine({ blocks: 3 });
    const summary = await watcher.runOnce();
    expect(summary.reorg).toBe(true);
    const after = await checkout(invoice.id);
    expect(after.status).toBe("open");
    expect(after.payments).toEqual([]);
    const cursor = await cursorRow();
    expect(cursor.blockNumber).toBeGreaterThanOrEqual(before.blockNumber);
    expect(cursor.blockHash).not.toBe(before.blockHash);
    // A merchant who acted on invoice.processing hears it was undone, with the invoice open again.
    expect(await eventTypes(invoice.id)).toEqual([
      "invoice.created",
      "invoice.processing",
      "invoice.reverted",
    ]);
    const db = await getDb();
    const [reverted] = await db
      .select()
      .from(events)
      .where(and(eq(events.invoiceId, invoice.id), eq(events.type, "invoice.reverted")));
    expect(reverted!.data).toMatchObject({ id: invoice.id, status: "open", payments: [] });
    // Queued for the endpoint that subscribed to it, with the event (the outbox).
    const queued = await db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, endpoint.id));
    expect(queued.map((row) => row.eventId)).toEqual([reverted!.id]);
  });

  it("a payment re-mined in another block at another log index counts once", async () => {
    requireConfirmations(3);
    const watcher = await localWatcher();
    const payer = await emptyAccount();
    const invoice = await newInvoice(apiKey);
    const option = usdcOption(invoice);
    await fund(payer.address, option.token.address, 20_000_000n);
    await watcher.runOnce();

    const { testClient, publicClient } = chainClients();
    const wallet = walletFor(payer);
    const request = await wallet.prepareTransactionRequest({
      to: option.transaction.to,
      data: option.transaction.data,
    });
    const signed = await wallet.signTransaction(request);
    const snapshot = await testClient.snapshot();
    const hash = await wallet.sendRawTransaction({ serializedTransaction: signed });
    await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    await watcher.runOnce();
    const [first] = await paymentRows(invoice.id);
    expect(first).toMatchObject({ txHash: hash, logIndex: 0, status: "confirming" });

    // Another history: someone else's transfer comes first, then the very same transaction.
    await testClient.revert({ id: snapshot });
    await testClient.setAutomine(false);
    // Paying a higher tip puts it first in the block.
    const other = await walletFor(1).sendTransaction({
      to: option.token.address,
      data: option.transaction.data.slice(0, 138) as Hash,
      maxFeePerGas: request.maxFeePerGas! * 4n,
      maxPriorityFeePerGas: request.maxPriorityFeePerGas! * 4n + 1n,
    });
    await wallet.sendRawTransaction({ serializedTransaction: signed });
    await testClient.mine({ blocks: 1 });
    expect((await publicClient.getTransactionReceipt({ hash: other })).status).toBe("success");
    expect((await publicClient.getTransactionReceipt({ hash })).logs[0]!.logIndex).toBe(1);
    await testClient.setAutomine(true);

    const summary = await watcher.runOnce();
    expect(summary.reorg).toBe(true);
    const [moved] = await paymentRows(invoice.id);
    expect(moved).toMatchObject({ txHash: hash, logIndex: 1 });
    expect(moved!.blockHash).not.toBe(first!.blockHash);

    await testClient.mine({ blocks: 2 });
    await watcher.runOnce();
    const after = await checkout(invoice.id);
    expect(after.status).toBe("paid");
    expect(after.payments).toHaveLength(1);
    expect(after.payments[0]).toMatchObject({ tx_hash: hash, log_index: 1, status: "confirmed" });
  });
});

describe("sped-up and replaced transactions", () => {
  it("the replacement (same data, same nonce, higher fees) is credited; the posted hash shows replaced", async () => {
    const watcher = await localWatcher();
    await watcher.runOnce();
    const invoice = await newInvoice(apiKey, { amount: "4.20" });
    const option = usdcOption(invoice);
    const payer = await emptyAccount();
    await fund(payer.address, option.token.address, 10_000_000n);
    const { testClient, publicClient } = chainClients();
    await testClient.setAutomine(false);

    const wallet = walletFor(payer);
    const fees = await publicClient.estimateFeesPerGas();
    const slow = await wallet.sendTransaction({
      to: option.transaction.to,
      data: option.transaction.data,
      maxFeePerGas: fees.maxFeePerGas,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
    });
    expect((await submitHash(invoice.id, slow)).outcome).toBe("pending");
    const { nonce } = await publicClient.getTransaction({ hash: slow });
    const fast = await wallet.sendTransaction({
      to: option.transaction.to,
      data: option.transaction.data,
      nonce,
      maxFeePerGas: fees.maxFeePerGas * 2n,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas * 2n,
    });
    expect(fast).not.toBe(slow);
    await testClient.mine({ blocks: 1 });
    expect((await publicClient.getTransactionReceipt({ hash: fast })).status).toBe("success");
    await expect(publicClient.getTransactionReceipt({ hash: slow })).rejects.toThrow();

    await watcher.runOnce();
    await watcher.runOnce();
    const after = await checkout(invoice.id);
    expect(after.status).toBe("paid");
    expect(after.payments.map((payment) => payment.tx_hash)).toEqual([fast]);
    expect(after.submissions).toEqual([
      expect.objectContaining({ tx_hash: slow, status: "replaced" }),
    ]);
    expect(await eventTypes(invoice.id)).toEqual(["invoice.created", "invoice.paid"]);
  });

  it("a posted hash canceled in the wallet is marked replaced and the invoice stays payable", async () => {
    const invoice = await newInvoice(apiKey, { amount: "4.30" });
    const option = usdcOption(invoice);
    const payer = await emptyAccount();
    await fund(payer.address, option.token.address, 10_000_000n);
    const { testClient, publicClient } = chainClients();
    await testClient.setAutomine(false);
    const wallet = walletFor(payer);
    const fees = await publicClient.estimateFeesPerGas();
    const posted = await wallet.sendTransaction({
      to: option.transaction.to,
      data: option.transaction.data,
      maxFeePerGas: fees.maxFeePerGas,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
    });
    expect((await submitHash(invoice.id, posted)).outcome).toBe("pending");
    const { nonce } = await publicClient.getTransaction({ hash: posted });
    // "Cancel" in a wallet: a 0-value transaction to oneself with the same nonce.
    await wallet.sendTransaction({
      to: payer.address,
      value: 0n,
      nonce,
      maxFeePerGas: fees.maxFeePerGas * 2n,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas * 2n,
    });
    await testClient.mine({ blocks: 1 });

    await recheckSubmissions(await getDb());
    const after = await checkout(invoice.id);
    expect(after.status).toBe("open");
    expect(after.payment_options.length).toBeGreaterThan(0);
    expect(after.submissions).toEqual([
      expect.objectContaining({ tx_hash: posted, status: "replaced" }),
    ]);
  });
});

describe("a canceled invoice paid anyway", () => {
  it("the watcher records a transfer nobody posted: still canceled, paid_after_cancel, one event", async () => {
    const watcher = await localWatcher();
    await watcher.runOnce();
    const invoice = await newInvoice(apiKey, { amount: "7.00" });
    const db = await getDb();
    await db.transaction((tx) => cancelInvoice(tx, invoice.id));
    // The shopper sent the page's transaction without it ever being posted.
    const hash = await payByWallet(2, usdcOption(invoice));

    const summary = await watcher.runOnce();
    expect(summary.credited).toBe(1);
    const after = await checkout(invoice.id);
    expect(after).toMatchObject({
      status: "canceled",
      exception: "paid_after_cancel",
      amount_paid: "7.00",
    });
    expect(after.payments).toEqual([
      expect.objectContaining({ tx_hash: hash, amount: "7000000", status: "confirmed" }),
    ]);
    expect(await eventTypes(invoice.id)).toEqual([
      "invoice.created",
      "invoice.canceled",
      "invoice.paid_after_cancel",
    ]);

    // A second transfer to it is recorded too, with no new event; a rerun adds nothing.
    await payByWallet(3, usdcOption(invoice), 1_000_000n);
    await watcher.runOnce();
    await watcher.runOnce();
    expect(await paymentRows(invoice.id)).toHaveLength(2);
    expect(await checkout(invoice.id)).toMatchObject({
      status: "canceled",
      exception: "paid_after_cancel",
      amount_paid: "8.00",
    });
    expect(await eventTypes(invoice.id)).toHaveLength(3);
  });

  it("a hash posted as the merchant cancels, mined later, is recorded on recheck", async () => {
    const invoice = await newInvoice(apiKey, { amount: "7.10" });
    const db = await getDb();
    await db.transaction((tx) => cancelInvoice(tx, invoice.id));
    const { testClient } = chainClients();
    await testClient.setAutomine(false);
    const option = usdcOption(invoice);
    const hash = await walletFor(4).sendTransaction({
      to: option.transaction.to,
      data: option.transaction.data,
    });
    expect((await submitHash(invoice.id, hash)).outcome).toBe("pending");
    await testClient.mine({ blocks: 1 });
    await recheckSubmissions(db);
    const after = await checkout(invoice.id);
    expect(after).toMatchObject({ status: "canceled", exception: "paid_after_cancel" });
    expect(after.submissions[0]).toMatchObject({ tx_hash: hash, status: "credited" });
  });
});

describe("expiry and the monitoring window", () => {
  it("a full payment after expiry, within the window, makes the invoice paid and paid_late", async () => {
    const watcher = await localWatcher();
    await watcher.runOnce();
    const invoice = await newInvoice(apiKey, { amount: "6.00" });
    const db = await getDb();
    await db
      .update(invoices)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(invoices.id, invoice.id));
    await expireOverdueInvoices(db);
    expect((await checkout(invoice.id)).status).toBe("expired");

    // The shopper kept the page's transaction (or the manual amount) and pays late.
    await plainTransfer(
      1,
      usdcOption(invoice).token.address,
      usdcOption(invoice).recipient,
      BigInt(usdcOption(invoice).manual!.amount),
    );
    await watcher.runOnce();
    const after = await checkout(invoice.id);
    expect(after).toMatchObject({ status: "paid", exception: "paid_late" });
    expect(await eventTypes(invoice.id)).toEqual([
      "invoice.created",
      "invoice.expired",
      "invoice.paid",
      "invoice.paid_late",
    ]);
  });

  it("after the window the invoice's targets stop being watched and its manual amounts are released", async () => {
    const watcher = await localWatcher();
    const invoice = await newInvoice(apiKey, { amount: "6.10" });
    const db = await getDb();
    // Expired two days ago: the 24-hour window is over.
    await db
      .update(invoices)
      .set({ expiresAt: new Date(Date.now() - 2 * 86_400_000) })
      .where(eq(invoices.id, invoice.id));
    const { paymentTargets, manualAmounts } = await import("../../db/schema");
    await db
      .update(paymentTargets)
      .set({ watchUntil: new Date(Date.now() - 86_400_000) })
      .where(eq(paymentTargets.invoiceId, invoice.id));
    await chainClients().testClient.mine({ blocks: 1 });
    await watcher.runOnce();
    const targets = await db
      .select()
      .from(paymentTargets)
      .where(eq(paymentTargets.invoiceId, invoice.id));
    expect(targets.every((target) => !target.active)).toBe(true);
    const held = await db
      .select()
      .from(manualAmounts)
      .where(eq(manualAmounts.invoiceId, invoice.id));
    expect(held.length).toBeGreaterThan(0);
    expect(held.every((row) => row.releasedAt !== null)).toBe(true);

    // A late transfer now is not credited: too late, and nobody watches for it.
    await payByWallet(2, usdcOption(invoice));
    await watcher.runOnce();
    expect(await paymentRows(invoice.id)).toEqual([]);
  });
});

describe("confirmations", () => {
  it("a watcher-found payment is processing until N blocks deep, then paid", async () => {
    requireConfirmations(2);
    const watcher = await localWatcher();
    await watcher.runOnce();
    const invoice = await newInvoice(apiKey);
    await payByWallet(3, usdcOption(invoice));
    await watcher.runOnce();
    expect((await checkout(invoice.id)).payments[0]).toMatchObject({
      status: "confirming",
      confirmations: 1,
    });
    await chainClients().testClient.mine({ blocks: 1 });
    await watcher.runOnce();
    const after = await checkout(invoice.id);
    expect(after.status).toBe("paid");
    expect(after.payments[0]).toMatchObject({ status: "confirmed", confirmations: 2 });
  });
});

it("keeps one payment row per transfer whichever path sees it first", async () => {
  const watcher = await localWatcher();
  await watcher.runOnce();
  const invoice = await newInvoice(apiKey);
  const hash = await payByWallet(4, usdcOption(invoice));
  await Promise.all([
    submitHash(invoice.id, hash),
    watcher.runOnce(),
    submitHash(invoice.id, hash),
  ]);
  const db = await getDb();
  expect(await db.select().from(payments).where(eq(payments.txHash, hash))).toHaveLength(1);
  expect((await checkout(invoice.id)).status).toBe("paid");
});
