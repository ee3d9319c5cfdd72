import { type Address, getAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";
import { addMember, createDashboardSession } from "../../dashboard/sessions";
import { getDb } from "../../db/client";
import { createMerchant } from "./fixtures";

export const TEST_PUBLIC_URL = "http://checkout.test";

/** Headers a signed-in dashboard page sends: the session cookie, its Origin and CSRF token. */
export type SessionHeaders = { cookie: string; origin: string; "x-csrf-token": string };

/** A session for `address` (a new wallet by default) working on `merchantId`, as request headers. */
export async function sessionHeaders(
  parameters: { address?: string; merchantId?: string | null } = {},
): Promise<SessionHeaders & { address: string }> {
  const address = getAddress(
    parameters.address ?? privateKeyToAccount(generatePrivateKey()).address,
  );
  const { token, session } = await createDashboardSession(await getDb(), {
    address,
    merchantId: parameters.merchantId ?? null,
  });
  return {
    address,
    cookie: `checkout_session=${token}`,
    origin: TEST_PUBLIC_URL,
    "x-csrf-token": session.csrfToken,
  };
}

/**
 * A merchant (with an API key) whose owner wallet is signed in to the dashboard: what tests of
 * dashboard routes start from.
 */
export async function signedInMerchant(options: { name?: string } = {}) {
  const owner = privateKeyToAccount(generatePrivateKey());
  const { merchant, apiKey } = await createMerchant({ name: options.name });
  await addMember(await getDb(), {
    merchantId: merchant.id,
    address: owner.address,
    role: "owner",
  });
  const headers = await sessionHeaders({ address: owner.address, merchantId: merchant.id });
  return { merchant, apiKey, owner, headers };
}

/** The EIP-4361 message the dashboard's sign-in asks a wallet (an account or a contract) to sign. */
export function signInMessage(
  account: { address: Address },
  nonce: string,
  overrides: Partial<Parameters<typeof createSiweMessage>[0]> = {},
): string {
  const url = new URL(TEST_PUBLIC_URL);
  return createSiweMessage({
    domain: url.host,
    uri: url.origin,
    address: account.address,
    chainId: 31337,
    nonce,
    version: "1",
    statement: "Sign in to the checkout dashboard.",
    issuedAt: new Date(),
    ...overrides,
  });
}
