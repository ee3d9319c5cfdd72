/**
 * `npm run bench:latency`: how soon an invoice is `paid` after the block that confirms its
 * payment. The local chain mines a block every second; 50 invoices are paid by wallet (the
 * reference in the calldata) and no hash is posted, so only the watcher can find them. Measured
 * from the moment the block is announced (a newHeads subscription of this process) to the commit
 * that makes the invoice paid, first with the watcher subscribed to new heads over WebSocket, then,
 * in the same run, polling for the head once a second.
 *
 * Target: p95 under 200 ms with the subscription.
 */
import { createPublicClient, type Hash, webSocket } from "viem";
import { getConfig } from "../../config/config";
import { createInvoiceAlone } from "../../invoices/createInvoiceAlone";
import { transferCalldata } from "../../invoices/paymentOptions";
import { createInvoiceBody } from "../../invoices/schemas";
import { createChainWatcher } from "../../payments/watcher/chainWatcher";
import { findPostgresBinaries, startTemporaryPostgres } from "../testing/postgresServer";
import {
  createSender,
  insertMerchants,
  openBenchDatabase,
  percentile,
  startBenchChain,
} from "./localChain";

const PAYMENTS = Number(process.env.BENCH_PAYMENTS ?? 50);

type Figures = { mode: string; store: string; latencies: number[] };

async function run(store: string, postgresUrl?: string): Promise<Figures[]> {
  const bench = await startBenchChain({ blockTime: 1 });
  const handle = await openBenchDatabase(postgresUrl);
  const figures: Figures[] = [];
  const announced = new Map<bigint, number>();
  const heads = createPublicClient({
    chain: bench.chain.chain,
    // Its own socket (other options than the watcher's), so closing one leaves the other be.
    transport: webSocket(bench.rpcUrl.replace(/^http/, "ws"), {
      keepAlive: false,
      reconnect: false,
    }),
  });
  const unwatch = heads.watchBlocks({
    poll: false,
    onBlock: (block) => {
      if (block.number !== null) announced.set(block.number, Date.now());
    },
  });
  try {
    const [merchant] = await insertMerchants(handle, 1);
    const sender = createSender(bench);

    for (const mode of ["subscription (WebSocket newHeads)", "polling once a second"] as const) {
      const created = [];
      for (let i = 0; i < PAYMENTS; i++) {
        const body = createInvoiceBody.parse({ amount: `${1 + (i % 40)}.00`, currency: "USD" });
        const { invoice } = await createInvoiceAlone(handle.db, {
          merchant: merchant!,
          livemode: false,
          body,
          chains: [bench.chain],
        });
        created.push(invoice);
      }
      const paidAt = new Map<string, { at: number; block: bigint }>();
      const watcher = createChainWatcher({
        db: handle.db,
        chain: bench.chain,
        wsUrl: mode.startsWith("subscription") ? bench.chain.wsUrl : null,
        pollIntervalMs: 1000,
        onCredited: (event) => {
          if (event.invoice.status === "paid") {
            paidAt.set(event.invoice.id, { at: event.at, block: event.blockNumber });
          }
        },
      });
      await watcher.runOnce();
      watcher.start();

      // Five payments a second, at random moments within the block interval.
      await sender.syncNonces();
      const hashes: Hash[] = [];
      for (const invoice of created) {
        const option = invoice.paymentOptions.find(
          (candidate) => candidate.token.symbol === "USDC",
        )!;
        const data = transferCalldata(
          option.recipient,
          invoice.amount / 10n ** 12n,
          invoice.reference as Hash,
        );
        hashes.push(await sender.send(option.token.address, data));
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
      }
      const deadline = Date.now() + 60_000;
      while (paidAt.size < created.length && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await watcher.stop();
      if (paidAt.size < created.length) {
        throw new Error(`${created.length - paidAt.size} invoices were not paid within a minute`);
      }
      const latencies = [...paidAt.values()]
        .map(({ at, block }) => at - (announced.get(block) ?? Number.NaN))
        .sort((a, b) => a - b);
      if (latencies.some(Number.isNaN)) throw new Error("a block was not announced to the bench");
      figures.push({ mode, store, latencies });
      console.log(`  ${store}, ${mode}: ${latencies.length} invoices paid`);
    }
  } finally {
    unwatch();
    const rpc = await heads.transport.getRpcClient().catch(() => null);
    rpc?.close();
    await handle.close();
    await bench.stop();
  }
  return figures;
}

function print(rows: Figures[]): boolean {
  console.log(
    `\n${rows[0]!.store}: block announced -> invoice paid, ${PAYMENTS} payments, 1 s blocks, ${getConfig().localChain?.confirmations ?? 1} confirmation`,
  );
  console.log(
    "  mode                                  p50 ms   p95 ms   p99 ms   max ms   mean ms",
  );
  for (const row of rows) {
    const mean = row.latencies.reduce((sum, value) => sum + value, 0) / row.latencies.length;
    console.log(
      `  ${row.mode.padEnd(36)} ${String(percentile(row.latencies, 50)).padStart(6)}   ${String(percentile(row.latencies, 95)).padStart(6)}   ${String(percentile(row.latencies, 99)).padStart(6)}   ${String(row.latencies.at(-1)).padStart(6)}   ${mean.toFixed(0).padStart(7)}`,
    );
  }
  const p95 = percentile(rows[0]!.latencies, 95);
  const polled = percentile(rows[1]!.latencies, 95);
  console.log(
    `  target (p95 under 200 ms with the subscription): ${p95 < 200 ? "met" : "NOT met"} (${p95} ms; polling p95 ${polled} ms, ${(polled / Math.max(p95, 1)).toFixed(1)}x)`,
  );
  return p95 < 200;
}

/** BENCH_STORES=pglite or =postgres measures one store only. */
const STORES = (process.env.BENCH_STORES ?? "pglite,postgres").split(",");
console.log("Payment latency benchmark");
const results: boolean[] = [];
if (STORES.includes("pglite")) results.push(print(await run("PGlite")));
const binaries = STORES.includes("postgres") ? findPostgresBinaries() : null;
if (binaries) {
  const server = await startTemporaryPostgres(binaries);
  try {
    results.push(print(await run("PostgreSQL", server.url)));
  } finally {
    server.stop();
  }
}
process.exit(results.every(Boolean) ? 0 : 1);
