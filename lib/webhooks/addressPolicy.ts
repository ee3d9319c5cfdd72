import ipaddr from "ipaddr.js";

/**
 * Where webhooks may go. Addresses are classified by ipaddr.js (its IANA special-purpose ranges,
 * IPv4 and IPv6, an IPv4-mapped IPv6 address read as the IPv4 it maps) rather than by ranges kept
 * here: only what it calls `unicast` (a public address) is public. IPv4-compatible IPv6 addresses
 * (`::a.b.c.d`, deprecated since 2006), which it also calls unicast, are not: they carry an IPv4
 * address (`::7f00:1` is 127.0.0.1) and are never a real destination. Every IPv6 form that embeds
 * an IPv4 address (6to4, Teredo, NAT64, SIIT) falls in a special range and is refused with them.
 */
function parse(address: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  try {
    return ipaddr.process(address);
  } catch {
    return null;
  }
}

function isIpv4Compatible(parsed: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  return (
    parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).parts.slice(0, 6).every((p) => p === 0)
  );
}

/** Whether an address is anything but public: loopback, private, link-local, reserved, ... */
export function isInternalAddress(address: string): boolean {
  const parsed = parse(address);
  if (!parsed) return false;
  return parsed.range() !== "unicast" || isIpv4Compatible(parsed);
}

export function isLoopbackAddress(address: string): boolean {
  return parse(address)?.range() === "loopback";
}

/** A private network's address (10/8, 172.16/12, 192.168/16, fc00::/7): a developer's LAN. */
export function isPrivateAddress(address: string): boolean {
  const range = parse(address)?.range();
  return range === "private" || range === "uniqueLocal";
}

/**
 * Whether a resolved address may receive a webhook: live mode, public addresses only. Test mode
 * too, except on a deployment that runs the local chain (a developer's machine), where loopback
 * and private addresses are allowed so merchants can develop against http://127.0.0.1; never
 * link-local (cloud metadata services live there) or any other special range.
 */
export function addressAllowed(
  address: string,
  livemode: boolean,
  localDeployment: boolean,
): boolean {
  if (!isInternalAddress(address)) return true;
  if (livemode || !localDeployment) return false;
  return isLoopbackAddress(address) || isPrivateAddress(address);
}
