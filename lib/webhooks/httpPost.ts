import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import http from "node:http";
import https from "node:https";
import { addressAllowed } from "./addressPolicy";
import { literalAddress, runsLocalChain } from "./endpointUrl";

export type PostResult = {
  /** null when no answer came (refused, timed out, blocked). */
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  /** The first bytes of the answer, for the delivery log. */
  excerpt: string | null;
};

export const WEBHOOK_TIMEOUT_MS = 10_000;
const EXCERPT_BYTES = 1024;

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * DNS resolution that refuses internal addresses: checked on the address the socket will connect
 * to, so a hostname that resolved to a public address when the endpoint was saved cannot be
 * rebound to an internal one later.
 */
function guardedLookup(livemode: boolean, localDeployment: boolean) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const list = addresses as LookupAddress[];
      const blocked = list.find(
        (entry) => !addressAllowed(entry.address, livemode, localDeployment),
      );
      if (blocked || list.length === 0) {
        const refused = new Error(
          `${hostname} resolves to ${blocked?.address ?? "nothing"}, which webhooks may not reach`,
        ) as NodeJS.ErrnoException;
        refused.code = "EADDRNOTALLOWED";
        return callback(refused, []);
      }
      if (options.all) return callback(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

/** POSTs a webhook: 10 seconds at most (or `timeoutMs`), no redirects followed, only to allowed addresses. */
export function postWebhook(parameters: {
  url: string;
  body: string;
  headers: Record<string, string>;
  livemode: boolean;
  timeoutMs?: number;
  /** Whether this deployment runs the local chain (see runsLocalChain). */
  localDeployment?: boolean;
}): Promise<PostResult> {
  const localDeployment = parameters.localDeployment ?? runsLocalChain();
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const url = new URL(parameters.url);
  const literal = literalAddress(url.hostname);
  if (literal && !addressAllowed(literal, parameters.livemode, localDeployment)) {
    return Promise.resolve({
      statusCode: null,
      latencyMs: 0,
      error: `${literal} is an address webhooks may not reach`,
      excerpt: null,
    });
  }
  const transport = url.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Omit<PostResult, "latencyMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, latencyMs: elapsed() });
    };
    const request = transport.request(
      url,
      {
        method: "POST",
        headers: {
          ...parameters.headers,
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(parameters.body)),
          "user-agent": "stablecoin-checkout-webhooks/1",
        },
        lookup: guardedLookup(parameters.livemode, localDeployment) as never,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          if (size < EXCERPT_BYTES) chunks.push(chunk);
          size += chunk.length;
        });
        response.on("end", () =>
          finish({
            statusCode: response.statusCode ?? null,
            error: null,
            excerpt: Buffer.concat(chunks).toString("utf8").slice(0, EXCERPT_BYTES) || null,
          }),
        );
        response.on("error", (error) =>
          finish({ statusCode: response.statusCode ?? null, error: error.message, excerpt: null }),
        );
      },
    );
    const timer = setTimeout(() => {
      request.destroy();
      finish({
        statusCode: null,
        error: `no answer within ${(parameters.timeoutMs ?? WEBHOOK_TIMEOUT_MS) / 1000} s`,
        excerpt: null,
      });
    }, parameters.timeoutMs ?? WEBHOOK_TIMEOUT_MS);
    request.on("error", (error) =>
      finish({ statusCode: null, error: error.message, excerpt: null }),
    );
    request.end(parameters.body);
  });
}
