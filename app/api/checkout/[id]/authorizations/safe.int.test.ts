import { count, eq } from "drizzle-orm";
import { type Address, hashTypedData, type LocalAccount, parseEther } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getPaymentChains } from "@/lib/chains/registry";
import { resetConfigForTests } from "@/lib/config/config";
import { getDb } from "@/lib/db/client";
import { invoices, relayerTransactions } from "@/lib/db/schema";
import { forgetRelayerStates, relayerState } from "@/lib/relayer/relayerState";
import { tendRelayer } from "@/lib/relayer/tendRelayer";
import {
  callRoute,
  chainClients,
  createMerchant,
  rpcUrl,
  tokenBalance,
} from "@/lib/tooling/testing/fixtures";
import { checkout, fund, newInvoice, type Option } from "@/lib/tooling/testing/payments";
import { createSafe, deploySafeContracts, type TestSafe } from "@/lib/tooling/testing/safe";
import { authorizationBody } from "@/lib/tooling/testing/signAuthorization";
import { POST as postAuthorizationRoute } from "./route";

// A Safe (@safe-global/safe-smart-account 1.5.0) pays gasless: its owners sign the option's
// EIP-3009 authorization as a SafeMessage, the Safe answers for it under ERC-1271, the relayer
// checks that answer with viem before it broadcasts, and Circle's FiatToken 2.2 asks the Safe
// again in transferWithAuthorization(..., bytes signature).

// This file relays with a key of its own, so other files relaying at once never share its nonces.
const relayerKey = generatePrivateKey();
const relayer = privateKeyToAccount(relayerKey);
const newAccount = () => privateKeyToAccount(generatePrivateKey());
const deployer = newAccount();
const owners = [newAccount(), newAccount(), newAccount()] as const;
const chain = () => getPaymentChains()[0]!;
let apiKey: string;
let single: TestSafe;
let multi: TestSafe;

beforeAll(async () => {
  process.env.RELAYER_PRIVATE_KEY_31337 = relayerKey;
  resetConfigForTests();
  forgetRelayerStates();
  const { testClient } = chainClients();
  await testClient.setBalance({ address: relayer.address, value: parseEther("10") });
  await testClient.setBalance({ address: deployer.address, value: parseEther("10") });
  ({ apiKey } = await createMerchant({ name: "Gasless Safe Shop" }));
  const contracts = await deploySafeContracts(rpcUrl(), deployer);
  single = await createSafe(rpcUrl(), contracts, { owners: [owners[0]], threshold: 1, deployer });
  multi = await createSafe(rpcUrl(), contracts, { owners, threshold: 2, deployer });
});

afterEach(() => {
  resetConfigForTests();
  forgetRelayerStates();
});

afterAll(() => {
  delete process.env.RELAYER_PRIVATE_KEY_31337;
  resetConfigForTests();
  forgetRelayerStates();
});

async function gaslessInvoice() {
  const invoice = await newInvoice(apiKey, { amount: "12.50", currency: "USD" });
  await relayerState(chain(), 0);
  const view = await checkout(invoice.id);
  const option = view.payment_options.find((candidate) => candidate.token.symbol === "USDC")!;
  expect(option.authorization).not.toBeNull();
  return { invoice, option };
}

/** The option's authorization with `from` the Safe, signed by `signers` as the Safe's SafeMessage. */
async function safeAuthorization(safe: TestSafe, option: Option, signers?: LocalAccount[]) {
  const typed = option.authorization!;
  const message = {
    from: safe.address,
    to: typed.message.to,
    value: BigInt(typed.message.value),
    validAfter: BigInt(typed.message.validAfter),
    validBefore: BigInt(typed.message.validBefore),
    nonce: typed.message.nonce,
  };
  const hash = hashTypedData({
    domain: { ...typed.domain },
    types: typed.types,
    primaryType: "TransferWithAuthorization",
    message,
  });
  return authorizationBody({
    chainId: option.chain_id,
    token: option.token.address,
    from: safe.address,
    value: message.value,
    validAfter: message.validAfter,
    validBefore: message.validBefore,
    nonce: message.nonce,
    signature: await safe.signHash(hash, signers),
  });
}

function post(invoiceId: string, body: Record<string, unknown>) {
  return callRoute(postAuthorizationRoute, {
    method: "POST",
    path: `/api/checkout/${invoiceId}/authorizations`,
    params: { id: invoiceId },
    body,
  });
}

async function relayerSnapshot() {
  const { publicClient } = chainClients();
  const [rows] = await (await getDb()).select({ n: count() }).from(relayerTransactions);
  return {
    nonce: await publicClient.getTransactionCount({ address: relayer.address }),
    recorded: rows!.n,
  };
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

describe("a Safe pays gasless (ERC-1271 through FiatToken 2.2)", () => {
  for (const [label, safe, signers] of [
    // One owner's signature is 65 bytes, the length of an ECDSA signature: it recovers to no
    // owner of the Safe, so the relayer asks the Safe.
    ["a 1-of-1 Safe", () => single, () => [owners[0]]],
    ["a 2-of-3 Safe", () => multi, () => [owners[2], owners[1]]],
  ] as const) {
    it(`${label}: its owners sign, the relayer verifies and relays it, the invoice is paid from the Safe`, async () => {
      const { invoice, option } = await gaslessInvoice();
      const usdc = option.token.address as Address;
      await fund(safe().address, usdc, 20_000_000n);
      const before = await tokenBalance(usdc, safe().address);
      const answer = await post(
        invoice.id,
        await safeAuthorization(safe(), option, [...signers()]),
      );
      expect(answer.status, JSON.stringify(answer.json)).toBe(202);
      const receipt = await chainClients().publicClient.waitForTransactionReceipt({
        hash: answer.json.tx_hash,
      });
      expect(receipt.status).toBe("success");
      expect(receipt.from.toLowerCase()).toBe(relayer.address.toLowerCase());
      expect((await settle(invoice.id)).status).toBe("paid");
      expect(await tokenBalance(usdc, safe().address)).toBe(before - 12_500_000n);
      // The Safe holds no ether and spent none.
      expect(await chainClients().publicClient.getBalance({ address: safe().address })).toBe(0n);
    });
  }

  it("refuses before the broadcast, spending nothing: a non-owner's signature, one owner short of the threshold, the owners' signature for another amount", async () => {
    const { invoice, option } = await gaslessInvoice();
    const usdc = option.token.address as Address;
    await fund(multi.address, usdc, 20_000_000n);
    await fund(single.address, usdc, 20_000_000n);
    const balance = await tokenBalance(usdc, multi.address);
    const before = await relayerSnapshot();
    const otherAmount = await safeAuthorization(multi, {
      ...option,
      authorization: {
        ...option.authorization!,
        message: { ...option.authorization!.message, value: "1" },
      },
    });
    const cases = [
      await safeAuthorization(single, option, [newAccount()]),
      await safeAuthorization(multi, option, [owners[0], newAccount()]),
      await safeAuthorization(multi, option, [owners[0]]),
      { ...(await safeAuthorization(multi, option)), signature: otherAmount.signature },
    ];
    for (const body of cases) {
      const answer = await post(invoice.id, body);
      expect(answer.status, JSON.stringify(answer.json)).toBe(422);
      expect(answer.json.error).toMatchObject({ code: "invalid_signature", param: "signature" });
    }
    expect(await relayerSnapshot()).toEqual(before);
    expect((await checkout(invoice.id)).status).toBe("open");
    expect(await tokenBalance(usdc, multi.address)).toBe(balance);
  });
});
