/**
 * `npm run bench:watcher`: what finding payments costs per block as open invoices grow from 100
 * to 10,000 to 100,000. Each block carries 100 USDC transfers: 20 pay open invoices by reference
 * (the wallet path), 10 by their manual amount, 10 go to merchants but match nothing, 60 go
 * elsewhere. The watcher is measured through a counting JSON-RPC proxy; next to it, the naive way:
 * one eth_getLogs per open invoice (for its recipient), then each of those logs' transactions.
 *
 * Target: the watcher's RPC calls per block are the same at every size.
 *
 * Then the adversarial block (see adversarial.ts): ping p99 during it next to idle, on the
 * production server.
 */
import { type Address, concatHex, createPublicClient, type Hash, type Hex, http, pad } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { invoices, manualAmounts, paymentTargets } from "../../db/schema";
import { newId } from "../../ids";
import { manualAmount } from "../../invoices/manualTransfer";
import type { StoredPaymentOption } from "../../invoices/paymentOptions";
import { createChainWatcher } from "../../payments/watcher/chainWatcher";
import type { PassSummary } from "../../payments/watcher/types";
import { findPostgresBinaries, startTemporaryPostgres } from "../testing/postgresServer";
import { startRpcProxy } from "../testing/rpcProxy";
import { runAdversarialBlock } from "./adversarial";
import { createSender, insertMerchants, openBenchDatabase, startBenchChain } from "./localChain";

const SIZES = (process.env.BENCH_SIZES ?? "100,10000,100000").split(",").map(Number);
const BLOCKS_PER_SIZE = Number(process.env.BENCH_BLOCKS ?? 3);
const MERCHANTS = 20;
/** Above this many open invoices the naive way is measured on a sample and scaled. */
const NAIVE_SAMPLE = 2000;
const TRANSFER_TOPIC = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";

type OpenInvoice = {
  id: string;
  reference: Hex;
  recipient: Address;
  amount: bigint;
  manual: bigint;
};

type Row = {
  size: number;
  store: string;
  watcherCalls: number;
  byMethod: Record<string, number>;
  readTransactionsMs: number;
  matchMs: number;
  creditMs: number;
  credited: number;
  naiveCalls: number;
  naiveMs: number;
  naiveSampled: boolean;
};

const randomIndex = (length: number) => Math.floor(Math.random() * length);
const take = <T>(items: T[]): T => items.splice(randomIndex(items.length), 1)[0]!;

async function run(store: string, postgresUrl?: string): Promise<Row[]> {
  const bench = await startBenchChain();
  const handle = await openBenchDatabase(postgresUrl);
  const proxy = await startRpcProxy({ target: bench.rpcUrl });
  const rows: Row[] = [];
  try {
    const { db } = handle;
    const usdc = bench.chain.tokens.find((token) => token.symbol === "USDC")!;
    const usdt = bench.chain.tokens.find((token) => token.symbol === "USDT")!;
    const shops = await insertMerchants(handle, MERCHANTS);
    const slots = new Map<string, number>();
    const open: OpenInvoice[] = [];
    let created = 0;

    const seed = async (count: number) => {
      const now = new Date();
      const expiresAt = new Date(now.getTime() + 86_400_000);
      for (let done = 0; done < count; ) {
        const batch = Math.min(1000, count - done);
        const invoiceRows = [];
        const targetRows = [];
        const manualRows = [];
        for (let i = 0; i < batch; i++) {
          const shop = shops[(created + i) % MERCHANTS]!;
          const recipient = shop.settlementAddress as Address;
          const cents = 100 + randomIndex(1901);
          const amount = BigInt(cents) * 10_000n;
          const reference =
            `0x${Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("hex")}` as Hex;
          const id = newId("inv", now.getTime());
          const options: StoredPaymentOption[] = [];
          let manualUsdc = 0n;
          for (const token of [usdc, usdt]) {
            const key = `${token.address}:${recipient}:${amount}`;
            const slot = (slots.get(key) ?? 0) + 1;
            slots.set(key, slot);
            const held = manualAmount(amount, slot, token.decimals);
            if (token === usdc) manualUsdc = held;
            options.push({
              chainId: bench.chain.id,
              chainName: bench.chain.name,
              token: {
                symbol: token.symbol,
                name: token.name,
                address: token.address,
                decimals: token.decimals,
                currency: token.currency,
              },
              recipient,
              manual: { amount: held.toString(), due: amount.toString() },
            });
            targetRows.push({
              invoiceId: id,
              chainId: bench.chain.id,
              tokenAddress: token.address.toLowerCase(),
              recipient: recipient.toLowerCase(),
              watchUntil: new Date(expiresAt.getTime() + 86_400_000),
            });
            manualRows.push({
              invoiceId: id,
              chainId: bench.chain.id,
              tokenAddress: token.address.toLowerCase(),
              recipient: recipient.toLowerCase(),
              amount: held,
              due: amount,
            });
          }
          invoiceRows.push({
            id,
            merchantId: shop.id,
            livemode: false,
            status: "open" as const,
            currency: "USD",
            amount: amount * 10n ** 12n,
            amountPaid: 0n,
            reference,
            paymentOptions: options,
            expiresAt,
            createdAt: now,
            updatedAt: now,
          });
          open.push({ id, reference, recipient, amount, manual: manualUsdc });
        }
        await db.insert(invoices).values(invoiceRows);
        await db.insert(paymentTargets).values(targetRows);
        await db.insert(manualAmounts).values(manualRows);
        created += batch;
        done += batch;
      }
    };

    const sender = createSender(bench);
    const naiveClient = createPublicClient({
      chain: bench.chain.chain,
      transport: http(proxy.url, { retryCount: 0 }),
    });
    const watcher = createChainWatcher({ db, chain: bench.chain, rpcUrl: proxy.url, wsUrl: null });
    await watcher.runOnce();

    const mineBlock = async (): Promise<bigint> => {
      await bench.testClient.setAutomine(false);
      await sender.syncNonces();
      const sends: Promise<Hash>[] = [];
      for (let i = 0; i < 20; i++) {
        const invoice = take(open);
        sends.push(
          sender.send(
            usdc.address,
            concatHex([sender.transferData(invoice.recipient, invoice.amount), invoice.reference]),
          ),
        );
      }
      for (let i = 0; i < 10; i++) {
        const invoice = take(open);
        sends.push(
          sender.send(usdc.address, sender.transferData(invoice.recipient, invoice.manual)),
        );
      }
      for (let i = 0; i < 10; i++) {
        const shop = shops[randomIndex(MERCHANTS)]!;
        sends.push(
          sender.send(
            usdc.address,
            sender.transferData(shop.settlementAddress as Address, 1_230_000n + BigInt(i) * 7n),
          ),
        );
      }
      for (let i = 0; i < 60; i++) {
        const stranger = privateKeyToAccount(generatePrivateKey()).address;
        sends.push(sender.send(usdc.address, sender.transferData(stranger, 10_000n)));
      }
      await Promise.all(sends);
      await bench.testClient.mine({ blocks: 1 });
      await bench.testClient.setAutomine(true);
      const block = await bench.publicClient.getBlock({ blockTag: "latest" });
      if (block.transactions.length !== 100) {
        throw new Error(`expected 100 transfers in the block, found ${block.transactions.length}`);
      }
      return block.number;
    };

    /** One eth_getLogs per open invoice, then the transactions of what it returns. */
    const naive = async (blockNumber: bigint, population: readonly OpenInvoice[]) => {
      const sampled = population.length > NAIVE_SAMPLE;
      const sample = sampled
        ? Array.from({ length: NAIVE_SAMPLE }, () => population[randomIndex(population.length)]!)
        : population;
      proxy.resetCounts();
      const started = performance.now();
      let next = 0;
      const worker = async () => {
        while (next < sample.length) {
          const invoice = sample[next++]!;
          const logs = (await naiveClient.request({
            method: "eth_getLogs",
            params: [
              {
                address: [usdc.address, usdt.address],
                topics: [TRANSFER_TOPIC, null, pad(invoice.recipient.toLowerCase() as Hex)],
                fromBlock: `0x${blockNumber.toString(16)}`,
                toBlock: `0x${blockNumber.toString(16)}`,
              },
            ],
          })) as { transactionHash: Hash; data: Hex }[];
          for (const log of logs) {
            const transaction = await naiveClient.getTransaction({
              hash: log.transactionHash,
            });
            if (transaction.input.toLowerCase().includes(invoice.reference.slice(2))) break;
            if (BigInt(log.data) === invoice.manual) break;
          }
        }
      };
      await Promise.all(Array.from({ length: 16 }, worker));
      const scale = population.length / sample.length;
      return {
        calls: Math.round(proxy.totalCalls() * scale),
        ms: (performance.now() - started) * scale,
        sampled,
      };
    };

    for (const size of SIZES) {
      const seedStarted = performance.now();
      await seed(size - open.length);
      console.log(
        `  ${store}: ${open.length.toLocaleString("en")} open invoices ready (${((performance.now() - seedStarted) / 1000).toFixed(1)} s to add)`,
      );
      await watcher.runOnce();
      const passes: { summary: PassSummary; calls: number; byMethod: Record<string, number> }[] =
        [];
      let naiveFigures = { calls: 0, ms: 0, sampled: false };
      for (let block = 0; block < BLOCKS_PER_SIZE; block++) {
        const population = [...open];
        const number = await mineBlock();
        proxy.resetCounts();
        const summary = await watcher.runOnce();
        passes.push({
          summary,
          calls: proxy.totalCalls(),
          byMethod: Object.fromEntries(proxy.calls),
        });
        if (summary.credited !== 30) {
          throw new Error(`the watcher credited ${summary.credited} transfers, expected 30`);
        }
        if (block === 0) naiveFigures = await naive(number, population);
      }
      const mean = (pick: (pass: (typeof passes)[number]) => number) =>
        passes.reduce((sum, pass) => sum + pick(pass), 0) / passes.length;
      rows.push({
        size,
        store,
        watcherCalls: mean((pass) => pass.calls),
        byMethod: passes[0]!.byMethod,
        readTransactionsMs: mean((pass) => pass.summary.timings.transactionsMs),
        matchMs: mean((pass) => pass.summary.timings.matchMs),
        creditMs: mean((pass) => pass.summary.timings.creditMs),
        credited: mean((pass) => pass.summary.credited),
        naiveCalls: naiveFigures.calls,
        naiveMs: naiveFigures.ms,
        naiveSampled: naiveFigures.sampled,
      });
    }
  } finally {
    await proxy.stop();
    await handle.close();
    await bench.stop();
  }
  return rows;
}

function print(rows: Row[]) {
  const store = rows[0]?.store;
  console.log(
    `\n${store}: per block of 100 transfers (30 paying invoices), mean of ${BLOCKS_PER_SIZE} blocks`,
  );
  console.log(
    "  open invoices   watcher RPC calls   match ms   tx reads ms   credit ms (30)   naive RPC calls   naive ms      calls ratio",
  );
  for (const row of rows) {
    console.log(
      `  ${row.size.toLocaleString("en").padStart(13)}   ${row.watcherCalls.toFixed(0).padStart(17)}   ${row.matchMs.toFixed(1).padStart(8)}   ${row.readTransactionsMs.toFixed(1).padStart(11)}   ${row.creditMs.toFixed(0).padStart(14)}   ${`${row.naiveCalls.toLocaleString("en")}${row.naiveSampled ? "*" : ""}`.padStart(15)}   ${row.naiveMs.toFixed(0).padStart(8)}   ${`${(row.naiveCalls / row.watcherCalls).toFixed(0)}x`.padStart(12)}`,
    );
  }
  console.log(
    `  watcher calls by method: ${rows.map((row) => `${row.size.toLocaleString("en")}: ${JSON.stringify(row.byMethod)}`).join("; ")}`,
  );
  if (rows.some((row) => row.naiveSampled)) {
    console.log(`  * measured on ${NAIVE_SAMPLE.toLocaleString("en")} sampled invoices and scaled`);
  }
  const calls = rows.map((row) => row.watcherCalls);
  const same = calls.every((value) => value === calls[0]);
  console.log(
    `  target (the same RPC calls per block at every size): ${same ? "met" : "NOT met"}; match time ${rows[rows.length - 1]!.matchMs.toFixed(1)} ms at ${rows[rows.length - 1]!.size.toLocaleString("en")} vs ${rows[0]!.matchMs.toFixed(1)} ms at ${rows[0]!.size.toLocaleString("en")}`,
  );
  return same;
}

/**
 * BENCH_STORES=pglite or =postgres measures one store only. BENCH_ADVERSARIAL=0 skips the
 * adversarial block; =only runs nothing else.
 */
const STORES =
  process.env.BENCH_ADVERSARIAL === "only"
    ? []
    : (process.env.BENCH_STORES ?? "pglite,postgres").split(",");
const results: boolean[] = [];
console.log("Watcher benchmark");
if (STORES.includes("pglite")) results.push(print(await run("PGlite")));
const binaries = STORES.includes("postgres") ? findPostgresBinaries() : null;
if (binaries) {
  const server = await startTemporaryPostgres(binaries);
  try {
    results.push(print(await run("PostgreSQL", server.url)));
  } finally {
    server.stop();
  }
} else if (STORES.includes("postgres")) {
  console.log("\n(PostgreSQL is not installed here: measured on PGlite only.)");
}
if (process.env.BENCH_ADVERSARIAL !== "0") results.push(await runAdversarialBlock());
process.exit(results.every(Boolean) ? 0 : 1);
