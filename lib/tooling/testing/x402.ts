import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { encodePaymentSignatureHeader } from "@x402/core/http";
import type { PaymentRequired } from "@x402/core/types";
import { ExactEvmScheme } from "@x402/evm/exact/client";
import { wrapFetchWithPaymentFromConfig, x402Client } from "@x402/fetch";
import type { Address, PrivateKeyAccount } from "viem";
import type { RouteHandler } from "./fixtures";

/** Route handlers by path pattern (the first group is the `id` param) and method. */
export type RouteTable = {
  pattern: RegExp;
  // biome-ignore lint/suspicious/noExplicitAny: handlers with and without an id param.
  methods: Record<string, RouteHandler<any>>;
}[];

/** Answers a request with these route handlers, as the server would. */
export function routeDispatcher(routes: RouteTable): (request: Request) => Promise<Response> {
  return async (request) => {
    const { pathname } = new URL(request.url);
    for (const route of routes) {
      const match = route.pattern.exec(pathname);
      if (!match) continue;
      const handler = route.methods[request.method];
      if (!handler) return new Response(null, { status: 405 });
      return handler(request, {
        params: Promise.resolve({ id: decodeURIComponent(match[1] ?? "") }),
      });
    }
    return new Response(null, { status: 404 });
  };
}

/** A fetch answered by `dispatch` in-process (any host). */
export function inProcessFetch(dispatch: (request: Request) => Promise<Response>): typeof fetch {
  return (input, init) => dispatch(input instanceof Request ? input : new Request(input, init));
}

/** Routes over real HTTP on loopback, for clients that fetch a URL themselves. */
export async function serveRoutes(
  dispatch: (request: Request) => Promise<Response>,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", async () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(incoming.headers)) {
        if (typeof value === "string") headers.set(name, value);
      }
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      const response = await dispatch(
        new Request(`http://${incoming.headers.host}${incoming.url}`, {
          method: incoming.method,
          headers,
          body: incoming.method === "GET" || incoming.method === "HEAD" ? undefined : body,
        }),
      );
      outgoing.writeHead(response.status, Object.fromEntries(response.headers));
      outgoing.end(Buffer.from(await response.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An agent's fetch: @x402/fetch with the exact EVM scheme, paying with `account` in `asset`. */
export function payingFetch(
  account: PrivateKeyAccount,
  asset: Address,
  fetchImpl: typeof fetch,
): typeof fetch {
  return wrapFetchWithPaymentFromConfig(fetchImpl, {
    schemes: [{ network: "eip155:31337", client: new ExactEvmScheme(account) }],
    // The local chain's USDC is no default asset of the client's: allowed by name, uncapped.
    spendControls: { allowedAssets: [{ network: "eip155:31337", asset }] },
  }) as typeof fetch;
}

/** The PAYMENT-SIGNATURE header the protocol's own client makes for a 402 answer. */
export async function paymentHeaderFor(
  account: PrivateKeyAccount,
  required: PaymentRequired,
  asset: Address,
): Promise<string> {
  const client = x402Client.fromConfig({
    schemes: [{ network: "eip155:31337", client: new ExactEvmScheme(account) }],
    spendControls: { allowedAssets: [{ network: "eip155:31337", asset }] },
  });
  return encodePaymentSignatureHeader(await client.createPaymentPayload(required));
}
