import { count } from "drizzle-orm";
import { type PrivateKeyAccount, zeroAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetConfigForTests } from "@/lib/config/config";
import { getDb } from "@/lib/db/client";
import { apiKeys, events, merchantMembers, merchants } from "@/lib/db/schema";
import { runAdminCommand } from "@/lib/merchants/adminCommands";
import { signInMessage, TEST_PUBLIC_URL } from "@/lib/tooling/testing/dashboard";
import { callRoute } from "@/lib/tooling/testing/fixtures";
import { GET as nonceRoute } from "../auth/nonce/route";
import { GET as sessionRoute } from "../auth/session/route";
import { POST as verifyRoute } from "../auth/verify/route";
import { POST as addMemberRoute } from "../members/route";
import { GET as settingsRoute } from "../settings/route";
import { POST as createMerchantRoute } from "./route";

const SETTLEMENT = "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720";

/** Signs in through the real SIWE routes; the headers a dashboard page then sends. */
async function signIn(account: PrivateKeyAccount) {
  const { json: issued } = await callRoute(nonceRoute);
  const message = signInMessage(account, issued.nonce);
  const signature = await account.signMessage({ message });
  const { status, json, headers } = await callRoute(verifyRoute, {
    body: { message, signature },
    headers: { origin: TEST_PUBLIC_URL },
  });
  expect(status, JSON.stringify(json)).toBe(200);
  return {
    session: json,
    headers: {
      cookie: headers.get("set-cookie")!.split(";")[0]!,
      origin: TEST_PUBLIC_URL,
      "x-csrf-token": json.csrf_token as string,
    },
  };
}

/** Rows a merchant's creation would add, anywhere. */
async function rowCounts() {
  const db = await getDb();
  const counted = async (table: typeof merchants | typeof merchantMembers | typeof apiKeys) =>
    (await db.select({ n: count() }).from(table))[0]!.n;
  return {
    merchants: await counted(merchants),
    members: await counted(merchantMembers),
    keys: await counted(apiKeys),
    events: (await db.select({ n: count() }).from(events))[0]!.n,
  };
}

const newAccount = () => privateKeyToAccount(generatePrivateKey());

function setSignup(value: string | undefined) {
  if (value === undefined) delete process.env.SIGNUP;
  else process.env.SIGNUP = value;
  resetConfigForTests();
}

describe("SIGNUP=closed", () => {
  beforeAll(() => setSignup("closed"));
  afterAll(() => setSignup(undefined));

  it("a wallet with no merchant signs in but cannot create one: 403 signup_closed, nothing written, whatever the body", async () => {
    const stranger = newAccount();
    const { session, headers } = await signIn(stranger);
    expect(session).toMatchObject({ address: stranger.address, merchant_id: null });

    const before = await rowCounts();
    for (const body of [
      { name: "Pop-up Shop" },
      { name: "Pop-up Shop", settlement_address: SETTLEMENT },
      { name: "" },
      { surprise: true },
      [],
    ]) {
      const refused = await callRoute(createMerchantRoute, { body, headers });
      expect(refused.status, JSON.stringify(refused.json)).toBe(403);
      expect(refused.json.error).toEqual({
        type: "authentication_error",
        code: "signup_closed",
        message:
          "This deployment does not take new merchants: ask its operator, or an owner of a store here, to add your wallet.",
        param: null,
      });
    }
    expect(await rowCounts()).toEqual(before);
    const after = await callRoute(sessionRoute, { headers });
    expect(after.json).toMatchObject({ merchant_id: null, memberships: [] });

    // The CSRF check still comes first: a cross-site request is refused as one.
    const crossSite = await callRoute(createMerchantRoute, {
      body: { name: "Pop-up Shop" },
      headers: { ...headers, origin: "https://evil.example" },
    });
    expect(crossSite.json.error.code).toBe("csrf_failed");
  });

  it("the operator creates a merchant with its owner; the owner signs in to it and invites a wallet, which then reaches it", async () => {
    const owner = newAccount();
    const created = await runAdminCommand(await getDb(), {
      command: "merchant.create",
      name: "Harbour Books",
      settlement_address: SETTLEMENT,
      key_mode: "test",
      owner: ` ${owner.address.toLowerCase()} `,
    });
    if (!("owner" in created)) throw new Error("expected merchant.create's result");
    expect(created.owner).toBe(owner.address);
    const merchantId = created.merchant.id;

    const ownerIn = await signIn(owner);
    expect(ownerIn.session).toMatchObject({
      address: owner.address,
      merchant_id: merchantId,
      role: "owner",
      memberships: [{ merchant_id: merchantId, merchant_name: "Harbour Books", role: "owner" }],
    });
    const settings = await callRoute(settingsRoute, { headers: ownerIn.headers });
    expect(settings.status).toBe(200);
    expect(settings.json.merchant.id).toBe(merchantId);

    // Being an owner somewhere does not open sign-up either.
    const another = await callRoute(createMerchantRoute, {
      body: { name: "Second Shop" },
      headers: ownerIn.headers,
    });
    expect(another.status).toBe(403);
    expect(another.json.error.code).toBe("signup_closed");

    const invited = newAccount();
    const before = await signIn(invited);
    expect(before.session.merchant_id).toBeNull();
    const added = await callRoute(addMemberRoute, {
      body: { address: invited.address, role: "member" },
      headers: ownerIn.headers,
    });
    expect(added.status, JSON.stringify(added.json)).toBe(201);

    const invitedIn = await signIn(invited);
    expect(invitedIn.session).toMatchObject({ merchant_id: merchantId, role: "member" });
    const read = await callRoute(settingsRoute, { headers: invitedIn.headers });
    expect(read.status).toBe(200);
    expect(read.json.merchant.id).toBe(merchantId);
  });

  it("the operator's owner must be a wallet address: a bad one names --owner's field and creates nothing", async () => {
    const before = await rowCounts();
    for (const owner of [
      "0x1234",
      zeroAddress,
      // One letter's case changed: the checksum no longer matches, most likely a typo.
      "0xA0Ee7A142d267C1f36714E4a8F75612F20a79720",
      "alice.eth",
    ]) {
      const refused = runAdminCommand(await getDb(), {
        command: "merchant.create",
        name: "Harbour Books",
        settlement_address: SETTLEMENT,
        key_mode: "test",
        owner,
      });
      await expect(refused, owner).rejects.toMatchObject({
        code: "parameter_invalid",
        param: "owner",
      });
    }
    expect(await rowCounts()).toEqual(before);
  });
});

describe("SIGNUP=open", () => {
  beforeAll(() => setSignup("open"));
  afterAll(() => setSignup(undefined));

  it("a signed-in wallet creates its merchant, as on the local demo", async () => {
    const { headers } = await signIn(newAccount());
    const created = await callRoute(createMerchantRoute, { body: { name: "Open Shop" }, headers });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    expect(created.json.session).toMatchObject({ role: "owner" });
  });
});
