import { eq } from "drizzle-orm";
import type { Hash } from "viem";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as createInvoiceRoute } from "@/app/api/v1/invoices/route";
import { getPaymentChains } from "@/lib/chains/registry";
import { getDb } from "@/lib/db/client";
import { invoices, paymentSubmissions, payments } from "@/lib/db/schema";
import { expireOverdueInvoices } from "@/lib/invoices/expireInvoices";
import { confirmPayments } from "@/lib/payments/ledger/confirmPayments";
import { recheckSubmissions } from "@/lib/payments/submission/submissionChecks";
import {
  callRoute,
  chainClients,
  createMerchant,
  emptyAccount,
  walletFor,
} from "@/lib/tooling/testing/fixtures";
import {
  eventTypes,
  postHash,
  requireConfirmations,
  resetChainSettings,
} from "@/lib/tooling/testing/payments";
import { GET as checkoutRoute } from "../route";
import { POST as submitPaymentRoute } from "./route";

let apiKey: string;
beforeAll(async () => {
  ({ apiKey } = await createMerchant({ name: "Monitor Shop" }));
});

afterEach(resetChainSettings);

async function newInvoice(amount = "10.00") {
  const { json } = await callRoute(createInvoiceRoute, {
    apiKey,
    body: { amount, currency: "USD" },
  });
  return json;
}

async function view(id: string) {
  return (await callRoute(checkoutRoute, { params: { id } })).json;
}

const post = (id: string, hash: Hash) => postHash(submitPaymentRoute, id, hash);

describe("a hash posted before its transaction is mined", () => {
  it("is kept, checked again, and credited once mined", async () => {
    const invoice = await newInvoice();
    const { testClient } = chainClients();
    await testClient.setAutomine(false);
    const option = invoice.payment_options[0];
    const hash = await walletFor(1).sendTransaction({
      to: option.transaction.to,
      data: option.transaction.data,
    });

    const first = await post(invoice.id, hash);
    expect(first.status).toBe(202);
    expect(first.json.status).toBe("processing");
    expect((await view(invoice.id)).submissions[0]).toMatchObject({
      tx_hash: hash,
      status: "pending",
    });

    await testClient.mine({ blocks: 1 });
    await recheckSubmissions(await getDb());
    const after = await view(invoice.id);
    expect(after.status).toBe("paid");
    expect(after.submissions[0].status).toBe("credited");
  });

  it("that then fails on-chain is recorded as rejected with its reason", async () => {
    const invoice = await newInvoice();
    const { testClient } = chainClients();
    await testClient.setAutomine(false);
    const broke = await emptyAccount();
    const option = invoice.payment_options[0];
    const hash = await walletFor(broke).sendTransaction({
      to: option.transaction.to,
      data: option.transaction.data,
      gas: 100_000n,
    });
    expect((await post(invoice.id, hash)).status).toBe(202);
    await testClient.mine({ blocks: 1 });
    await recheckSubmissions(await getDb());
    const after = await view(invoice.id);
    expect(after.status).toBe("open");
    expect(after.submissions[0]).toMatchObject({
      status: "rejected",
      error_code: "transaction_failed",
    });
  });
});

describe("a hash that never lands", () => {
  it("stays unseen while checked, and is given up an hour after it was posted", async () => {
    const invoice = await newInvoice();
    const ghost = `0x${"cd".repeat(32)}` as Hash;
    expect((await post(invoice.id, ghost)).status).toBe(202);
    const db = await getDb();
    const [before] = await db
      .select()
      .from(paymentSubmissions)
      .where(eq(paymentSubmissions.txHash, ghost));
    await recheckSubmissions(db, new Date(Date.now() + 30 * 60 * 1000));
    const [checked] = await db
      .select()
      .from(paymentSubmissions)
      .where(eq(paymentSubmissions.txHash, ghost));
    expect(checked).toMatchObject({ status: "unseen", updatedAt: before!.updatedAt, checks: 1 });

    await recheckSubmissions(db, new Date(Date.now() + 61 * 60 * 1000));
    const after = await view(invoice.id);
    expect(after.submissions[0]).toMatchObject({ tx_hash: ghost, status: "abandoned" });
    // The invoice was never held by it.
    expect(after.status).toBe("open");
  });
});

describe("confirmations", () => {
  it("a payment is processing until it is N blocks deep, then paid", async () => {
    requireConfirmations(3);
    const invoice = await newInvoice();
    const option = invoice.payment_options[0];
    const hash = await walletFor(2).sendTransaction({
      to: option.transaction.to,
      data: option.transaction.data,
    });
    await chainClients().publicClient.waitForTransactionReceipt({ hash });

    const { status, json } = await post(invoice.id, hash);
    expect(status).toBe(200);
    expect(json.status).toBe("processing");
    expect(json.invoice.status).toBe("processing");
    expect(json.invoice.payments[0]).toMatchObject({ status: "confirming", confirmations: 1 });

    const db = await getDb();
    const chain = getPaymentChains()[0]!;
    await chainClients().testClient.mine({ blocks: 1 });
    await confirmPayments(db, chain);
    expect((await view(invoice.id)).payments[0]).toMatchObject({
      status: "confirming",
      confirmations: 2,
    });

    await chainClients().testClient.mine({ blocks: 1 });
    await confirmPayments(db, chain);
    const after = await view(invoice.id);
    expect(after.status).toBe("paid");
    expect(after.payments[0]).toMatchObject({ status: "confirmed", confirmations: 3 });
    expect(await eventTypes(invoice.id)).toEqual([
      "invoice.created",
      "invoice.processing",
      "invoice.paid",
    ]);
  });

  it("a transfer whose block is reorganised away is dropped and the invoice returns to open", async () => {
    requireConfirmations(3);
    const invoice = await newInvoice();
    const { testClient, publicClient } = chainClients();
    const snapshot = await testClient.snapshot();
    const option = invoice.payment_options[0];
    const hash = await walletFor(3).sendTransaction({
      to: option.transaction.to,
      data: option.transaction.data,
    });
    await publicClient.waitForTransactionReceipt({ hash });
    expect((await post(invoice.id, hash)).json.invoice.status).toBe("processing");

    await testClient.revert({ id: snapshot });
    await testClient.mine({ blocks: 3 });
    await confirmPayments(await getDb(), getPaymentChains()[0]!);

    const after = await view(invoice.id);
    expect(after.status).toBe("open");
    expect(after.payments).toEqual([]);
    // The hash is watched again, in case the transaction is mined anew; gone from the node's pool,
    // it holds nothing meanwhile.
    expect(after.submissions[0]).toMatchObject({ tx_hash: hash, status: "unseen" });
    const db = await getDb();
    expect(await db.select().from(payments).where(eq(payments.txHash, hash))).toEqual([]);
  });
});

describe("expiry", () => {
  it("an open invoice past its deadline becomes expired, with an event", async () => {
    const invoice = await newInvoice();
    const db = await getDb();
    await db
      .update(invoices)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invoices.id, invoice.id));
    expect(await expireOverdueInvoices(db)).toBeGreaterThanOrEqual(1);
    const after = await view(invoice.id);
    expect(after.status).toBe("expired");
    expect(after.payment_options).toEqual([]);
    expect(await eventTypes(invoice.id)).toEqual(["invoice.created", "invoice.expired"]);
    // A second sweep changes nothing and emits nothing.
    await expireOverdueInvoices(db);
    expect(await eventTypes(invoice.id)).toEqual(["invoice.created", "invoice.expired"]);
  });
});
