import { describe, expect, it } from "vitest";
import { isCheckoutPath, securityHeaders } from "./securityHeaders";

describe("securityHeaders", () => {
  it("forbids framing everywhere but the checkout, whose directive is the merchant's", () => {
    const dashboard = securityHeaders({ https: false, checkoutFrameAncestors: null });
    expect(dashboard["content-security-policy"]).toBe("frame-ancestors 'none'");
    expect(dashboard["x-frame-options"]).toBe("DENY");
    const checkout = securityHeaders({
      https: false,
      checkoutFrameAncestors: "frame-ancestors 'self' https://shop.example",
    });
    expect(checkout["content-security-policy"]).toBe("frame-ancestors 'self' https://shop.example");
    expect(checkout["x-frame-options"]).toBeUndefined();
  });

  it("sends HSTS only over https, and the other headers always", () => {
    expect(securityHeaders({ https: false, checkoutFrameAncestors: null })).not.toHaveProperty(
      "strict-transport-security",
    );
    const secure = securityHeaders({ https: true, checkoutFrameAncestors: null });
    expect(secure["strict-transport-security"]).toMatch(/^max-age=63072000/);
    expect(secure["x-content-type-options"]).toBe("nosniff");
    expect(secure["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(secure["permissions-policy"]).toContain("camera=()");
  });

  it("knows the checkout paths", () => {
    expect(isCheckoutPath("/pay/inv_1")).toBe(true);
    expect(isCheckoutPath("/l/plink_1")).toBe(true);
    expect(isCheckoutPath("/dashboard")).toBe(false);
    expect(isCheckoutPath("/pay/inv_1/extra")).toBe(false);
  });
});
