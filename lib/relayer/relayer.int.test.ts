import { and, asc, count, eq } from "drizzle-orm";
import {
  type Address,
  encodeFunctionData,
  type Hex,
  type PrivateKeyAccount,
  parseEther,
  parseSignature,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { devAccount } from "../chains/devAccounts";
import { eip3009Abi } from "../chains/eip3009";
import { getPaymentChains } from "../chains/registry";
import { resetConfigForTests } from "../config/config";
import { type Database, getDatabaseHandle, getDb, openDatabase } from "../db/client";
import { invoices, payments, relayerTransactions } from "../db/schema";
import { DomainError } from "../errors";
import { updateMerchant } from "../merchants/merchants";
import { deployHarness } from "../tooling/testing/contracts";
import { delegatedAccount, deploySimple7702Account } from "../tooling/testing/eip7702";
import {
  chainClients,
  createMerchant,
  rpcUrl,
  send,
  tokenBalance,
  walletFor,
} from "../tooling/testing/fixtures";
import {
  checkout,
  eventTypes,
  fund,
  localWatcher,
  newInvoice,
  resetChainSettings,
} from "../tooling/testing/payments";
import { signAuthorization } from "../tooling/testing/signAuthorization";
import { type PostedAuthorization, relayAuthorization } from "./relayAuthorization";
import { forgetRelayerStates, relayerState } from "./relayerState";
import { RESEND_AFTER_MS, tendRelayer } from "./tendRelayer";

// This file relays with a key of its own, so other files relaying at once never share its nonces.
const relayerKey = generatePrivateKey();
const relayer = privateKeyToAccount(relayerKey);
let apiKey: string;
let merchantId: string;
let merchantAddress: Address;
const chain = () => getPaymentChains()[0]!;

beforeAll(async () => {
  process.env.RELAYER_PRIVATE_KEY_31337 = relayerKey;
  resetConfigForTests();
  forgetRelayerStates();
  await chainClients().testClient.setBalance({ address: relayer.address, value: parseEther("10") });
  const created = await createMerchant({ name: "Gasless Shop" });
  apiKey = created.apiKey;
  merchantId = created.merchant.id;
  merchantAddress = created.merchant.settlementAddress as Address;
});

afterEach(async () => {
  await resetChainSettings();
  delete process.env.GAS_TOKEN_PRICE_31337_USD;
  delete process.env.RELAYER_DAILY_BUDGET_31337;
  resetConfigForTests();
  forgetRelayerStates();
});

afterAll(() => {
  delete process.env.RELAYER_PRIVATE_KEY_31337;
  resetConfigForTests();
  forgetRelayerStates();
});

/** A shopper holding `amount` USDC and no ether at all. */
async function shopperWithoutGas(usdc: Address, amount = 100_000_000n): Promise<PrivateKeyAccount> {
  const account = privateKeyToAccount(generatePrivateKey());
  await fund(account.address, usdc, amount);
  return account;
}

async function gaslessInvoice(body: Record<string, unknown> = {}) {
  const invoice = await newInvoice(apiKey, { amount: "12.50", currency: "USD", ...body });
  await relayerState(chain(), 0);
  const view = await checkout(invoice.id);
  const option = view.payment_options.find((candidate) => candidate.token.symbol === "USDC")!;
  return { invoice, option };
}

async function relayerSnapshot() {
  const db = await getDb();
  const { publicClient } = chainClients();
  const [rows] = await db.select({ n: count() }).from(relayerTransactions);
  return {
    balance: await publicClient.getBalance({ address: relayer.address }),
    nonce: await publicClient.getTransactionCount({ address: relayer.address }),
    recorded: rows!.n,
  };
}

async function refusal(run: Promise<unknown>): Promise<{ code: string; param: string | null }> {
  try {
    await run;
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, param: error.param };
    throw error;
  }
  throw new Error("expected a refusal");
}

async function settle(invoiceId: string) {
  const db = await getDb();
  for (let i = 0; i < 50; i++) {
    await tendRelayer(db, chain());
    const [row] = await db.select().from(invoices).where(eq(invoices.id, invoiceId));
    if (row!.status === "paid") return row!;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`invoice ${invoiceId} was not paid`);
}

describe("gasless payment by EIP-3009 signature, relayed", () => {
  it("a shopper with 0 ETH pays; the same authorization again is refused with nothing spent", async () => {
    const { invoice, option } = await gaslessInvoice();
    expect(option.authorization).not.toBeNull();
    const shopper = await shopperWithoutGas(option.token.address);
    const { publicClient } = chainClients();
    expect(await publicClient.getBalance({ address: shopper.address })).toBe(0n);
    const merchantBefore = await tokenBalance(option.token.address, merchantAddress);

    const authorization = await signAuthorization(shopper, option);
    const db = await getDb();
    const { txHash } = await relayAuthorization(db, { invoiceId: invoice.id, authorization });
    const receipt = await publicClient.waitForTransactionReceipt({ hash: txHash });
    expect(receipt.status).toBe("success");
    expect(receipt.from.toLowerCase()).toBe(relayer.address.toLowerCase());
    const paid = await settle(invoice.id);

    expect(paid.status).toBe("paid");
    expect(await tokenBalance(option.token.address, merchantAddress)).toBe(
      merchantBefore + 12_500_000n,
    );
    expect(await publicClient.getBalance({ address: shopper.address })).toBe(0n);
    expect(await eventTypes(invoice.id)).toEqual(
      expect.arrayContaining(["invoice.created", "invoice.paid"]),
    );
    const [row] = await db
      .select()
      .from(relayerTransactions)
      .where(eq(relayerTransactions.invoiceId, invoice.id));
    expect(row!.status).toBe("mined");
    expect(row!.feePaid).toBe(receipt.gasUsed * receipt.effectiveGasPrice);
    console.log(`transferWithAuthorization relayed: ${receipt.gasUsed} gas`);

    const before = await relayerSnapshot();
    expect(await refusal(relayAuthorization(db, { invoiceId: invoice.id, authorization }))).toEqual(
      { code: "invoice_not_payable", param: null },
    );
    // Replayed for another open invoice of the same amount: its nonce is not that invoice's.
    const second = await gaslessInvoice();
    expect(
      await refusal(relayAuthorization(db, { invoiceId: second.invoice.id, authorization })),
    ).toMatchObject({ code: "authorization_mismatch", param: "nonce" });
    expect(await relayerSnapshot()).toEqual(before);
  });

  it("refuses a wrong recipient, a lower value, a closing window, another key's signature and an unfunded payer, with the relayer's balance unchanged", async () => {
    const { invoice, option } = await gaslessInvoice();
    const shopper = await shopperWithoutGas(option.token.address);
    const stranger = privateKeyToAccount(generatePrivateKey());
    const db = await getDb();
    const before = await relayerSnapshot();
    const relay = (authorization: PostedAuthorization, now?: Date) =>
      refusal(relayAuthorization(db, { invoiceId: invoice.id, authorization, now }));

    // Signed to pay the stranger: the relayer builds the call to the merchant, so it is not the payer's.
    expect(
      await relay(await signAuthorization(shopper, option, { to: stranger.address })),
    ).toMatchObject({
      code: "invalid_signature",
    });
    expect(
      await relay({ ...(await signAuthorization(shopper, option)), to: stranger.address }),
    ).toMatchObject({
      code: "authorization_mismatch",
      param: "to",
    });
    const lower = BigInt(option.amount) - 1n;
    expect(await relay(await signAuthorization(shopper, option, { value: lower }))).toMatchObject({
      code: "authorization_mismatch",
      param: "value",
    });
    const late = new Date(new Date(invoice.expires_at).getTime() - 5_000);
    expect(await relay(await signAuthorization(shopper, option), late)).toMatchObject({
      code: "authorization_expired",
    });
    expect(
      await relay(await signAuthorization(stranger, option, { from: shopper.address })),
    ).toMatchObject({
      code: "invalid_signature",
    });
    const broke = privateKeyToAccount(generatePrivateKey());
    expect(await relay(await signAuthorization(broke, option))).toMatchObject({
      code: "insufficient_balance",
    });
    expect(
      await relay({ ...(await signAuthorization(shopper, option)), nonce: `0x${"11".repeat(32)}` }),
    ).toMatchObject({ code: "authorization_mismatch", param: "nonce" });

    expect(await relayerSnapshot()).toEqual(before);
    const [unchanged] = await db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(unchanged!.status).toBe("open");
  });

  it("offers no authorization for USDT, for a merchant who turned it off, over the fee cap, or with an empty relayer", async () => {
    const { invoice } = await gaslessInvoice();
    const view = await checkout(invoice.id);
    const usdt = view.payment_options.find((option) => option.token.symbol === "USDT")!;
    expect(usdt.authorization).toBeNull();

    // Test ether priced so one payment's gas is worth far more than 0.05 USD.
    process.env.GAS_TOKEN_PRICE_31337_USD = "1000000000";
    resetConfigForTests();
    await relayerState(chain(), 0);
    const priced = await checkout(invoice.id);
    expect(priced.payment_options.every((option) => option.authorization === null)).toBe(true);
    delete process.env.GAS_TOKEN_PRICE_31337_USD;
    resetConfigForTests();

    const db = await getDb();
    await updateMerchant(db, merchantId, { gaslessEnabled: false });
    const off = await newInvoice(apiKey, { amount: "3.00", currency: "USD" });
    expect(off.payment_options.every((option) => option.authorization === null)).toBe(true);
    await updateMerchant(db, merchantId, { gaslessEnabled: true });

    const { testClient } = chainClients();
    const balance = await chainClients().publicClient.getBalance({ address: relayer.address });
    await testClient.setBalance({ address: relayer.address, value: 0n });
    await relayerState(chain(), 0);
    const empty = await checkout(invoice.id);
    expect(empty.payment_options.every((option) => option.authorization === null)).toBe(true);
    await testClient.setBalance({ address: relayer.address, value: balance });
  });

  it("refuses past the merchant's daily gas budget, and a second authorization while one is on its way", async () => {
    const db = await getDb();
    process.env.RELAYER_DAILY_BUDGET_31337 = "0.000000000000000001";
    resetConfigForTests();
    const { invoice, option } = await gaslessInvoice();
    const shopper = await shopperWithoutGas(option.token.address);
    expect(
      await refusal(
        relayAuthorization(db, {
          invoiceId: invoice.id,
          authorization: await signAuthorization(shopper, option),
        }),
      ),
    ).toMatchObject({ code: "relayer_unavailable" });
    delete process.env.RELAYER_DAILY_BUDGET_31337;
    resetConfigForTests();

    const other = await shopperWithoutGas(option.token.address);
    await chainClients().testClient.setAutomine(false);
    const authorization = await signAuthorization(shopper, option);
    await relayAuthorization(db, { invoiceId: invoice.id, authorization });
    expect(
      await refusal(
        relayAuthorization(db, {
          invoiceId: invoice.id,
          authorization: await signAuthorization(other, option),
        }),
      ),
    ).toMatchObject({ code: "payment_in_progress" });
    await chainClients().testClient.mine({ blocks: 1 });
    await settle(invoice.id);
  });

  it("a contract wallet (ERC-1271) pays with its owner's signature", async () => {
    const { deployErc1271Wallet } = await import("../tooling/testing/contracts");
    const { invoice, option } = await gaslessInvoice();
    const owner = privateKeyToAccount(generatePrivateKey());
    const { publicClient } = chainClients();
    const wallet = await deployErc1271Wallet(walletFor(2), publicClient, owner.address);
    await fund(wallet, option.token.address, 20_000_000n);
    const authorization = await signAuthorization(owner, option, { from: wallet });
    const db = await getDb();
    const { txHash } = await relayAuthorization(db, { invoiceId: invoice.id, authorization });
    await chainClients().publicClient.waitForTransactionReceipt({ hash: txHash });
    expect((await settle(invoice.id)).status).toBe("paid");
    expect(await tokenBalance(option.token.address, wallet)).toBe(7_500_000n);
  });
});

describe("gasless payment from an EIP-7702 account (an EOA with delegated code)", () => {
  // FiatToken 2.2 asks an account with code for ERC-1271 even when it signed by ECDSA, so the
  // delegate decides: Simple7702Account accepts its own account's signature, a bare batch executor
  // answers nothing.
  async function delegatedShopper(usdc: Address, implementation: Address) {
    const shopper = privateKeyToAccount(generatePrivateKey());
    const { testClient } = chainClients();
    await testClient.setBalance({ address: shopper.address, value: parseEther("1") });
    const account = delegatedAccount(rpcUrl(), shopper, implementation);
    await account.delegate();
    expect(await account.delegation()).toBe(implementation);
    // Gas only paid for the delegation: the payment itself costs the shopper nothing.
    await testClient.setBalance({ address: shopper.address, value: 0n });
    await fund(shopper.address, usdc, 20_000_000n);
    return shopper;
  }

  it("an account delegated to Simple7702Account pays with its own ECDSA signature", async () => {
    const { invoice, option } = await gaslessInvoice();
    const implementation = await deploySimple7702Account(rpcUrl(), devAccount(7));
    const shopper = await delegatedShopper(option.token.address, implementation);
    const db = await getDb();
    const before = await relayerSnapshot();

    // Another key's signature for the account is refused, the account's own ERC-1271 answer included.
    const forged = await signAuthorization(privateKeyToAccount(generatePrivateKey()), option, {
      from: shopper.address,
    });
    expect(
      await refusal(relayAuthorization(db, { invoiceId: invoice.id, authorization: forged })),
    ).toMatchObject({ code: "invalid_signature", param: "signature" });
    expect(await relayerSnapshot()).toEqual(before);

    const authorization = await signAuthorization(shopper, option);
    const { txHash } = await relayAuthorization(db, { invoiceId: invoice.id, authorization });
    const receipt = await chainClients().publicClient.waitForTransactionReceipt({ hash: txHash });
    expect(receipt.status).toBe("success");
    expect((await settle(invoice.id)).status).toBe("paid");
    expect(await tokenBalance(option.token.address, shopper.address)).toBe(7_500_000n);
    expect(await chainClients().publicClient.getBalance({ address: shopper.address })).toBe(0n);
  });

  it("an account delegated to code without ERC-1271 is refused before the broadcast, nothing spent", async () => {
    const { invoice, option } = await gaslessInvoice();
    const { batchCaller } = await deployHarness(rpcUrl(), devAccount(7));
    const shopper = await delegatedShopper(option.token.address, batchCaller);
    const db = await getDb();
    const before = await relayerSnapshot();

    const authorization = await signAuthorization(shopper, option);
    expect(
      await refusal(relayAuthorization(db, { invoiceId: invoice.id, authorization })),
    ).toMatchObject({ code: "invalid_signature" });
    expect(await relayerSnapshot()).toEqual(before);
    expect((await checkout(invoice.id)).status).toBe("open");
    expect(await tokenBalance(option.token.address, shopper.address)).toBe(20_000_000n);
  });
});

describe("a crash around the broadcast loses nothing and pays nothing twice", () => {
  it("killed right after the broadcast: the watcher credits it by its nonce, the relayer job records it, paid once", async () => {
    const { invoice, option } = await gaslessInvoice();
    const shopper = await shopperWithoutGas(option.token.address);
    const db = await getDb();
    const crash = new Error("killed");
    await expect(
      relayAuthorization(db, {
        invoiceId: invoice.id,
        authorization: await signAuthorization(shopper, option),
        faults: {
          afterBroadcast: () => {
            throw crash;
          },
        },
      }),
    ).rejects.toBe(crash);

    const watcher = await localWatcher();
    await watcher.runOnce();
    const [credited] = await db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(credited!.status).toBe("paid");
    const report = await tendRelayer(db, chain(), {
      now: new Date(Date.now() + RESEND_AFTER_MS * 2),
    });
    expect(report).toMatchObject({ mined: 1, resent: 0, bumped: 0, filled: 0 });
    await watcher.runOnce();
    expect(await db.select().from(payments).where(eq(payments.invoiceId, invoice.id))).toHaveLength(
      1,
    );
    expect(await tokenBalance(option.token.address, shopper.address)).toBe(
      100_000_000n - 12_500_000n,
    );
  });

  it("killed before the broadcast: the relayer job sends the recorded transaction", async () => {
    const { invoice, option } = await gaslessInvoice();
    const shopper = await shopperWithoutGas(option.token.address);
    const db = await getDb();
    await expect(
      relayAuthorization(db, {
        invoiceId: invoice.id,
        authorization: await signAuthorization(shopper, option),
        faults: {
          beforeBroadcast: () => {
            throw new Error("killed");
          },
        },
      }),
    ).rejects.toThrow("killed");
    const later = new Date(Date.now() + RESEND_AFTER_MS * 2);
    expect(await tendRelayer(db, chain(), { now: later })).toMatchObject({ resent: 1 });
    expect((await settle(invoice.id)).status).toBe("paid");
  });

  it("front-run while unsent: the front-runner pays the merchant, the relayer fills its nonce instead of paying twice", async () => {
    const { invoice, option } = await gaslessInvoice();
    const shopper = await shopperWithoutGas(option.token.address);
    const db = await getDb();
    const authorization = await signAuthorization(shopper, option);
    await expect(
      relayAuthorization(db, {
        invoiceId: invoice.id,
        authorization,
        faults: {
          beforeBroadcast: () => {
            throw new Error("killed");
          },
        },
      }),
    ).rejects.toThrow("killed");
    // Someone else broadcasts the same authorization first, from their own account.
    const { r, s, yParity } = parseSignature(authorization.signature);
    await send(3, {
      to: option.token.address,
      data: encodeFunctionData({
        abi: eip3009Abi,
        functionName: "transferWithAuthorization",
        args: [
          authorization.from,
          option.recipient,
          authorization.value,
          authorization.validAfter,
          authorization.validBefore,
          authorization.nonce,
          yParity + 27,
          r,
          s,
        ],
      }),
    });
    const watcher = await localWatcher();
    await watcher.runOnce();
    const [credited] = await db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(credited!.status).toBe("paid");

    const nonceBefore = await chainClients().publicClient.getTransactionCount({
      address: relayer.address,
    });
    const report = await tendRelayer(db, chain(), {
      now: new Date(Date.now() + RESEND_AFTER_MS * 2),
    });
    expect(report.filled).toBe(1);
    await tendRelayer(db, chain());
    const [row] = await db
      .select()
      .from(relayerTransactions)
      .where(eq(relayerTransactions.invoiceId, invoice.id));
    expect(row).toMatchObject({ kind: "filler", status: "mined" });
    expect(
      await chainClients().publicClient.getTransactionCount({ address: relayer.address }),
    ).toBe(nonceBefore + 1);
    expect(await tokenBalance(option.token.address, shopper.address)).toBe(
      100_000_000n - 12_500_000n,
    );
  });

  it("a transaction left below the market fee is re-signed at the same nonce with a higher one", async () => {
    const { invoice, option } = await gaslessInvoice();
    const shopper = await shopperWithoutGas(option.token.address);
    const db = await getDb();
    const { testClient, publicClient } = chainClients();
    await testClient.setAutomine(false);
    await relayAuthorization(db, {
      invoiceId: invoice.id,
      authorization: await signAuthorization(shopper, option),
    });
    const [sent] = await db
      .select()
      .from(relayerTransactions)
      .where(eq(relayerTransactions.invoiceId, invoice.id));
    // The market moves: the next block's base fee is far above what the transaction offers.
    await testClient.setNextBlockBaseFeePerGas({ baseFeePerGas: sent!.maxFeePerGas * 4n });
    await testClient.mine({ blocks: 1 });
    expect(
      await publicClient.getTransactionReceipt({ hash: sent!.txHash as Hex }).catch(() => null),
    ).toBeNull();

    const report = await tendRelayer(db, chain(), {
      now: new Date(Date.now() + RESEND_AFTER_MS * 2),
    });
    expect(report.bumped).toBe(1);
    const [bumped] = await db
      .select()
      .from(relayerTransactions)
      .where(eq(relayerTransactions.id, sent!.id));
    expect(bumped!.nonce).toBe(sent!.nonce);
    expect(bumped!.maxFeePerGas > sent!.maxFeePerGas).toBe(true);
    expect(bumped!.txHashes).toHaveLength(2);
    await testClient.mine({ blocks: 1 });
    expect((await settle(invoice.id)).status).toBe("paid");
    const [mined] = await db
      .select()
      .from(relayerTransactions)
      .where(eq(relayerTransactions.id, sent!.id));
    expect(mined!.status).toBe("mined");
    expect(mined!.txHash).toBe(bumped!.txHash);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)("two instances on one PostgreSQL", () => {
  it("relay 50 authorizations at once: 50 paid, no nonce reused or skipped", async () => {
    const first = await getDb();
    const handle = await getDatabaseHandle();
    const other = await openDatabase({ kind: "postgres", url: handle.url!, maxConnections: 10 });
    try {
      const startNonce = await chainClients().publicClient.getTransactionCount({
        address: relayer.address,
      });
      const jobs: { invoiceId: string; db: Database; authorization: PostedAuthorization }[] = [];
      for (let i = 0; i < 50; i++) {
        const { invoice, option } = await gaslessInvoice({ amount: "1.25" });
        const shopper = await shopperWithoutGas(option.token.address, 2_000_000n);
        jobs.push({
          invoiceId: invoice.id,
          db: i % 2 === 0 ? first : other.db,
          authorization: await signAuthorization(shopper, option),
        });
      }
      const results = await Promise.all(
        jobs.map(({ invoiceId, db, authorization }) =>
          relayAuthorization(db, { invoiceId, authorization }),
        ),
      );
      expect(new Set(results.map((result) => result.txHash)).size).toBe(50);
      for (const { invoiceId } of jobs) await settle(invoiceId);

      const rows = await first
        .select({ nonce: relayerTransactions.nonce, status: relayerTransactions.status })
        .from(relayerTransactions)
        .where(
          and(
            eq(relayerTransactions.relayerAddress, relayer.address.toLowerCase()),
            eq(relayerTransactions.kind, "authorization"),
          ),
        )
        .orderBy(asc(relayerTransactions.nonce));
      const fresh = rows.filter((row) => row.nonce >= BigInt(startNonce));
      expect(fresh.map((row) => row.nonce)).toEqual(
        Array.from({ length: 50 }, (_, i) => BigInt(startNonce + i)),
      );
      expect(fresh.every((row) => row.status === "mined")).toBe(true);
      expect(
        await chainClients().publicClient.getTransactionCount({ address: relayer.address }),
      ).toBe(startNonce + 50);
    } finally {
      await other.close();
    }
  }, 120_000);
});
