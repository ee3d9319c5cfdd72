import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { getConfig } from "../config/config";
import { DomainError } from "../errors";
import { addressAllowed } from "./addressPolicy";

export type ResolveHost = (hostname: string) => Promise<string[]>;

export const resolveHost: ResolveHost = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

function refuse(message: string): DomainError {
  return new DomainError("parameter_invalid", `Invalid url: ${message}`, "url");
}

/**
 * Whether this deployment runs the local chain (a developer's machine): only there may test-mode
 * webhooks reach loopback and private addresses.
 */
export function runsLocalChain(): boolean {
  return getConfig().localChain !== null;
}

/** The hostname as an address when it is one (URL keeps IPv6 literals in brackets). */
export function literalAddress(hostname: string): string | null {
  const bare = hostname.replace(/^\[(.*)\]$/, "$1");
  return isIP(bare) ? bare : null;
}

/**
 * Checks where a webhook endpoint points. Live mode: https only, and the host must resolve to
 * public addresses only (no loopback, private or link-local: the server must not be turned
 * against its own network). Test mode also allows http, and on a deployment that runs the local
 * chain, loopback and private addresses, for local development.
 * The same check runs again on every delivery, against the address actually connected to.
 */
export async function checkEndpointUrl(
  raw: string,
  livemode: boolean,
  resolve: ResolveHost = resolveHost,
  localDeployment: boolean = runsLocalChain(),
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
  const blocked = addresses.find((address) => !addressAllowed(address, livemode, localDeployment));
  if (blocked) {
    throw refuse(
      livemode
        ? `${url.hostname} points at ${blocked}, a private, loopback or link-local address; live webhooks go to public addresses only.`
        : localDeployment
          ? `${url.hostname} points at ${blocked}, a link-local or reserved address; test mode allows public, loopback and private addresses here.`
          : `${url.hostname} points at ${blocked}, an internal address; on a deployment with production chains, test webhooks go to public addresses too.`,
    );
  }
  return url.toString();
}
