import { describe, expect, it } from "vitest";
import { clientAddress } from "./clientAddress";

describe("clientAddress", () => {
  it("without trusted proxies, the socket's peer: a client's own X-Forwarded-For is ignored", () => {
    expect(clientAddress({ "x-forwarded-for": "1.2.3.4" }, "203.0.113.9", 0)).toBe("203.0.113.9");
  });

  it("behind one proxy, the address that proxy appended (the rightmost entry)", () => {
    expect(clientAddress({ "x-forwarded-for": "6.6.6.6, 198.51.100.2" }, "10.0.0.1", 1)).toBe(
      "198.51.100.2",
    );
  });

  it("behind two proxies, the second entry from the right", () => {
    expect(
      clientAddress({ "x-forwarded-for": "6.6.6.6, 198.51.100.2, 10.0.0.5" }, "10.0.0.1", 2),
    ).toBe("198.51.100.2");
  });

  it("falls back to the socket when the header has fewer entries than proxies", () => {
    expect(clientAddress({}, "10.0.0.1", 1)).toBe("10.0.0.1");
    expect(clientAddress({ "x-forwarded-for": "198.51.100.2" }, "10.0.0.1", 2)).toBe("10.0.0.1");
    expect(clientAddress({}, undefined, 0)).toBe("unknown");
  });
});
