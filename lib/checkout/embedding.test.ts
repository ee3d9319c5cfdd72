import { describe, expect, it } from "vitest";
import { allowedOriginsSchema, logoUrlSchema } from "../merchants/schemas";
import { embedTargetOrigin, frameAncestorsDirective, normalizeOrigin } from "./embedding";

describe("frameAncestorsDirective", () => {
  it("allows the app itself, and nothing else when the merchant lists no origin", () => {
    expect(frameAncestorsDirective([])).toBe("frame-ancestors 'self'");
  });

  it("adds the merchant's origins, deduplicated, dropping anything that is not an origin", () => {
    expect(
      frameAncestorsDirective([
        "https://shop.example",
        "https://shop.example/",
        "javascript:alert(1)",
        "https://other.example:8443",
        "'unsafe-inline'",
      ]),
    ).toBe("frame-ancestors 'self' https://shop.example https://other.example:8443");
  });
});

describe("embedTargetOrigin", () => {
  const self = ["http://127.0.0.1:3000"];
  it("is the parent's origin when the app or the merchant allows it", () => {
    expect(embedTargetOrigin("http://127.0.0.1:3000", self, [])).toBe("http://127.0.0.1:3000");
    expect(embedTargetOrigin("https://shop.example", self, ["https://shop.example"])).toBe(
      "https://shop.example",
    );
  });

  it("is null for any other origin, so the frame posts nothing there", () => {
    expect(embedTargetOrigin("https://evil.example", self, ["https://shop.example"])).toBeNull();
    expect(embedTargetOrigin("*", self, [])).toBeNull();
    expect(embedTargetOrigin(null, self, [])).toBeNull();
  });

  it("normalizes origins and rejects other schemes", () => {
    expect(normalizeOrigin("https://Shop.Example:443/path")).toBe("https://shop.example");
    expect(normalizeOrigin("data:text/html,hi")).toBeNull();
    expect(normalizeOrigin("https://user:pw@shop.example")).toBeNull();
    // A wildcard stored before origins were checked never reaches frame-ancestors.
    expect(normalizeOrigin("https://*.example")).toBeNull();
    expect(frameAncestorsDirective(["https://*", "https://shop.example"])).toBe(
      "frame-ancestors 'self' https://shop.example",
    );
  });
});

describe("a merchant's allowed origins", () => {
  it("accepts https origins and http on localhost only", () => {
    expect(
      allowedOriginsSchema.parse(["https://shop.example", "http://localhost:8080", "https://a.b/"]),
    ).toEqual(["https://shop.example", "http://localhost:8080", "https://a.b"]);
    for (const bad of [
      "http://shop.example",
      "https://shop.example/cart",
      "shop.example",
      "*",
      "https://*",
      "https://*.example",
      "https://shop.*",
      "https://sh*p.example",
    ]) {
      expect(allowedOriginsSchema.safeParse([bad]).success, bad).toBe(false);
    }
  });
});

describe("a merchant's logo", () => {
  it("is an https URL or a base64 data: image, never another scheme", () => {
    expect(logoUrlSchema.parse("https://shop.example/logo.png")).toBe(
      "https://shop.example/logo.png",
    );
    expect(logoUrlSchema.parse("data:image/png;base64,iVBORw0KGgo=")).toBe(
      "data:image/png;base64,iVBORw0KGgo=",
    );
    expect(logoUrlSchema.parse(null)).toBeNull();
    for (const bad of [
      "http://shop.example/logo.png",
      "javascript:alert(1)",
      "data:text/html;base64,PGgxPg==",
      "logo.png",
    ]) {
      expect(logoUrlSchema.safeParse(bad).success, bad).toBe(false);
    }
  });
});
