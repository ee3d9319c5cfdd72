import { and, eq } from "drizzle-orm";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { merchantMembers } from "@/lib/db/schema";
import { sessionHeaders, signedInMerchant } from "@/lib/tooling/testing/dashboard";
import { callRoute } from "@/lib/tooling/testing/fixtures";
import { GET as settingsRoute } from "../settings/route";
import { DELETE, PATCH } from "./[address]/route";
import { GET, POST } from "./route";

const newWallet = () => privateKeyToAccount(generatePrivateKey()).address;

async function memberRows(merchantId: string) {
  const db = await getDb();
  return db
    .select({ address: merchantMembers.address, role: merchantMembers.role })
    .from(merchantMembers)
    .where(eq(merchantMembers.merchantId, merchantId));
}

const remove = (headers: Record<string, string>, address: string) =>
  callRoute(DELETE, { method: "DELETE", headers, params: { address } });

describe("dashboard members", () => {
  it("an owner lists the members, adds a wallet, and that wallet can then use the store", async () => {
    const { merchant, owner, headers } = await signedInMerchant();
    const listed = await callRoute(GET, { headers });
    expect(listed.status).toBe(200);
    expect(listed.json.data).toEqual([
      { address: owner.address, role: "owner", added_at: expect.any(String) },
    ]);

    const wallet = newWallet();
    const added = await callRoute(POST, {
      headers,
      body: { address: wallet.toLowerCase(), role: "member" },
    });
    expect(added.status, JSON.stringify(added.json)).toBe(201);
    expect(added.json.member).toMatchObject({ address: wallet, role: "member" });
    const coOwner = newWallet();
    expect(
      (await callRoute(POST, { headers, body: { address: coOwner, role: "owner" } })).status,
    ).toBe(201);
    const after = await callRoute(GET, { headers });
    expect(
      after.json.data.map((m: { address: string; role: string }) => [m.address, m.role]),
    ).toEqual([
      [owner.address, "owner"],
      [coOwner, "owner"],
      [wallet, "member"],
    ]);

    const session = await sessionHeaders({ address: wallet, merchantId: merchant.id });
    const read = await callRoute(settingsRoute, { headers: session });
    expect(read.status).toBe(200);
    expect(read.json.merchant.id).toBe(merchant.id);

    const again = await callRoute(POST, { headers, body: { address: wallet, role: "owner" } });
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({ code: "member_exists", param: "address" });
    expect(await memberRows(merchant.id)).toHaveLength(3);
  });

  it.each([
    [{ address: "0x1234", role: "member" }, "address", "parameter_invalid"],
    [
      { address: "0x0000000000000000000000000000000000000000", role: "member" },
      "address",
      "parameter_invalid",
    ],
    // One letter's case changed: the checksum no longer matches, most likely a typo.
    [
      { address: "0xA0Ee7A142d267C1f36714E4a8F75612F20a79720", role: "member" },
      "address",
      "parameter_invalid",
    ],
    [{ role: "member" }, "address", "parameter_missing"],
    [
      { address: "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720", role: "admin" },
      "role",
      "parameter_invalid",
    ],
    [{ address: "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720" }, "role", "parameter_missing"],
    [
      { address: "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720", role: "member", merchant_id: "x" },
      "merchant_id",
      "parameter_unknown",
    ],
  ])("adding %j is a 400 naming %s, and adds nobody", async (body, param, code) => {
    const { merchant, headers } = await signedInMerchant();
    const { status, json } = await callRoute(POST, { headers, body });
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ param, code });
    expect(await memberRows(merchant.id)).toHaveLength(1);
  });

  it("removing a wallet ends its access at once; the last owner cannot be removed", async () => {
    const { merchant, owner, headers } = await signedInMerchant();
    const wallet = newWallet();
    await callRoute(POST, { headers, body: { address: wallet, role: "member" } });
    const session = await sessionHeaders({ address: wallet, merchantId: merchant.id });
    expect((await callRoute(settingsRoute, { headers: session })).status).toBe(200);

    const removed = await remove(headers, wallet.toLowerCase());
    expect(removed.status, JSON.stringify(removed.json)).toBe(200);
    expect(removed.json).toMatchObject({ removed: true, member: { address: wallet } });
    const locked = await callRoute(settingsRoute, { headers: session });
    expect(locked.status).toBe(401);

    const last = await remove(headers, owner.address);
    expect(last.status).toBe(409);
    expect(last.json.error).toMatchObject({ code: "last_owner", param: "address" });
    expect(await memberRows(merchant.id)).toEqual([{ address: owner.address, role: "owner" }]);

    // With a second owner, an owner may leave; its own session ends with it.
    const second = newWallet();
    await callRoute(POST, { headers, body: { address: second, role: "owner" } });
    const left = await remove(headers, owner.address);
    expect(left.status).toBe(200);
    expect((await callRoute(GET, { headers })).status).toBe(401);
    expect(await memberRows(merchant.id)).toEqual([{ address: second, role: "owner" }]);
  });

  it("two owners removing each other at once: one of them stays", async () => {
    const { merchant, owner, headers } = await signedInMerchant();
    const second = privateKeyToAccount(generatePrivateKey());
    await callRoute(POST, { headers, body: { address: second.address, role: "owner" } });
    const secondHeaders = await sessionHeaders({
      address: second.address,
      merchantId: merchant.id,
    });
    const results = await Promise.all([
      remove(headers, second.address),
      remove(secondHeaders, owner.address),
    ]);
    // The loser is refused as the last owner (409), or finds its own session already gone (401).
    const statuses = results.map((result) => result.status).sort();
    expect(statuses[0]).toBe(200);
    expect([401, 409]).toContain(statuses[1]);
    const rows = await memberRows(merchant.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.role).toBe("owner");
  });

  it("an owner makes a member an owner and back; the last owner stays an owner", async () => {
    const { merchant, owner, headers } = await signedInMerchant();
    const wallet = privateKeyToAccount(generatePrivateKey());
    await callRoute(POST, { headers, body: { address: wallet.address, role: "member" } });
    const setRole = (who: Record<string, string>, address: string, role: unknown) =>
      callRoute(PATCH, { method: "PATCH", headers: who, params: { address }, body: { role } });

    const promoted = await setRole(headers, wallet.address.toLowerCase(), "owner");
    expect(promoted.status, JSON.stringify(promoted.json)).toBe(200);
    expect(promoted.json.member).toMatchObject({ address: wallet.address, role: "owner" });
    // Its session is an owner's from its next request on.
    const session = await sessionHeaders({ address: wallet.address, merchantId: merchant.id });
    expect((await setRole(session, owner.address, "member")).status).toBe(200);
    expect(await memberRows(merchant.id)).toEqual(
      expect.arrayContaining([
        { address: owner.address, role: "member" },
        { address: wallet.address, role: "owner" },
      ]),
    );
    // The former owner is a member now: it changes nobody's role.
    const refused = await setRole(headers, wallet.address, "member");
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe("owner_required");

    const last = await setRole(session, wallet.address, "member");
    expect(last.status).toBe(409);
    expect(last.json.error).toMatchObject({ code: "last_owner", param: "role" });
    const bad = await setRole(session, owner.address, "admin");
    expect(bad.status).toBe(400);
    expect(bad.json.error.param).toBe("role");
    expect((await setRole(session, newWallet(), "owner")).status).toBe(404);
    const noToken = await callRoute(PATCH, {
      method: "PATCH",
      headers: { cookie: session.cookie, origin: session.origin },
      params: { address: owner.address },
      body: { role: "owner" },
    });
    expect(noToken.status).toBe(403);
    expect(await memberRows(merchant.id)).toEqual(
      expect.arrayContaining([
        { address: owner.address, role: "member" },
        { address: wallet.address, role: "owner" },
      ]),
    );
    // Another store's owner cannot reach this store's members.
    const theirs = await signedInMerchant();
    expect((await setRole(theirs.headers, owner.address, "owner")).status).toBe(404);
  });

  it("an unknown or malformed address is a 404", async () => {
    const { headers } = await signedInMerchant();
    expect((await remove(headers, newWallet())).status).toBe(404);
    expect((await remove(headers, "not-an-address")).json.error).toMatchObject({
      code: "resource_not_found",
      param: "address",
    });
  });

  it("a member sees the members but cannot add or remove any", async () => {
    const { merchant, owner, headers } = await signedInMerchant();
    const wallet = newWallet();
    await callRoute(POST, { headers, body: { address: wallet, role: "member" } });
    const member = await sessionHeaders({ address: wallet, merchantId: merchant.id });
    expect((await callRoute(GET, { headers: member })).json.data).toHaveLength(2);
    const add = await callRoute(POST, {
      headers: member,
      body: { address: newWallet(), role: "owner" },
    });
    expect(add.status).toBe(403);
    expect(add.json.error.code).toBe("owner_required");
    expect((await remove(member, owner.address)).status).toBe(403);
    expect((await remove(member, wallet)).status).toBe(403);
    expect(await memberRows(merchant.id)).toHaveLength(2);
  });

  it("refuses without a session (401) or without the CSRF token (403)", async () => {
    const { merchant, owner, headers } = await signedInMerchant();
    const wallet = newWallet();
    expect((await callRoute(GET)).status).toBe(401);
    const anonymous = await callRoute(POST, {
      headers: { origin: headers.origin },
      body: { address: wallet, role: "owner" },
    });
    expect(anonymous.status).toBe(401);
    expect((await remove({ origin: headers.origin }, owner.address)).status).toBe(401);
    const noToken = { cookie: headers.cookie, origin: headers.origin };
    const add = await callRoute(POST, {
      headers: noToken,
      body: { address: wallet, role: "owner" },
    });
    expect(add.status).toBe(403);
    expect(add.json.error.code).toBe("csrf_failed");
    const crossSite = { ...headers, origin: "https://evil.example" };
    expect((await remove(crossSite, owner.address)).status).toBe(403);
    expect(await memberRows(merchant.id)).toEqual([{ address: owner.address, role: "owner" }]);
  });

  it("an owner of another merchant neither sees nor removes this merchant's members", async () => {
    const mine = await signedInMerchant();
    const theirs = await signedInMerchant();
    const listed = await callRoute(GET, { headers: theirs.headers });
    expect(listed.json.data.map((m: { address: string }) => m.address)).toEqual([
      theirs.owner.address,
    ]);
    const removed = await remove(theirs.headers, mine.owner.address);
    expect(removed.status).toBe(404);
    const db = await getDb();
    const [row] = await db
      .select()
      .from(merchantMembers)
      .where(
        and(
          eq(merchantMembers.merchantId, mine.merchant.id),
          eq(merchantMembers.address, mine.owner.address),
        ),
      );
    expect(row?.role).toBe("owner");
    // Adding goes to the session's own merchant only.
    const wallet = newWallet();
    await callRoute(POST, { headers: theirs.headers, body: { address: wallet, role: "owner" } });
    expect(await memberRows(mine.merchant.id)).toHaveLength(1);
    expect(await memberRows(theirs.merchant.id)).toHaveLength(2);
  });
});
