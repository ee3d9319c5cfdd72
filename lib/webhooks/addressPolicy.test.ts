import { describe, expect, it } from "vitest";
import { addressAllowed, isInternalAddress } from "./addressPolicy";

describe("webhook address policy", () => {
  it.each([
    "127.0.0.1",
    "127.8.9.10",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "::1",
    "::",
    "fe80::1",
    "fd12:3456::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "::ffff:169.254.169.254",
  ])("%s is internal", (address) => {
    expect(isInternalAddress(address)).toBe(true);
    expect(addressAllowed(address, true)).toBe(false);
  });

  it.each(["8.8.8.8", "1.1.1.1", "172.32.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"])(
    "%s is public, allowed in both modes",
    (address) => {
      expect(isInternalAddress(address)).toBe(false);
      expect(addressAllowed(address, true)).toBe(true);
      expect(addressAllowed(address, false)).toBe(true);
    },
  );

  it("test mode allows loopback only, never the rest of the internal ranges", () => {
    expect(addressAllowed("127.0.0.1", false)).toBe(true);
    expect(addressAllowed("::1", false)).toBe(true);
    expect(addressAllowed("::ffff:127.0.0.1", false)).toBe(true);
    expect(addressAllowed("10.0.0.1", false)).toBe(false);
    expect(addressAllowed("169.254.169.254", false)).toBe(false);
    expect(addressAllowed("192.168.0.10", false)).toBe(false);
  });

  it("something that is not an address is not internal (a hostname is resolved first)", () => {
    expect(isInternalAddress("example.com")).toBe(false);
  });
});
