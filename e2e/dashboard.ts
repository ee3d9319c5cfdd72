import { expect, type Page } from "@playwright/test";
import type { LocalAccount } from "viem";
import { createSiweMessage } from "viem/siwe";
import { BASE_URL, LOCAL_CHAIN_ID } from "./env";

/**
 * Signs `account` in to the dashboard the way the page does (nonce, EIP-4361 message, signature,
 * verify), through the page's own request context so the browser holds the session cookie.
 * For tests about a dashboard page rather than about signing in; `base` for another server.
 */
export async function signInByApi(
  page: Page,
  account: LocalAccount,
  base: string = BASE_URL,
): Promise<void> {
  const url = new URL(base);
  const nonceResponse = await page.request.get(`${url.origin}/api/dashboard/auth/nonce`);
  expect(nonceResponse.status()).toBe(200);
  const { nonce } = (await nonceResponse.json()) as { nonce: string };
  const message = createSiweMessage({
    domain: url.host,
    uri: url.origin,
    address: account.address,
    chainId: LOCAL_CHAIN_ID,
    nonce,
    version: "1",
    statement: "Sign in to the merchant dashboard.",
    issuedAt: new Date(),
  });
  const signature = await account.signMessage({ message });
  const response = await page.request.post(`${url.origin}/api/dashboard/auth/verify`, {
    headers: { origin: url.origin },
    data: { message, signature },
  });
  expect(response.status(), await response.text()).toBe(200);
}

/** The CSRF token of the page's session (from its meta tag), for requests made by the test. */
export async function csrfToken(page: Page): Promise<string> {
  const token = await page.locator('meta[name="csrf-token"]').getAttribute("content");
  expect(token).toBeTruthy();
  return token!;
}
