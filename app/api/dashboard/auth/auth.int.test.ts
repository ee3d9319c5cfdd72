import { eq } from "drizzle-orm";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { merchantMembers } from "@/lib/db/schema";
import {
  sessionHeaders,
  signedInMerchant,
  signInMessage,
  TEST_PUBLIC_URL,
} from "@/lib/tooling/testing/dashboard";
import { callRoute } from "@/lib/tooling/testing/fixtures";
import { POST as createMerchantRoute } from "../merchants/route";
import { POST as switchMerchantRoute } from "../session/merchant/route";
import { GET as nonceRoute } from "./nonce/route";
import { GET as sessionRoute } from "./session/route";
import { POST as signOutRoute } from "./signout/route";
import { POST as verifyRoute } from "./verify/route";

const origin = { origin: TEST_PUBLIC_URL };

async function nonce(): Promise<string> {
  const { status, json } = await callRoute(nonceRoute);
  expect(status).toBe(200);
  expect(json.nonce).toMatch(/^[a-f0-9]{32}$/);
  return json.nonce;
}

async function signIn(
  account = privateKeyToAccount(generatePrivateKey()),
  overrides: Parameters<typeof signInMessage>[2] = {},
  signer = account,
) {
  const message = signInMessage(account, await nonce(), overrides);
  const signature = await signer.signMessage({ message });
  const result = await callRoute(verifyRoute, {
    body: { message, signature },
    headers: origin,
  });
  return { ...result, account, message, signature };
}

function cookieFrom(setCookie: string | null): string {
  expect(setCookie).toBeTruthy();
  return setCookie!.split(";")[0]!;
}

describe("Sign-In with Ethereum", () => {
  it("a signed message starts an httpOnly session; the session names the wallet and no merchant yet", async () => {
    const { status, json, headers, account } = await signIn();
    expect(status, JSON.stringify(json)).toBe(200);
    expect(json).toMatchObject({ address: account.address, merchant_id: null, memberships: [] });
    const setCookie = headers.get("set-cookie")!;
    expect(setCookie).toMatch(
      /^checkout_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200; Expires=/,
    );
    const session = await callRoute(sessionRoute, { headers: { cookie: cookieFrom(setCookie) } });
    expect(session.status).toBe(200);
    expect(session.json.address).toBe(account.address);
    expect(session.json.csrf_token).toBe(json.csrf_token);
  });

  it("a wallet that owns a merchant signs in straight to it", async () => {
    const { merchant, owner } = await signedInMerchant();
    const { status, json } = await signIn(owner);
    expect(status).toBe(200);
    expect(json.merchant_id).toBe(merchant.id);
    expect(json.role).toBe("owner");
  });

  it("refuses, changing nothing: a used nonce, an unknown nonce, another domain, another URI, an unknown chain, an expired message, another signer, no Origin", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const first = await signIn(account);
    expect(first.status).toBe(200);
    const replay = await callRoute(verifyRoute, {
      body: { message: first.message, signature: first.signature },
      headers: origin,
    });
    expect(replay.status).toBe(401);
    expect(replay.json.error.code).toBe("siwe_invalid");
    expect(replay.json.error.message).toMatch(/already used or has expired/);

    const unknownMessage = signInMessage(account, "abcdef0123456789abcdef0123456789");
    const unknown = await callRoute(verifyRoute, {
      body: {
        message: unknownMessage,
        signature: await account.signMessage({ message: unknownMessage }),
      },
      headers: origin,
    });
    expect(unknown.status).toBe(401);

    const cases: [Parameters<typeof signInMessage>[2], RegExp][] = [
      [{ domain: "evil.example" }, /not for checkout\.test/],
      [{ uri: "https://evil.example/" }, /not for http:\/\/checkout\.test/],
      [{ chainId: 1 }, /Chain 1 is not one this deployment uses/],
      [{ expirationTime: new Date(Date.now() - 1000) }, /expired/],
    ];
    for (const [overrides, message] of cases) {
      const { status, json } = await signIn(account, overrides);
      expect(status, JSON.stringify(overrides)).toBe(401);
      expect(json.error.message).toMatch(message);
    }

    const impostor = privateKeyToAccount(generatePrivateKey());
    const forged = await signIn(account, {}, impostor);
    expect(forged.status).toBe(401);
    expect(forged.json.error.message).toMatch(/does not match/);
    expect(forged.headers.get("set-cookie")).toBeNull();

    const message = signInMessage(account, await nonce());
    const noOrigin = await callRoute(verifyRoute, {
      body: { message, signature: await account.signMessage({ message }) },
    });
    expect(noOrigin.status).toBe(403);
    expect(noOrigin.json.error.code).toBe("csrf_failed");

    const garbage = await callRoute(verifyRoute, {
      body: { message: 42, signature: "nope" },
      headers: origin,
    });
    expect(garbage.status).toBe(400);
    expect(garbage.json.error.param).toBe("message");
  });

  it("a new wallet creates a merchant it owns, paid to itself by default; sign-out ends the session everywhere", async () => {
    const headers = await sessionHeaders();
    const created = await callRoute(createMerchantRoute, {
      body: { name: "Corner Café" },
      headers,
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    expect(created.json.merchant).toMatchObject({
      name: "Corner Café",
      settlement_address: headers.address,
    });
    expect(created.json.session).toMatchObject({
      merchant_id: created.json.merchant.id,
      role: "owner",
    });
    const session = await callRoute(sessionRoute, { headers });
    expect(session.json.merchant_id).toBe(created.json.merchant.id);

    const bad = await callRoute(createMerchantRoute, {
      body: { name: "", settlement_address: "0x123" },
      headers,
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.param).toBe("name");

    const withoutToken = await callRoute(signOutRoute, {
      method: "POST",
      headers: { cookie: headers.cookie, origin: headers.origin },
    });
    expect(withoutToken.status).toBe(403);
    expect(withoutToken.json.error.code).toBe("csrf_failed");
    const crossSite = await callRoute(signOutRoute, {
      method: "POST",
      headers: { ...headers, origin: "https://evil.example" },
    });
    expect(crossSite.status).toBe(403);
    expect((await callRoute(sessionRoute, { headers })).status).toBe(200);

    const out = await callRoute(signOutRoute, { method: "POST", headers });
    expect(out.status).toBe(200);
    expect(out.headers.get("set-cookie")).toMatch(/^checkout_session=; .*Max-Age=0/);
    const after = await callRoute(sessionRoute, { headers });
    expect(after.status).toBe(401);
    expect(after.json.error.code).toBe("session_missing");
  });

  it("several wallets share a merchant; a wallet cannot switch to a merchant it is not a member of; a removed member loses the session", async () => {
    const { merchant } = await signedInMerchant();
    const other = await signedInMerchant();
    const member = await sessionHeaders();
    const db = await getDb();
    await db
      .insert(merchantMembers)
      .values({ merchantId: merchant.id, address: member.address, role: "member" });
    const switched = await callRoute(switchMerchantRoute, {
      body: { merchant_id: merchant.id },
      headers: member,
    });
    expect(switched.status).toBe(200);
    expect(switched.json).toMatchObject({ merchant_id: merchant.id, role: "member" });

    const refused = await callRoute(switchMerchantRoute, {
      body: { merchant_id: other.merchant.id },
      headers: member,
    });
    expect(refused.status).toBe(404);
    expect((await callRoute(sessionRoute, { headers: member })).json.merchant_id).toBe(merchant.id);

    await db.delete(merchantMembers).where(eq(merchantMembers.address, member.address));
    expect((await callRoute(sessionRoute, { headers: member })).status).toBe(401);
  });
});
