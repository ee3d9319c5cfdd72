/**
 * `npm run bench:api`: requests per second and latency of the merchant API against the
 * production build, on the embedded store (PGlite) and on PostgreSQL, next to a trivial route on
 * the same server (the framework's ceiling). Figures are ratios measured in one run, since these
 * machines are noisy.
 *
 * Targets: GET /api/v1/invoices/{id} at least 50% of the ceiling, POST /api/v1/invoices at least
 * 25%, p99 under 50 ms at 50 concurrent connections.
 *
 * Throughput is measured with the 50 connections sending as fast as answers come back. That load
 * keeps 50 requests queued at all times, so its latency is the queue's (Little's law: 50 in flight
 * at 1,000 requests/s is 50 ms each, whatever the route), the ceiling's included. The p99 target is
 * therefore also judged at a steady load: 50 clients, each on its own connection sending
 * STEADY_RATE requests a second at its own moments (as independent shoppers and servers do; not
 * all in the same millisecond), latency counted from when each request was due, so a slow answer
 * also counts against the requests it held up (no coordinated omission).
 */
import { Agent, request as httpRequest } from "node:http";
import autocannon from "autocannon";
import { findPostgresBinaries, startTemporaryPostgres } from "../testing/postgresServer";
import { ensureBuild, startBenchServer } from "./server";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
/** Requests per second per connection in the steady-load run (50 × 2 = 100 requests/s). */
const STEADY_RATE = Number(process.env.BENCH_STEADY_RATE ?? 2);
/**
 * Distinct prices the POSTs ask for, as a shop's cart totals differ: 1.00, 1.01, … Each price
 * offers 9,999 manual-transfer amounts per token, and one run creates about that many invoices,
 * so a single price (BENCH_PRICES=1) measures a price whose amounts are running out.
 */
const PRICES = Math.max(1, Number(process.env.BENCH_PRICES ?? 10_000));

function invoiceBody(): string {
  const cents = PRICES === 1 ? 1250 : 100 + Math.floor(Math.random() * PRICES);
  const amount = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
  return JSON.stringify({ amount, currency: "USD", order_id: "bench" });
}

type Figures = {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  /** Latency with one client at a time: what a request costs without queueing. */
  aloneP50: number;
  aloneP99: number;
  /** Latency with every connection sending STEADY_RATE requests a second. */
  steadyP50: number;
  steadyP99: number;
};

async function measure(
  name: string,
  options: autocannon.Options,
  makeBody?: () => string,
): Promise<Figures> {
  if (makeBody) {
    options = {
      ...options,
      requests: [
        { method: options.method, setupRequest: (request) => ({ ...request, body: makeBody() }) },
      ],
    };
  }
  // A short warm-up first: the first requests compile routes and fill caches.
  await autocannon({ ...options, duration: 2, connections: CONNECTIONS });
  const result = await autocannon({ ...options, duration: DURATION, connections: CONNECTIONS });
  const alone = await autocannon({ ...options, duration: 3, connections: 1 });
  const steady = await steadyLoad(options, makeBody);
  const errors = result.errors + result.timeouts + result.non2xx + alone.non2xx + steady.errors;
  return {
    name,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors,
    aloneP50: alone.latency.p50,
    aloneP99: alone.latency.p99,
    steadyP50: steady.p50,
    steadyP99: steady.p99,
  };
}

/**
 * CONNECTIONS clients for DURATION seconds, each on one keep-alive connection, sending a request
 * every 1/STEADY_RATE s from a random start, and waiting on its connection when the previous
 * answer is late. Latency runs from the moment a request was due.
 */
async function steadyLoad(
  options: autocannon.Options,
  makeBody?: () => string,
): Promise<{ p50: number; p99: number; errors: number }> {
  const url = new URL(options.url);
  const interval = 1000 / STEADY_RATE;
  const started = performance.now() + 100;
  const latencies: number[] = [];
  let errors = 0;
  const client = async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const offset = Math.random() * interval;
    const sends: Promise<void>[] = [];
    for (let due = started + offset; due < started + DURATION * 1000; due += interval) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
      const dueAt = due;
      sends.push(
        send(agent, url, options, makeBody?.()).then(
          (status) => {
            latencies.push(performance.now() - dueAt);
            if (status < 200 || status > 299) errors++;
          },
          () => {
            errors++;
          },
        ),
      );
    }
    await Promise.all(sends);
    agent.destroy();
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, client));
  latencies.sort((a, b) => a - b);
  const at = (fraction: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * fraction))]!);
  return { p50: at(0.5), p99: at(0.99), errors };
}

function send(
  agent: Agent,
  url: URL,
  options: autocannon.Options,
  body = options.body as string | undefined,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      url,
      {
        agent,
        method: options.method ?? "GET",
        headers: options.headers as Record<string, string> | undefined,
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
        response.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

async function benchStore(label: string, databaseUrl?: string): Promise<Figures[]> {
  const server = await startBenchServer({ databaseUrl });
  try {
    const headers = {
      authorization: `Bearer ${server.apiKey}`,
      "content-type": "application/json",
    };
    const created = await fetch(`${server.url}/api/v1/invoices`, {
      method: "POST",
      headers,
      body: JSON.stringify({ amount: "12.50", currency: "USD" }),
    });
    const invoice = (await created.json()) as { id: string };
    const ceiling = await measure("GET /api/ping (ceiling)", { url: `${server.url}/api/ping` });
    const get = await measure("GET /api/v1/invoices/{id}", {
      url: `${server.url}/api/v1/invoices/${invoice.id}`,
      headers,
    });
    const post = await measure(
      "POST /api/v1/invoices",
      { url: `${server.url}/api/v1/invoices`, method: "POST", headers },
      invoiceBody,
    );
    print(label, ceiling, [get, post]);
    return [ceiling, get, post];
  } finally {
    await server.stop();
  }
}

function print(label: string, ceiling: Figures, rows: Figures[]) {
  console.log(
    `\n${label}: ${CONNECTIONS} connections, ${DURATION} s each; POST bodies over ${PRICES} price${PRICES === 1 ? "" : "s"}`,
  );
  console.log(
    `  route                          req/s   of ceiling   p50 ms   p99 ms   errors   alone p50/p99 ms   ${CONNECTIONS * STEADY_RATE}/s p50/p99 ms`,
  );
  for (const row of [ceiling, ...rows]) {
    const ratio =
      row === ceiling
        ? ""
        : `${((row.requestsPerSecond / ceiling.requestsPerSecond) * 100).toFixed(0)}%`;
    console.log(
      `  ${row.name.padEnd(30)} ${row.requestsPerSecond.toFixed(0).padStart(6)}   ${ratio.padStart(10)}   ${String(row.p50).padStart(6)}   ${String(row.p99).padStart(6)}   ${String(row.errors).padStart(6)}   ${`${row.aloneP50} / ${row.aloneP99}`.padStart(16)}   ${`${row.steadyP50} / ${row.steadyP99}`.padStart(16)}`,
    );
  }
  const [get, post] = rows as [Figures, Figures];
  const verdict = (ok: boolean) => (ok ? "met" : "MISSED");
  console.log(
    `  targets: GET >= 50% ${verdict(get.requestsPerSecond >= ceiling.requestsPerSecond * 0.5)}, ` +
      `POST >= 25% ${verdict(post.requestsPerSecond >= ceiling.requestsPerSecond * 0.25)}, ` +
      `p99 < 50 ms at ${CONNECTIONS} connections × ${STEADY_RATE}/s ${verdict(get.steadyP99 < 50 && post.steadyP99 < 50)}` +
      ` (saturated: GET ${get.p99} ms, POST ${post.p99} ms; the ceiling's own ${ceiling.p99} ms)`,
  );
}

/** BENCH_STORES=pglite or =postgres measures one store only. */
const STORES = (process.env.BENCH_STORES ?? "pglite,postgres").split(",");

async function benchPostgres() {
  const binaries = findPostgresBinaries();
  if (!process.env.BENCH_DATABASE_URL && !binaries) {
    console.log(
      "\nPostgreSQL not installed: skipped (set BENCH_DATABASE_URL or install postgresql).",
    );
    return;
  }
  const postgres = process.env.BENCH_DATABASE_URL ? null : await startTemporaryPostgres(binaries!);
  try {
    await benchStore("PostgreSQL", process.env.BENCH_DATABASE_URL ?? postgres!.url);
  } finally {
    postgres?.stop();
  }
}

ensureBuild();
if (STORES.includes("pglite")) await benchStore("Embedded store (PGlite)");
if (STORES.includes("postgres")) await benchPostgres();
