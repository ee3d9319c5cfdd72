import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A JSON-RPC proxy in front of a real node (anvil) that counts calls by method and, when asked,
 * misbehaves the way public RPC endpoints do. Each fault is a probability per HTTP request.
 */
export type RpcFaults = {
  /** Close the connection without an answer. */
  drop?: number;
  /** Answer late: `delay` of the requests wait up to `delayMs`. */
  delay?: number;
  delayMs?: number;
  /** Never answer (the client's timeout fires). */
  hang?: number;
  /** HTTP 502/503 with an HTML body, as a load balancer does. */
  serverError?: number;
  /** HTTP 429 with Retry-After: 0. */
  rateLimit?: number;
  /** Report a head a few blocks behind (a lagging node behind a load balancer). */
  staleHead?: number;
  /** eth_getLogs over more blocks than this fails with "block range too large" (-32005). */
  maxLogRange?: number;
};

export type FaultKind =
  | "drop"
  | "delay"
  | "hang"
  | "serverError"
  | "rateLimit"
  | "staleHead"
  | "rangeTooLarge";

export type RpcProxy = {
  url: string;
  /** JSON-RPC calls forwarded, by method (a batch counts each call). */
  calls: Map<string, number>;
  /** HTTP requests received. */
  requests: number;
  injected: Record<FaultKind, number>;
  setFaults(faults: RpcFaults): void;
  resetCounts(): void;
  totalCalls(): number;
  stop(): Promise<void>;
};

/** A small seeded generator, so a failing run can be replayed with the same faults. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type JsonRpcCall = { jsonrpc: "2.0"; id: unknown; method: string; params?: unknown[] };

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

const toNumber = (tag: unknown): bigint | null =>
  typeof tag === "string" && tag.startsWith("0x") ? BigInt(tag) : null;

export async function startRpcProxy(parameters: {
  target: string;
  faults?: RpcFaults;
  seed?: number;
}): Promise<RpcProxy> {
  const random = mulberry32(parameters.seed ?? 1);
  let faults: RpcFaults = parameters.faults ?? {};
  const calls = new Map<string, number>();
  const injected: Record<FaultKind, number> = {
    drop: 0,
    delay: 0,
    hang: 0,
    serverError: 0,
    rateLimit: 0,
    staleHead: 0,
    rangeTooLarge: 0,
  };
  let requests = 0;
  let highestHead = 0n;
  const hanging = new Set<ServerResponse>();
  const chance = (p: number | undefined) => p !== undefined && p > 0 && random() < p;

  const forward = async (body: string) => {
    const response = await fetch(parameters.target, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    return { status: response.status, text: await response.text() };
  };

  async function answerCall(call: JsonRpcCall): Promise<unknown> {
    calls.set(call.method, (calls.get(call.method) ?? 0) + 1);
    const params = call.params ?? [];
    if (call.method === "eth_getLogs" && faults.maxLogRange !== undefined) {
      const filter = (params[0] ?? {}) as { fromBlock?: string; toBlock?: string };
      const from = toNumber(filter.fromBlock);
      const to = toNumber(filter.toBlock);
      if (from !== null && to !== null && to - from + 1n > BigInt(faults.maxLogRange)) {
        injected.rangeTooLarge++;
        return {
          jsonrpc: "2.0",
          id: call.id,
          error: {
            code: -32005,
            message: `block range too large: at most ${faults.maxLogRange} blocks per request`,
          },
        };
      }
    }
    const asksForHead =
      call.method === "eth_blockNumber" ||
      (call.method === "eth_getBlockByNumber" && params[0] === "latest");
    if (asksForHead && highestHead > 3n && chance(faults.staleHead)) {
      injected.staleHead++;
      const stale = highestHead - BigInt(1 + Math.floor(random() * 3));
      const rewritten =
        call.method === "eth_blockNumber"
          ? { jsonrpc: "2.0", id: call.id, result: `0x${stale.toString(16)}` }
          : null;
      if (rewritten) return rewritten;
      const { text } = await forward(
        JSON.stringify({ ...call, params: [`0x${stale.toString(16)}`, params[1] ?? false] }),
      );
      return JSON.parse(text);
    }
    const { text } = await forward(JSON.stringify(call));
    const answer = JSON.parse(text) as { result?: unknown };
    if (asksForHead) {
      const number =
        call.method === "eth_blockNumber"
          ? toNumber(answer.result)
          : toNumber((answer.result as { number?: string } | null)?.number);
      if (number !== null && number > highestHead) highestHead = number;
    }
    return answer;
  }

  const server = createServer(async (request, response) => {
    requests++;
    const body = await readBody(request).catch(() => "");
    if (chance(faults.drop)) {
      injected.drop++;
      request.socket.destroy();
      return;
    }
    if (chance(faults.hang)) {
      injected.hang++;
      hanging.add(response);
      response.on("close", () => hanging.delete(response));
      return;
    }
    if (chance(faults.serverError)) {
      injected.serverError++;
      response.writeHead(random() < 0.5 ? 502 : 503, { "content-type": "text/html" });
      response.end("<html><body>Bad gateway</body></html>");
      return;
    }
    if (chance(faults.rateLimit)) {
      injected.rateLimit++;
      response.writeHead(429, { "content-type": "application/json", "retry-after": "0" });
      response.end(JSON.stringify({ error: "rate limited" }));
      return;
    }
    if (chance(faults.delay)) {
      injected.delay++;
      await new Promise((resolve) => setTimeout(resolve, random() * (faults.delayMs ?? 200)));
    }
    try {
      const parsed = JSON.parse(body) as JsonRpcCall | JsonRpcCall[];
      const answer = Array.isArray(parsed)
        ? await Promise.all(parsed.map(answerCall))
        : await answerCall(parsed);
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(answer));
    } catch (error) {
      response.writeHead(502, { "content-type": "text/plain" });
      response.end(`proxy: ${(error as Error).message}`);
    }
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    get requests() {
      return requests;
    },
    injected,
    setFaults(next) {
      faults = next;
    },
    resetCounts() {
      calls.clear();
      requests = 0;
    },
    totalCalls() {
      let total = 0;
      for (const count of calls.values()) total += count;
      return total;
    },
    async stop() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
