import { eq } from "drizzle-orm";
import { type Address, getAddress, hashTypedData, type PrivateKeyAccount, parseEther } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { getPaymentChains } from "@/lib/chains/registry";
import { addMember } from "@/lib/dashboard/sessions";
import { getDb } from "@/lib/db/client";
import { merchants } from "@/lib/db/schema";
import { signatureValid } from "@/lib/merchants/confirmSettlement";
import { settlementConfirmationTypedData } from "@/lib/merchants/settlementConfirmation";
import { deployErc1271Wallet } from "@/lib/tooling/testing/contracts";
import { sessionHeaders, signedInMerchant, TEST_PUBLIC_URL } from "@/lib/tooling/testing/dashboard";
import {
  callRoute,
  chainClients,
  emptyAccount,
  rpcUrl,
  walletFor,
} from "@/lib/tooling/testing/fixtures";
import { freePort } from "@/lib/tooling/testing/free-port";
import { createSafe, deploySafeContracts } from "@/lib/tooling/testing/safe";
import { POST as createMerchantRoute } from "../merchants/route";
import { POST } from "./route";

const LOCAL_CHAIN = 31337;

async function merchantRow(id: string) {
  const [row] = await (await getDb()).select().from(merchants).where(eq(merchants.id, id));
  return row!;
}

const newAccount = () => privateKeyToAccount(generatePrivateKey());

/**
 * A confirmation signed by `signer` for `merchantId`, as the settings page sends it. Each field
 * of the signed message can be made wrong on its own; `sent` changes what the request says.
 */
async function confirmation(
  signer: PrivateKeyAccount,
  merchantId: string,
  options: {
    address?: Address;
    deployment?: string;
    signedChainId?: number;
    issuedAt?: Date;
    sent?: Partial<{ address: string; chain_id: number; issued_at: string }>;
  } = {},
) {
  const address = options.address ?? signer.address;
  const issuedAt = (options.issuedAt ?? new Date()).toISOString();
  const signature = await signer.signTypedData(
    settlementConfirmationTypedData({
      deployment: options.deployment ?? TEST_PUBLIC_URL,
      merchantId,
      address,
      chainId: options.signedChainId ?? LOCAL_CHAIN,
      issuedAt,
    }),
  );
  return { address, chain_id: LOCAL_CHAIN, issued_at: issuedAt, signature, ...options.sent };
}

describe("settlement address confirmation", () => {
  it("the signed-in wallet's own address and an unchanged one need no confirmation", async () => {
    const { merchant, owner, headers } = await signedInMerchant();
    const own = await callRoute(POST, {
      headers,
      body: {
        settlement_address: owner.address.toLowerCase(),
        settlement_overrides: { [LOCAL_CHAIN]: owner.address },
      },
    });
    expect(own.status, JSON.stringify(own.json)).toBe(200);
    expect(own.json.merchant).toMatchObject({
      settlement_address: owner.address,
      settlement_overrides: { [LOCAL_CHAIN]: owner.address },
    });

    // Another owner of the same store saves the addresses as they are: nothing to confirm.
    const second = newAccount();
    await addMember(await getDb(), {
      merchantId: merchant.id,
      address: second.address,
      role: "owner",
    });
    const again = await callRoute(POST, {
      headers: await sessionHeaders({ address: second.address, merchantId: merchant.id }),
      body: {
        name: "Same addresses",
        settlement_address: owner.address,
        settlement_overrides: { [LOCAL_CHAIN]: owner.address },
      },
    });
    expect(again.status, JSON.stringify(again.json)).toBe(200);
    expect(again.json.merchant.name).toBe("Same addresses");
  });

  it("another wallet's address is saved with its valid confirmation, and only then", async () => {
    const { merchant, headers } = await signedInMerchant();
    const payee = newAccount();
    const before = await merchantRow(merchant.id);

    const bare = await callRoute(POST, {
      headers,
      body: { name: "Renamed?", settlement_address: payee.address },
    });
    expect(bare.status).toBe(422);
    expect(bare.json.error).toMatchObject({
      code: "settlement_unconfirmed",
      param: "settlement_address",
    });
    expect(bare.json.error.message).toContain(payee.address);
    expect(await merchantRow(merchant.id)).toEqual(before);

    const confirmed = await callRoute(POST, {
      headers,
      body: {
        settlement_address: payee.address,
        settlement_confirmations: [await confirmation(payee, merchant.id)],
      },
    });
    expect(confirmed.status, JSON.stringify(confirmed.json)).toBe(200);
    expect(confirmed.json.merchant.settlement_address).toBe(payee.address);
    expect((await merchantRow(merchant.id)).settlementAddress).toBe(payee.address);

    // A chain's override is checked on that chain.
    const chainPayee = newAccount();
    const override = await callRoute(POST, {
      headers,
      body: {
        settlement_overrides: { [LOCAL_CHAIN]: chainPayee.address },
        settlement_confirmations: [await confirmation(chainPayee, merchant.id)],
      },
    });
    expect(override.status, JSON.stringify(override.json)).toBe(200);
    expect(override.json.merchant.settlement_overrides).toEqual({
      [LOCAL_CHAIN]: chainPayee.address,
    });
  });

  it.each<{
    name: string;
    make: (
      merchantId: string,
      payee: PrivateKeyAccount,
    ) => Promise<Record<string, unknown>> | Record<string, unknown>;
    code: string;
    status?: number;
    param?: string;
  }>([
    {
      name: "signed by another wallet",
      make: (id, payee) => confirmation(newAccount(), id, { address: payee.address }),
      code: "invalid_signature",
    },
    {
      name: "signed for another merchant",
      make: (_id, payee) => confirmation(payee, "mer_someoneelse"),
      code: "invalid_signature",
    },
    {
      name: "signed for another deployment",
      make: (id, payee) => confirmation(payee, id, { deployment: "https://pay.elsewhere.example" }),
      code: "invalid_signature",
    },
    {
      name: "signed on another chain",
      make: (id, payee) => confirmation(payee, id, { signedChainId: 1 }),
      code: "invalid_signature",
    },
    {
      name: "sent with another time than the one signed",
      make: async (id, payee) => {
        const signed = await confirmation(payee, id, { issuedAt: new Date(Date.now() - 60_000) });
        return { ...signed, issued_at: new Date().toISOString() };
      },
      code: "invalid_signature",
    },
    {
      name: "issued 16 minutes ago",
      make: (id, payee) =>
        confirmation(payee, id, { issuedAt: new Date(Date.now() - 16 * 60_000) }),
      code: "confirmation_expired",
    },
    {
      name: "issued 5 minutes from now",
      make: (id, payee) => confirmation(payee, id, { issuedAt: new Date(Date.now() + 5 * 60_000) }),
      code: "confirmation_expired",
    },
    {
      name: "a garbage signature",
      make: async (id, payee) => ({
        ...(await confirmation(payee, id)),
        signature: `0x${"ab".repeat(65)}`,
      }),
      code: "invalid_signature",
    },
    {
      name: "a signature that is not hex",
      make: async (id, payee) => ({ ...(await confirmation(payee, id)), signature: "signed!" }),
      code: "parameter_invalid",
      status: 400,
      param: "settlement_confirmations.0.signature",
    },
    {
      name: "naming a chain this deployment does not run",
      make: (id, payee) => confirmation(payee, id, { signedChainId: 1, sent: { chain_id: 1 } }),
      code: "parameter_invalid",
      status: 400,
      param: "settlement_confirmations.0.chain_id",
    },
    {
      name: "for another address",
      make: (id) => confirmation(newAccount(), id),
      code: "settlement_unconfirmed",
    },
    {
      name: "with a time that is not ISO 8601",
      make: async (id, payee) => ({
        ...(await confirmation(payee, id)),
        issued_at: "yesterday",
      }),
      code: "parameter_invalid",
      status: 400,
      param: "settlement_confirmations.0.issued_at",
    },
  ])("a confirmation $name is refused ($code) and nothing is saved", async (bad) => {
    const { merchant, headers } = await signedInMerchant();
    const payee = newAccount();
    const before = await merchantRow(merchant.id);
    const { status, json } = await callRoute(POST, {
      headers,
      body: {
        name: "Written?",
        settlement_address: payee.address,
        settlement_confirmations: [await bad.make(merchant.id, payee)],
      },
    });
    expect(status, JSON.stringify(json)).toBe(bad.status ?? 422);
    expect(json.error.code).toBe(bad.code);
    expect(json.error.param).toBe(bad.param ?? "settlement_address");
    expect(await merchantRow(merchant.id)).toEqual(before);
  });

  it("an override's confirmation must be for its own chain", async () => {
    const { merchant, headers } = await signedInMerchant();
    const payee = newAccount();
    const before = await merchantRow(merchant.id);
    const { status, json } = await callRoute(POST, {
      headers,
      body: {
        settlement_overrides: { [LOCAL_CHAIN]: payee.address },
        settlement_confirmations: [
          await confirmation(payee, merchant.id, { signedChainId: 1, sent: { chain_id: 1 } }),
        ],
      },
    });
    expect(status).toBe(422);
    expect(json.error).toMatchObject({
      code: "settlement_unconfirmed",
      param: `settlement_overrides.${LOCAL_CHAIN}`,
    });
    expect(json.error.message).toContain("another chain");
    expect(await merchantRow(merchant.id)).toEqual(before);
  });

  it("a contract wallet confirms through ERC-1271; a signature its owner did not make is refused", async () => {
    const { merchant, headers } = await signedInMerchant();
    const { publicClient } = chainClients();
    const keyHolder = newAccount();
    const contractWallet = getAddress(
      await deployErc1271Wallet(walletFor(await emptyAccount()), publicClient, keyHolder.address),
    );
    const before = await merchantRow(merchant.id);

    const stranger = await callRoute(POST, {
      headers,
      body: {
        settlement_address: contractWallet,
        settlement_confirmations: [
          await confirmation(newAccount(), merchant.id, { address: contractWallet }),
        ],
      },
    });
    expect(stranger.status).toBe(422);
    expect(stranger.json.error.code).toBe("invalid_signature");
    expect(await merchantRow(merchant.id)).toEqual(before);

    const vouched = await callRoute(POST, {
      headers,
      body: {
        settlement_address: contractWallet,
        settlement_confirmations: [
          await confirmation(keyHolder, merchant.id, { address: contractWallet }),
        ],
      },
    });
    expect(vouched.status, JSON.stringify(vouched.json)).toBe(200);
    expect(vouched.json.merchant.settlement_address).toBe(contractWallet);

    // The key holder's own address is a different address: its signature confirms only itself.
    const ownKey = await callRoute(POST, {
      headers,
      body: {
        settlement_overrides: { [LOCAL_CHAIN]: keyHolder.address },
        settlement_confirmations: [
          await confirmation(keyHolder, merchant.id, { address: contractWallet }),
        ],
      },
    });
    expect(ownKey.status).toBe(422);
    expect(ownKey.json.error.code).toBe("settlement_unconfirmed");
  });

  it("a Safe's owners confirm it as the settlement address (their SafeMessage signatures, ERC-1271); one owner short, or a non-owner, is refused", async () => {
    const { merchant, headers } = await signedInMerchant();
    const deployer = newAccount();
    await chainClients().testClient.setBalance({
      address: deployer.address,
      value: parseEther("10"),
    });
    const owners = [newAccount(), newAccount(), newAccount()];
    const contracts = await deploySafeContracts(rpcUrl(), deployer);
    const safe = await createSafe(rpcUrl(), contracts, { owners, threshold: 2, deployer });
    const issuedAt = new Date().toISOString();
    const typedData = settlementConfirmationTypedData({
      deployment: TEST_PUBLIC_URL,
      merchantId: merchant.id,
      address: safe.address,
      chainId: LOCAL_CHAIN,
      issuedAt,
    });
    const confirm = async (signers: PrivateKeyAccount[]) =>
      callRoute(POST, {
        headers,
        body: {
          settlement_address: safe.address,
          settlement_confirmations: [
            {
              address: safe.address,
              chain_id: LOCAL_CHAIN,
              issued_at: issuedAt,
              signature: await safe.signHash(hashTypedData(typedData), signers),
            },
          ],
        },
      });
    const before = await merchantRow(merchant.id);
    for (const signers of [[owners[0]!], [owners[0]!, newAccount()]]) {
      const refused = await confirm(signers);
      expect(refused.status).toBe(422);
      expect(refused.json.error).toMatchObject({
        code: "invalid_signature",
        param: "settlement_address",
      });
      expect(await merchantRow(merchant.id)).toEqual(before);
    }

    const confirmed = await confirm([owners[2]!, owners[1]!]);
    expect(confirmed.status, JSON.stringify(confirmed.json)).toBe(200);
    expect(confirmed.json.merchant.settlement_address).toBe(safe.address);
    expect((await merchantRow(merchant.id)).settlementAddress).toBe(safe.address);
  });

  it("a new store is paid to the signed-in wallet; another address is refused until it is confirmed in the settings", async () => {
    const headers = await sessionHeaders();
    const refused = await callRoute(createMerchantRoute, {
      headers,
      body: { name: "Pays elsewhere", settlement_address: newAccount().address },
    });
    expect(refused.status).toBe(422);
    expect(refused.json.error).toMatchObject({
      code: "settlement_unconfirmed",
      param: "settlement_address",
    });
    // No store was made: the wallet still has none.
    const none = await callRoute(POST, { headers, body: { name: "Nobody's" } });
    expect(none.json.error.code).toBe("merchant_required");
    const created = await callRoute(createMerchantRoute, {
      headers,
      body: { name: "Pays itself", settlement_address: headers.address.toLowerCase() },
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    expect(created.json.merchant.settlement_address).toBe(headers.address);
  });
  it("a chain that cannot be asked is chain_unavailable (ask again), not a bad signature", async () => {
    const signer = newAccount();
    const typedData = settlementConfirmationTypedData({
      deployment: TEST_PUBLIC_URL,
      merchantId: "mer_x",
      address: signer.address,
      chainId: LOCAL_CHAIN,
      issuedAt: new Date().toISOString(),
    });
    const signature = await signer.signTypedData(typedData);
    const chain = getPaymentChains()[0]!;
    expect(await signatureValid(chain, signer.address, typedData, signature)).toBe(true);
    const down = { ...chain, rpcUrl: `http://127.0.0.1:${await freePort()}` };
    await expect(signatureValid(down, signer.address, typedData, signature)).rejects.toMatchObject({
      code: "chain_unavailable",
      retryAfterSeconds: 5,
    });
  });
});
