import { count, eq } from "drizzle-orm";
import {
  type Address,
  type Hex,
  hashMessage,
  parseAbi,
  parseEther,
  serializeErc6492Signature,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPaymentChains } from "@/lib/chains/registry";
import { addMember } from "@/lib/dashboard/sessions";
import { verifySignIn } from "@/lib/dashboard/siwe";
import { getDb } from "@/lib/db/client";
import { dashboardSessions } from "@/lib/db/schema";
import { DomainError } from "@/lib/errors";
import { signInMessage, TEST_PUBLIC_URL } from "@/lib/tooling/testing/dashboard";
import {
  bundlerClientFor,
  deployErc4337Contracts,
  type Erc4337Contracts,
  sendUserOperation,
  startBundler,
  type TestBundler,
  toTestSimpleAccount,
} from "@/lib/tooling/testing/erc4337";
import { callRoute, chainClients, createMerchant, rpcUrl } from "@/lib/tooling/testing/fixtures";
import { freePort } from "@/lib/tooling/testing/free-port";
import {
  counterfactualSafe,
  createSafe,
  deploySafeContracts,
  type SafeContracts,
  type TestSafe,
} from "@/lib/tooling/testing/safe";
import { GET as nonceRoute } from "./nonce/route";
import { POST as verifyRoute } from "./verify/route";

// Signing in as a smart account, with the real contracts on the local chain: a Safe
// (@safe-global/safe-smart-account 1.5.0) answers ERC-1271 for its owners' SafeMessage signatures
// through its CompatibilityFallbackHandler; one not deployed yet signs by ERC-6492, wrapping the
// proxy factory's call that would create it. viem's verifyMessage (the chain's public client)
// decides; nothing here checks a signature by hand.

const newAccount = () => privateKeyToAccount(generatePrivateKey());
// A deployer of this file's own, so no other file's transactions share its nonces.
const deployer = newAccount();
let contracts: SafeContracts;
let single: TestSafe;
let multi: TestSafe;
const owners = [newAccount(), newAccount(), newAccount()] as const;

beforeAll(async () => {
  await chainClients().testClient.setBalance({
    address: deployer.address,
    value: parseEther("10"),
  });
  contracts = await deploySafeContracts(rpcUrl(), deployer);
  single = await createSafe(rpcUrl(), contracts, { owners: [owners[0]], threshold: 1, deployer });
  multi = await createSafe(rpcUrl(), contracts, { owners, threshold: 2, deployer });
});

async function nonce(): Promise<string> {
  const { status, json } = await callRoute(nonceRoute);
  expect(status).toBe(200);
  return json.nonce;
}

/** A sign-in as `address`, the message signed by `sign` (given the message and its EIP-191 hash). */
async function signInAs(address: Address, sign: (message: string, hash: Hex) => Promise<Hex>) {
  const message = signInMessage({ address }, await nonce());
  const signature = await sign(message, hashMessage(message));
  return callRoute(verifyRoute, {
    body: { message, signature },
    headers: { origin: TEST_PUBLIC_URL },
  });
}

async function sessionCount(address: Address): Promise<number> {
  const [row] = await (await getDb())
    .select({ n: count() })
    .from(dashboardSessions)
    .where(eq(dashboardSessions.address, address));
  return row!.n;
}

/** Asserts a refused sign-in: 401 siwe_invalid, no cookie, no session row for `address`. */
async function expectRefused(
  address: Address,
  answer: Awaited<ReturnType<typeof signInAs>>,
): Promise<void> {
  expect(answer.status, JSON.stringify(answer.json)).toBe(401);
  expect(answer.json.error.code).toBe("siwe_invalid");
  expect(answer.json.error.message).toMatch(/does not match/);
  expect(answer.headers.get("set-cookie")).toBeNull();
  expect(await sessionCount(address)).toBe(0);
}

describe("signing in as a Safe (ERC-1271)", () => {
  it("a 1-of-1 Safe signs in as itself with its owner's SafeMessage signature", async () => {
    const answer = await signInAs(single.address, (_, hash) => single.signHash(hash));
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    expect(answer.json).toMatchObject({ address: single.address, merchant_id: null });
    expect(answer.headers.get("set-cookie")).toMatch(/^checkout_session=/);
    expect(await sessionCount(single.address)).toBe(1);
  });

  it("a 2-of-3 Safe signs in with any two owners' signatures", async () => {
    const answer = await signInAs(multi.address, (_, hash) =>
      multi.signHash(hash, [owners[2], owners[0]]),
    );
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    expect(answer.json.address).toBe(multi.address);
  });

  it("refuses, writing no session: one owner short of the threshold, a non-owner with an owner, a non-owner's for a 1-of-1, the owners' signature of another message, the owner's own signature of the message", async () => {
    // Safes of their own, so no earlier sign-in's session is counted.
    const lone = await createSafe(rpcUrl(), contracts, {
      owners: [owners[0]],
      threshold: 1,
      deployer,
    });
    const pair = await createSafe(rpcUrl(), contracts, { owners, threshold: 2, deployer });
    const stranger = newAccount();
    const cases: [TestSafe, (message: string, hash: Hex) => Promise<Hex>][] = [
      [pair, (_, hash) => pair.signHash(hash, [owners[1]])],
      [pair, (_, hash) => pair.signHash(hash, [owners[1], stranger])],
      [lone, (_, hash) => lone.signHash(hash, [stranger])],
      [lone, async () => lone.signHash(hashMessage("Sign in to another site."))],
      // The owner's ECDSA signature of the message is the owner's, not the Safe's.
      [lone, (message) => owners[0].signMessage({ message })],
    ];
    for (const [safe, sign] of cases) {
      await expectRefused(safe.address, await signInAs(safe.address, sign));
    }
  });

  it("a Safe not deployed yet signs in by ERC-6492 (the factory call that creates it wraps the owners' signature), and stays undeployed", async () => {
    const future = await counterfactualSafe(rpcUrl(), contracts, { owners, threshold: 2 });
    const wrap = (signature: Hex) =>
      serializeErc6492Signature({
        address: future.factory,
        data: future.factoryData,
        signature,
      });
    const short = await signInAs(future.address, async (_, hash) =>
      wrap(await future.signHash(hash, [owners[0]])),
    );
    await expectRefused(future.address, short);
    const foreign = await signInAs(future.address, async (_, hash) =>
      wrap(await future.signHash(hash, [owners[0], newAccount()])),
    );
    await expectRefused(future.address, foreign);

    const answer = await signInAs(future.address, async (_, hash) =>
      wrap(await future.signHash(hash)),
    );
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    expect(answer.json.address).toBe(future.address);
    // The check simulated the deployment; it sent nothing.
    expect(await chainClients().publicClient.getCode({ address: future.address })).toBeUndefined();
  });

  it("a store whose settlement address and owner member is a Safe: its owners sign in straight to it as the Safe", async () => {
    const { merchant } = await createMerchant({
      name: "Safe Store",
      settlementAddress: multi.address,
    });
    await addMember(await getDb(), {
      merchantId: merchant.id,
      address: multi.address,
      role: "owner",
    });
    const answer = await signInAs(multi.address, (_, hash) => multi.signHash(hash));
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    expect(answer.json).toMatchObject({
      address: multi.address,
      merchant_id: merchant.id,
      role: "owner",
    });
    // An owner's own wallet is not the Safe: it is not a member of the store.
    const ownWallet = await signInAs(owners[0].address, (message) =>
      owners[0].signMessage({ message }),
    );
    expect(ownWallet.status).toBe(200);
    expect(ownWallet.json).toMatchObject({ merchant_id: null, memberships: [] });
  });
});

describe("the chain that checks a contract's signature cannot be asked", () => {
  it("a Safe's sign-in is chain_unavailable (503, ask again), not a failed sign-in; an ordinary account still signs in, checked locally", async () => {
    const down = [{ ...getPaymentChains()[0]!, rpcUrl: `http://127.0.0.1:${await freePort()}` }];
    const db = await getDb();
    const attempt = async (address: Address, sign: (message: string) => Promise<Hex>) => {
      const message = signInMessage({ address }, await nonce());
      return verifySignIn(db, {
        message,
        signature: await sign(message),
        publicUrl: TEST_PUBLIC_URL,
        chains: down,
      });
    };
    const error = await attempt(single.address, (message) =>
      single.signHash(hashMessage(message)),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: "chain_unavailable", retryAfterSeconds: 5 });
    expect((error as Error).message).not.toContain("127.0.0.1");

    const person = newAccount();
    expect(await attempt(person.address, (message) => person.signMessage({ message }))).toBe(
      person.address,
    );
  });
});

describe("signing in as an ERC-4337 SimpleAccount", () => {
  let erc4337: Erc4337Contracts;
  let bundler: TestBundler;
  beforeAll(async () => {
    erc4337 = await deployErc4337Contracts(rpcUrl(), deployer);
    bundler = await startBundler(rpcUrl(), erc4337.entryPoint);
  });
  afterAll(async () => {
    await bundler?.stop();
  });

  // SimpleAccount 0.8 (@account-abstraction/contracts) has no isValidSignature: it vouches for
  // user operations only, so no signature, its owner's included, makes it sign in. Its factory
  // creates accounts only for the EntryPoint (SenderCreator), so an ERC-6492 wrapper cannot
  // deploy one either.
  it("refuses its owner's signature, wrapped by ERC-6492 before it is deployed and plain after; no session", async () => {
    const owner = newAccount();
    const account = await toTestSimpleAccount({ rpcUrl: rpcUrl(), contracts: erc4337, owner });
    const { factory, factoryData } = await account.getFactoryArgs();
    const wrapped = await signInAs(account.address, async (message) =>
      serializeErc6492Signature({
        address: factory!,
        data: factoryData!,
        signature: await owner.signMessage({ message }),
      }),
    );
    await expectRefused(account.address, wrapped);

    // Its first user operation deploys it (through the bundler and the EntryPoint).
    const { publicClient, testClient } = chainClients();
    await testClient.setBalance({ address: account.address, value: parseEther("1") });
    const sent = await sendUserOperation(bundlerClientFor(rpcUrl(), bundler, account), [
      { to: owner.address, data: "0x" },
    ]);
    expect(sent.receipt.success).toBe(true);
    expect(await publicClient.getCode({ address: account.address })).toBeTruthy();
    await expect(
      publicClient.readContract({
        address: account.address,
        abi: parseAbi(["function isValidSignature(bytes32, bytes) view returns (bytes4)"]),
        functionName: "isValidSignature",
        args: [hashMessage("anything"), "0x"],
      }),
    ).rejects.toThrow();
    const deployed = await signInAs(account.address, (message) => owner.signMessage({ message }));
    await expectRefused(account.address, deployed);
  });
});
