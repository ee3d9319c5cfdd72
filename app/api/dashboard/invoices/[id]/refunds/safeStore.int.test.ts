import { count, eq } from "drizzle-orm";
import { type Address, encodeFunctionData, erc20Abi, type Hash, parseEther } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { beforeAll, describe, expect, it } from "vitest";
import { devAccount } from "@/lib/chains/devAccounts";
import { addMember } from "@/lib/dashboard/sessions";
import { getDb } from "@/lib/db/client";
import { invoices, refunds } from "@/lib/db/schema";
import { sessionHeaders } from "@/lib/tooling/testing/dashboard";
import {
  callRoute,
  chainClients,
  createMerchant,
  rpcUrl,
  tokenBalance,
} from "@/lib/tooling/testing/fixtures";
import {
  checkout,
  fund,
  localWatcher,
  newInvoice,
  payByWallet,
  paymentRows,
  plainTransfer,
  usdcOption,
} from "@/lib/tooling/testing/payments";
import {
  createSafe,
  deploySafeContracts,
  type SafeContracts,
  type TestSafe,
} from "@/lib/tooling/testing/safe";
import { POST as refundRoute } from "./route";

// A store whose settlement address is a Safe (@safe-global/safe-smart-account 1.5.0): shoppers pay
// it like any address, the Safe is the store's owner member (its owners sign in as it), and a
// refund it sends by execTransaction is verified from the transaction's Transfer log, whose sender
// is the Safe, whoever sent the transaction.

const newAccount = () => privateKeyToAccount(generatePrivateKey());
const deployer = newAccount();
const owners = [newAccount(), newAccount(), newAccount()] as const;
const payer = devAccount(1);
let contracts: SafeContracts;
let safe: TestSafe;
let merchantId: string;
let apiKey: string;
let headers: Awaited<ReturnType<typeof sessionHeaders>>;

beforeAll(async () => {
  const { testClient } = chainClients();
  await testClient.setBalance({ address: deployer.address, value: parseEther("10") });
  contracts = await deploySafeContracts(rpcUrl(), deployer);
  safe = await createSafe(rpcUrl(), contracts, { owners, threshold: 2, deployer });
  const created = await createMerchant({ name: "Safe Store", settlementAddress: safe.address });
  merchantId = created.merchant.id;
  apiKey = created.apiKey;
  await addMember(await getDb(), { merchantId, address: safe.address, role: "owner" });
  headers = await sessionHeaders({ address: safe.address, merchantId });
});

/** A USDC transfer of `amount` to `to`, as the Safe's call. */
const usdcTransfer = (token: Address, to: Address, amount: bigint) => ({
  to: token,
  data: encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [to, amount] }),
});

function postRefund(invoiceId: string, body: Record<string, unknown>) {
  return callRoute(refundRoute, {
    method: "POST",
    path: `/api/dashboard/invoices/${invoiceId}/refunds`,
    params: { id: invoiceId },
    headers,
    body,
  });
}

async function refundState(invoiceId: string) {
  const db = await getDb();
  const [invoice] = await db.select().from(invoices).where(eq(invoices.id, invoiceId));
  const [rows] = await db
    .select({ n: count() })
    .from(refunds)
    .where(eq(refunds.invoiceId, invoiceId));
  return { amountRefunded: invoice!.amountRefunded, refunds: rows!.n };
}

describe("a store paid to a Safe", () => {
  it("an ordinary wallet's payment to the Safe is found by the watcher and credited; the Safe holds it", async () => {
    const watcher = await localWatcher();
    await watcher.runOnce();
    const invoice = await newInvoice(apiKey, { amount: "7.25" });
    const option = usdcOption(invoice);
    expect(option.recipient).toBe(safe.address);
    const before = await tokenBalance(option.token.address, safe.address);
    const hash = await payByWallet(1, option);

    expect((await watcher.runOnce()).credited).toBe(1);
    const after = await checkout(invoice.id);
    expect(after.status).toBe("paid");
    expect(after.payments).toEqual([expect.objectContaining({ tx_hash: hash, amount: "7250000" })]);
    expect(await tokenBalance(option.token.address, safe.address)).toBe(before + 7_250_000n);
  });

  it("a refund the Safe sends by execTransaction is verified and recorded as from the Safe; one from an owner's own wallet, or from another Safe, is refused and writes nothing", async () => {
    const invoice = await newInvoice(apiKey, { amount: "10.00" });
    const option = usdcOption(invoice);
    const usdc = option.token.address;
    await payByWallet(1, option);
    await localWatcher().then((watcher) => watcher.runOnce());
    const [payment] = await paymentRows(invoice.id);
    expect(payment!.status).toBe("confirmed");
    const body = (txHash: Hash, amount: string) => ({
      payment_id: payment!.id,
      chain_id: 31337,
      tx_hash: txHash,
      to: payer.address,
      amount,
    });

    // An owner refunding from its own wallet: the owner is not the store's wallet.
    await fund(owners[0].address, usdc, 5_000_000n);
    await chainClients().testClient.setBalance({
      address: owners[0].address,
      value: parseEther("1"),
    });
    const fromOwner = await plainTransfer(owners[0], usdc, payer.address, 1_000_000n);
    // Another Safe of the same owners is another address.
    const otherSafe = await createSafe(rpcUrl(), contracts, { owners, threshold: 2, deployer });
    await fund(otherSafe.address, usdc, 5_000_000n);
    const fromOtherSafe = await otherSafe.execute(usdcTransfer(usdc, payer.address, 1_000_000n), {
      executor: deployer,
    });
    const before = await refundState(invoice.id);
    for (const hash of [fromOwner, fromOtherSafe]) {
      const refused = await postRefund(invoice.id, body(hash, "1.00"));
      expect(refused.status, JSON.stringify(refused.json)).toBe(400);
      expect(refused.json.error).toMatchObject({ code: "refund_invalid", param: "tx_hash" });
      expect(refused.json.error.message).toContain("merchant's wallets");
    }
    expect(await refundState(invoice.id)).toEqual(before);

    // The Safe's owners sign; anyone (here the deployer) sends the transaction.
    const refundHash = await safe.execute(usdcTransfer(usdc, payer.address, 4_000_000n), {
      signers: [owners[1], owners[2]],
      executor: deployer,
    });
    const recorded = await postRefund(invoice.id, body(refundHash, "4.00"));
    expect(recorded.status, JSON.stringify(recorded.json)).toBe(201);
    expect(recorded.json.refund).toMatchObject({
      tx_hash: refundHash,
      from: safe.address,
      to: payer.address,
      amount: "4.00",
      status: "confirmed",
    });
    expect(recorded.json.invoice).toMatchObject({
      amount_refunded: "4.00",
      refund_status: "partially_refunded",
    });
    const after = await refundState(invoice.id);
    expect(after.refunds).toBe(before.refunds + 1);
    expect(after.amountRefunded).toBeGreaterThan(before.amountRefunded);
  });
});
