import { BlockList, isIP } from "node:net";

/**
 * Addresses a webhook must never reach from a live deployment: loopback, private networks,
 * link-local (cloud metadata services live there), carrier-grade NAT, multicast and reserved
 * ranges, in IPv4 and IPv6 (IPv4-mapped IPv6 addresses are checked as the IPv4 they map).
 */
const internal = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  internal.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  internal.addSubnet(network, prefix, "ipv6");
}

const loopback = new BlockList();
loopback.addSubnet("127.0.0.0", 8, "ipv4");
loopback.addAddress("::1", "ipv6");

function asIpv4IfMapped(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address;
}

function check(list: BlockList, raw: string): boolean {
  const address = asIpv4IfMapped(raw);
  const family = isIP(address);
  if (family === 0) return false;
  return list.check(address, family === 4 ? "ipv4" : "ipv6");
}

export function isInternalAddress(address: string): boolean {
  return check(internal, address);
}

export function isLoopbackAddress(address: string): boolean {
  return check(loopback, address);
}

/**
 * Whether a resolved address may receive a webhook: live mode only public addresses; test mode
 * also loopback, so merchants can develop against http://127.0.0.1, but never other internal ones.
 */
export function addressAllowed(address: string, livemode: boolean): boolean {
  if (!isInternalAddress(address)) return true;
  return !livemode && isLoopbackAddress(address);
}
