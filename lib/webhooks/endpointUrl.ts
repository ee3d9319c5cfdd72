import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { DomainError } from "../errors";
import { addressAllowed } from "./addressPolicy";

export type ResolveHost = (hostname: string) => Promise<string[]>;

export const resolveHost: ResolveHost = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

function refuse(message: string): DomainError {
  return new DomainError("parameter_invalid", `Invalid url: ${message}`, "url");
}

/** The hostname as an address when it is one (URL keeps IPv6 literals in brackets). */
export function literalAddress(hostname: string): string | null {
  const bare = hostname.replace(/^\[(.*)\]$/, "$1");
  return isIP(bare) ? bare : null;
}

/**
 * Checks where a webhook endpoint points. Live mode: https only, and the host must resolve to
 * public addresses only (no loopback, private or link-local: the server must not be turned
 * against its own network). Test mode also allows http and loopback, for local development.
 * The same check runs again on every delivery, against the address actually connected to.
 */
export async function checkEndpointUrl(
  raw: string,
  livemode: boolean,
  resolve: ResolveHost = resolveHost,
): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse("it must be an absolute http(s) URL.");
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && !livemode)) {
    throw refuse(livemode ? "live mode needs https." : "use http or https.");
  }
  if (url.username || url.password) throw refuse("it must not carry a user name or password.");
  if (url.hash) throw refuse("it must not have a #fragment.");
  const literal = literalAddress(url.hostname);
  let addresses: string[];
  if (literal) addresses = [literal];
  else {
    try {
      addresses = await resolve(url.hostname);
    } catch {
      throw refuse(`${url.hostname} could not be resolved.`);
    }
  }
  if (addresses.length === 0) throw refuse(`${url.hostname} could not be resolved.`);
  const blocked = addresses.find((address) => !addressAllowed(address, livemode));
  if (blocked) {
    throw refuse(
      livemode
        ? `${url.hostname} points at ${blocked}, a private, loopback or link-local address; live webhooks go to public addresses only.`
        : `${url.hostname} points at ${blocked}, an internal address; test mode allows public addresses and loopback (127.0.0.1) only.`,
    );
  }
  return url.toString();
}
