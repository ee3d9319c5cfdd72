import { describe, expect, it } from "vitest";
import { isCheckoutPath, isPagePath, scriptNonce, securityHeaders } from "./securityHeaders";

const page = { https: false, checkoutFrameAncestors: null, nonce: "bm9uY2U=" };

describe("securityHeaders", () => {
  it("forbids framing everywhere but the checkout, whose directive is the merchant's", () => {
    const dashboard = securityHeaders(page);
    expect(dashboard["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(dashboard["x-frame-options"]).toBe("DENY");
    const checkout = securityHeaders({
      ...page,
      checkoutFrameAncestors: "frame-ancestors 'self' https://shop.example",
    });
    expect(checkout["content-security-policy"]).toContain(
      "; frame-ancestors 'self' https://shop.example",
    );
    expect(checkout["content-security-policy"]).not.toContain("frame-ancestors 'none'");
    expect(checkout["x-frame-options"]).toBeUndefined();
  });

  it("lets a page run only the scripts that carry its nonce", () => {
    expect(securityHeaders(page)["content-security-policy"]).toBe(
      "script-src 'self' 'nonce-bm9uY2U=' 'strict-dynamic'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    );
    expect(securityHeaders({ ...page, development: true })["content-security-policy"]).toContain(
      "'strict-dynamic' 'unsafe-eval';",
    );
  });

  it("lets an API answer load nothing and be framed by nobody", () => {
    expect(securityHeaders({ ...page, nonce: null })["content-security-policy"]).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
  });

  it("sends HSTS only over https, and the other headers always", () => {
    expect(securityHeaders(page)).not.toHaveProperty("strict-transport-security");
    const secure = securityHeaders({ ...page, https: true });
    expect(secure["strict-transport-security"]).toMatch(/^max-age=63072000/);
    expect(secure["x-content-type-options"]).toBe("nosniff");
    expect(secure["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(secure["permissions-policy"]).toContain("camera=()");
  });

  it("makes a fresh 128-bit nonce each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, scriptNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });

  it("knows the checkout paths and the pages", () => {
    expect(isCheckoutPath("/pay/inv_1")).toBe(true);
    expect(isCheckoutPath("/l/plink_1")).toBe(true);
    expect(isCheckoutPath("/dashboard")).toBe(false);
    expect(isCheckoutPath("/pay/inv_1/extra")).toBe(false);
    for (const path of ["/", "/dashboard", "/pay/inv_1", "/docs/api"]) {
      expect(isPagePath(path), path).toBe(true);
    }
    for (const path of ["/api", "/api/v1/invoices", "/embed.js", "/icon.svg"]) {
      expect(isPagePath(path), path).toBe(false);
    }
  });
});
