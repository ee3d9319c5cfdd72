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
    "255.255.255.255",
    "::1",
    "::",
    "fe80::1",
    "fd12:3456::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "::ffff:169.254.169.254",
    // IPv6 forms that reach loopback or link-local through an embedded IPv4 address.
    "::7f00:1",
    "::a9fe:a9fe",
    "2002:7f00:1::1",
    "::ffff:0:7f00:1",
    "64:ff9b::7f00:1",
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",
    "fec0::1",
    "2001:db8::1",
    "100::1",
  ])(
    "%s is internal, refused in live mode and on a deployment with production chains",
    (address) => {
      expect(isInternalAddress(address)).toBe(true);
      expect(addressAllowed(address, true, true)).toBe(false);
      expect(addressAllowed(address, false, false)).toBe(false);
    },
  );

  it.each(["8.8.8.8", "1.1.1.1", "172.32.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"])(
    "%s is public, allowed in both modes everywhere",
    (address) => {
      expect(isInternalAddress(address)).toBe(false);
      for (const livemode of [true, false]) {
        for (const local of [true, false])
          expect(addressAllowed(address, livemode, local)).toBe(true);
      }
    },
  );

  it("test mode on the local chain's deployment allows loopback and private networks, never link-local", () => {
    for (const address of [
      "127.0.0.1",
      "::1",
      "::ffff:127.0.0.1",
      "10.0.0.1",
      "192.168.0.10",
      "fd00::5",
    ]) {
      expect(addressAllowed(address, false, true), address).toBe(true);
      expect(addressAllowed(address, true, true), address).toBe(false);
    }
    for (const address of ["169.254.169.254", "fe80::1", "::7f00:1", "2002:7f00:1::1", "0.0.0.0"]) {
      expect(addressAllowed(address, false, true), address).toBe(false);
    }
  });

  it("something that is not an address is not internal (a hostname is resolved first)", () => {
    expect(isInternalAddress("example.com")).toBe(false);
  });
});
