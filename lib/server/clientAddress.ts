import type { IncomingMessage, Server } from "node:http";
import http from "node:http";

/** The header the server sets on every request to the client's address, as far as it can tell. */
export const CLIENT_ADDRESS_HEADER = "x-client-address";

/**
 * The address a request came from. Without a proxy in front (`trustedProxies` 0) it is the
 * socket's peer, and any X-Forwarded-For the client sent is ignored; behind N trusted proxies it
 * is the Nth entry from the right of X-Forwarded-For (each proxy appends the address it saw).
 */
export function clientAddress(
  headers: IncomingMessage["headers"],
  socketAddress: string | undefined,
  trustedProxies: number,
): string {
  if (trustedProxies > 0) {
    const forwarded = String(headers["x-forwarded-for"] ?? "")
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean);
    const entry = forwarded[forwarded.length - trustedProxies];
    if (entry) return entry;
  }
  return socketAddress ?? "unknown";
}

let installed = false;

/**
 * Route handlers see a Request, not the socket, and Next.js passes on a client's own
 * X-Forwarded-For. So every incoming request gets CLIENT_ADDRESS_HEADER set here, from the socket
 * and the trusted proxies, before the framework sees it; a client cannot set it.
 */
export function installClientAddressHeader(trustedProxies: number): void {
  if (installed) return;
  installed = true;
  const emit = http.Server.prototype.emit as (
    this: Server,
    event: string,
    ...args: unknown[]
  ) => boolean;
  http.Server.prototype.emit = function (this: Server, event: string, ...args: unknown[]) {
    if (event === "request") {
      const request = args[0] as IncomingMessage;
      request.headers[CLIENT_ADDRESS_HEADER] = clientAddress(
        request.headers,
        request.socket?.remoteAddress,
        trustedProxies,
      );
    }
    return emit.call(this, event, ...args);
  } as typeof http.Server.prototype.emit;
}
