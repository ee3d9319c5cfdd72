/**
 * `npm run bench:gasless`: gasless payments (a shopper's EIP-3009 signature, relayed) on a private
 * anvil mining a block a second, 1 confirmation, with the jobs a server runs (the chain watcher on
 * its WebSocket head subscription, the relayer's upkeep). Each authorization goes the way
 * POST /api/checkout/{id}/authorizations takes it: relayAuthorization, then
 * followRelayTransaction in the background. Shoppers hold USDC and no ether.
 *
 * 1. Latency: 30 payments one after another, each posted at a random moment of the block
 *    interval, from the signature posted to the invoice `paid` (its status read every 10 ms).
 *    Target: p95 under one block time + 200 ms.
 * 2. A burst: 100 shoppers post 100 authorizations for 100 invoices at once. All paid, no
 *    nonce taken twice or skipped, the relayer's nonce moved by exactly 100; blocks and wall time.
 * 3. Gas: a relayed transferWithAuthorization next to a bare USDC transfer of the same amount
 *    between holders, and the relayer's fee per payment.
 * 4. x402: 20 agents (USDC, no ether) each fetch an invoice's x402 URL with @x402/fetch, one
 *    after another, at a random moment of the block interval: the 402, the signature, the retry
 *    settled through the relayer, the 200 with the paid invoice, end to end.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  type Hash,
  type Hex,
  http,
  type PrivateKeyAccount,
  webSocket,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { devAccount } from "../../chains/devAccounts";
import type { PaymentChain } from "../../chains/registry";
import { type CheckoutInvoice, checkoutView } from "../../checkout/view";
import { getConfig } from "../../config/config";
import type { Database } from "../../db/client";
import { invoices, payments, relayerTransactions } from "../../db/schema";

import { createInvoiceAlone } from "../../invoices/createInvoiceAlone";
import type { InvoiceRow } from "../../invoices/present";
import { createInvoiceBody } from "../../invoices/schemas";
import { startJobs } from "../../jobs/startJobs";
import { type PostedAuthorization, relayAuthorization } from "../../relayer/relayAuthorization";
import { relayerAccountFor, relayerState } from "../../relayer/relayerState";
import { followRelayTransaction } from "../../relayer/tendRelayer";
import { payInvoiceOverX402 } from "../../x402/payResource";
import { PAYMENT_SIGNATURE_HEADER, x402Response } from "../../x402/respond";
import { x402InvoiceUrl } from "../../x402/urls";
import { signAuthorization } from "../testing/signAuthorization";
import { inProcessFetch, payingFetch } from "../testing/x402";
import {
  createSender,
  insertMerchants,
  openBenchDatabase,
  percentile,
  startBenchChain,
} from "./localChain";

const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 30);
const X402 = Number(process.env.BENCH_X402 ?? 20);
const BURST = Number(process.env.BENCH_BURST ?? 100);
const BLOCK_MS = 1000;
const TARGET_MS = BLOCK_MS + 200;

type Option = CheckoutInvoice["payment_options"][number];
type Paying = {
  invoice: InvoiceRow;
  option: Option;
  shopper: PrivateKeyAccount;
  authorization?: PostedAuthorization;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the route does: relay, then follow the receipt in the background. */
async function post(db: Database, chain: PaymentChain, paying: Paying) {
  const { row } = await relayAuthorization(db, {
    invoiceId: paying.invoice.id,
    authorization: paying.authorization!,
  });
  void followRelayTransaction(db, chain, row);
  return row;
}

async function statuses(db: Database, ids: string[]): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: invoices.id, status: invoices.status })
    .from(invoices)
    .where(inArray(invoices.id, ids));
  return new Map(rows.map((row) => [row.id, row.status]));
}

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted.at(-1)!,
    mean: sorted.reduce((sum, value) => sum + value, 0) / sorted.length,
  };
}

const fmt = (value: number | bigint) => Number(value).toLocaleString("en-US");
const byValue = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);
const median = (values: bigint[]) => [...values].sort(byValue)[Math.floor(values.length / 2)]!;

console.log("Gasless payment benchmark (EIP-3009, relayed)");
const started = Date.now();
const bench = await startBenchChain({ blockTime: 1 });
const handle = await openBenchDatabase();
const db = handle.db;
const chain = bench.chain;
const relayer = relayerAccountFor(chain)!.address;
const usdc = chain.tokens.find((token) => token.symbol === "USDC")!.address;
const confirmations = getConfig().localChain?.confirmations ?? chain.confirmations;

// Blocks as this process hears of them (its own socket).
const announced = new Map<bigint, number>();
let lastHead = { number: 0n, at: 0 };
const heads = createPublicClient({
  chain: chain.chain,
  transport: webSocket(bench.rpcUrl.replace(/^http/, "ws"), { keepAlive: false, reconnect: false }),
});
const unwatch = heads.watchBlocks({
  poll: false,
  onBlock: (block) => {
    if (block.number === null) return;
    const at = Date.now();
    announced.set(block.number, at);
    lastHead = { number: block.number, at };
  },
});
const nextHead = async () => {
  const seen = lastHead.number;
  while (lastHead.number === seen) await sleep(2);
  return lastHead;
};

const creditedByWatcher = new Set<string>();
const jobs = startJobs(handle, {
  chains: [chain],
  watcher: {
    onCredited: (event) => {
      if (event.invoice.status === "paid") creditedByWatcher.add(event.invoice.id);
    },
  },
});

let exitCode = 1;
try {
  const [merchant] = await insertMerchants(handle, 1);
  const merchantAddress = merchant!.settlementAddress as Address;
  await relayerState(chain, 0);

  // Invoices and their shoppers: each shopper gets the amount due plus 1 USDC and no ether.
  const total = SEQUENTIAL + BURST;
  const created: InvoiceRow[] = [];
  for (let i = 0; i < total; i++) {
    const body = createInvoiceBody.parse({ amount: `${1 + (i % 40)}.25`, currency: "USD" });
    const { invoice } = await createInvoiceAlone(db, {
      merchant: merchant!,
      livemode: false,
      body,
      chains: [chain],
    });
    created.push(invoice);
  }
  const sender = createSender(bench);
  await sender.syncNonces();
  const paying: Paying[] = [];
  const fundings: Hash[] = [];
  for (const invoice of created) {
    const view = await checkoutView(db, invoice, [chain]);
    const option = view.payment_options.find((candidate) => candidate.token.symbol === "USDC")!;
    if (!option.authorization)
      throw new Error("USDC is not offered gasless: the relayer is not ready");
    const shopper = privateKeyToAccount(generatePrivateKey());
    fundings.push(
      await sender.send(
        usdc,
        sender.transferData(shopper.address, BigInt(option.amount) + 1_000_000n),
      ),
    );
    paying.push({ invoice, option, shopper });
  }
  for (const hash of fundings) {
    const receipt = await bench.publicClient.waitForTransactionReceipt({
      hash,
      pollingInterval: 100,
    });
    if (receipt.status !== "success") throw new Error(`funding ${hash} reverted`);
  }
  for (const entry of paying)
    entry.authorization = await signAuthorization(entry.shopper, entry.option);
  const shopperEth = await bench.publicClient.getBalance({ address: paying[0]!.shopper.address });
  const relayerBalanceBefore = await bench.publicClient.getBalance({ address: relayer });
  console.log(
    `  set up in ${((Date.now() - started) / 1000).toFixed(1)} s: ${total} invoices, ${total} shoppers holding USDC and ${shopperEth} wei`,
  );

  // 1. One after another, each at a random moment of the block interval.
  const sequential = paying.slice(0, SEQUENTIAL);
  const latency: number[] = [];
  const relayMs: number[] = [];
  const toBlock: number[] = [];
  const afterBlock: number[] = [];
  const missedBlock: number[] = [];
  for (const entry of sequential) {
    const head = await nextHead();
    const phase = Math.random() * BLOCK_MS;
    await sleep(Math.max(0, head.at + phase - Date.now()));
    const postedAt = Date.now();
    const headAtPost = lastHead.number;
    const row = await post(db, chain, entry);
    relayMs.push(Date.now() - postedAt);
    let paidAt = 0;
    const deadline = postedAt + 30_000;
    while (Date.now() < deadline) {
      const [current] = await db
        .select({ status: invoices.status })
        .from(invoices)
        .where(eq(invoices.id, entry.invoice.id));
      if (current?.status === "paid") {
        paidAt = Date.now();
        break;
      }
      await sleep(10);
    }
    if (!paidAt) throw new Error(`invoice ${entry.invoice.id} was not paid within 30 s`);
    latency.push(paidAt - postedAt);
    const receipt = await bench.publicClient.getTransactionReceipt({ hash: row.txHash as Hash });
    const blockAt = announced.get(receipt.blockNumber) ?? Number.NaN;
    toBlock.push(blockAt - postedAt);
    afterBlock.push(paidAt - blockAt);
    if (receipt.blockNumber > headAtPost + 1n) missedBlock.push(Math.round(phase));
  }
  const seqLatency = stats(latency);
  const pass = seqLatency.p95 < TARGET_MS;
  const seqByWatcher = sequential.filter((entry) => creditedByWatcher.has(entry.invoice.id)).length;
  console.log(`  sequential: ${SEQUENTIAL} paid`);

  // 2. A burst: every authorization at once.
  const burst = paying.slice(SEQUENTIAL);
  const burstIds = burst.map((entry) => entry.invoice.id);
  const nonceBefore = await bench.publicClient.getTransactionCount({ address: relayer });
  await nextHead();
  const burstStart = Date.now();
  const callMs: number[] = [];
  const burstRows = await Promise.all(
    burst.map(async (entry) => {
      const row = await post(db, chain, entry);
      callMs.push(Date.now() - burstStart);
      return row;
    }),
  );
  const acceptedMs = Date.now() - burstStart;
  let burstPaidMs = 0;
  while (Date.now() - burstStart < 60_000) {
    const current = await statuses(db, burstIds);
    if ([...current.values()].every((status) => status === "paid")) {
      burstPaidMs = Date.now() - burstStart;
      break;
    }
    await sleep(10);
  }
  if (!burstPaidMs) throw new Error("the burst's invoices were not all paid within a minute");
  // Every relayer row recorded as mined (by the receipt follow or the relayer job).
  let rows: (typeof relayerTransactions.$inferSelect)[] = [];
  while (Date.now() - burstStart < 90_000) {
    rows = await db
      .select()
      .from(relayerTransactions)
      .where(inArray(relayerTransactions.invoiceId, burstIds))
      .orderBy(asc(relayerTransactions.nonce));
    if (rows.length === burst.length && rows.every((row) => row.status === "mined")) break;
    await sleep(50);
  }
  const nonceAfter = await bench.publicClient.getTransactionCount({ address: relayer });
  const nonces = rows.map((row) => row.nonce);
  const contiguous = nonces.every((nonce, index) => nonce === nonces[0]! + BigInt(index));
  const onceEach = rows.every((row) => row.txHashes.length === 1 && row.attempts === 1);
  const blocks = [...new Set(rows.map((row) => row.minedBlock))].sort((a, b) => (a! < b! ? -1 : 1));
  const burstPayments = await db
    .select({ invoiceId: payments.invoiceId })
    .from(payments)
    .where(inArray(payments.invoiceId, burstIds));
  const burstByWatcher = burst.filter((entry) => creditedByWatcher.has(entry.invoice.id)).length;
  const burstOk =
    rows.length === burst.length &&
    new Set(nonces).size === burst.length &&
    contiguous &&
    onceEach &&
    nonceAfter - nonceBefore === burst.length &&
    burstPayments.length === burst.length &&
    new Set(burstRows.map((row) => row.txHash)).size === burst.length;
  console.log(`  burst: ${burst.length} posted at once`);

  // 3. Gas: every relayed payment's receipt, and bare transfers between holders.
  const allRows = await db
    .select()
    .from(relayerTransactions)
    .where(
      and(
        eq(relayerTransactions.relayerAddress, relayer.toLowerCase()),
        eq(relayerTransactions.kind, "authorization"),
      ),
    )
    .orderBy(asc(relayerTransactions.nonce));
  const receipts = await Promise.all(
    allRows.map((row) => bench.publicClient.getTransactionReceipt({ hash: row.txHash as Hash })),
  );
  // The first payment to the merchant's fresh address also writes its first balance.
  const relayedToHolder = receipts.slice(1).map((receipt) => receipt.gasUsed);
  const relayedFirst = receipts[0]!.gasUsed;
  const relayedGas = median(relayedToHolder);
  const holderSorted = [...relayedToHolder].sort(byValue);
  const fees = allRows.map((row) => row.feePaid ?? 0n);
  const feeMedian = median(fees);
  const feeMean = fees.reduce((sum, fee) => sum + fee, 0n) / BigInt(fees.length);
  const priceMedian = median(receipts.map((receipt) => receipt.effectiveGasPrice));
  const relayerBalanceAfter = await bench.publicClient.getBalance({ address: relayer });
  const spentPerPayment = (relayerBalanceBefore - relayerBalanceAfter) / BigInt(allRows.length);

  const amount = BigInt(sequential[0]!.option.amount);
  const wallet = createWalletClient({
    account: devAccount(1),
    chain: chain.chain,
    transport: http(bench.rpcUrl),
  });
  const bareHash = await wallet.sendTransaction({
    to: usdc,
    data: sender.transferData(merchantAddress, amount),
  });
  const bare = await bench.publicClient.waitForTransactionReceipt({
    hash: bareHash,
    pollingInterval: 100,
  });
  const checkoutHash = await wallet.sendTransaction({
    to: usdc,
    data: sequential[0]!.option.transaction.data as Hex,
  });
  // The checkout's wallet transfer (transfer + 16-byte reference), for reference: the invoice is paid already.
  const walletTransfer = await bench.publicClient.waitForTransactionReceipt({
    hash: checkoutHash,
    pollingInterval: 100,
  });

  const row = (label: string, value: string) => console.log(`  ${label.padEnd(52)} ${value}`);
  console.log(
    `\nPGlite, ${BLOCK_MS / 1000} s blocks, ${confirmations} confirmation, watcher on WebSocket newHeads, relayer job on`,
  );
  console.log(`\n1. ${SEQUENTIAL} sequential payments, signature posted -> invoice paid`);
  console.log(
    "  figure                                               p50 ms  p95 ms  max ms  mean ms",
  );
  const line = (label: string, values: number[]) => {
    const s = stats(values);
    console.log(
      `  ${label.padEnd(52)} ${String(s.p50).padStart(6)}  ${String(s.p95).padStart(6)}  ${String(s.max).padStart(6)}  ${s.mean.toFixed(0).padStart(7)}`,
    );
  };
  line("posted -> paid", latency);
  line("  relay call (verify, simulate, record, broadcast)", relayMs);
  line("  posted -> its block announced", toBlock);
  line("  block announced -> paid", afterBlock);
  row(
    "missed the next block (posted late in the interval)",
    `${missedBlock.length} of ${SEQUENTIAL}${missedBlock.length ? ` (at ${missedBlock.join(", ")} ms)` : ""}`,
  );
  row(
    "credited first by the watcher / by the receipt follow",
    `${seqByWatcher} / ${SEQUENTIAL - seqByWatcher}`,
  );
  row(
    `target p95 < ${TARGET_MS} ms (one block + 200 ms)`,
    `${pass ? "PASS" : "FAIL"} (p95 ${seqLatency.p95} ms)`,
  );

  console.log(`\n2. ${burst.length} authorizations posted at once (Promise.all)`);
  const calls = stats(callMs);
  row(
    "relay calls answered (202), from the start",
    `p50 ${fmt(calls.p50)} ms, p95 ${fmt(calls.p95)} ms, last ${fmt(acceptedMs)} ms`,
  );
  row("all invoices paid", `${fmt(burstPaidMs)} ms (${burstPayments.length} payments)`);
  row(
    "relayer_transactions rows / distinct nonces",
    `${rows.length} / ${new Set(nonces).size}, ${contiguous ? "contiguous" : "NOT contiguous"} (${nonces[0]}..${nonces.at(-1)})`,
  );
  row("each signed and sent once (one hash, 1 attempt)", onceEach ? "yes" : "NO");
  row("relayer's account nonce moved by", `${nonceAfter - nonceBefore}`);
  row(
    "mined in blocks",
    `${blocks.length} (${blocks.map((block) => `${rows.filter((r) => r.minedBlock === block).length} in one announced at +${fmt((announced.get(block!) ?? Number.NaN) - burstStart)} ms`).join(", ")})`,
  );
  row(
    "credited first by the watcher / by the receipt follow",
    `${burstByWatcher} / ${burst.length - burstByWatcher}`,
  );
  row("no double broadcast, all paid", burstOk ? "PASS" : "FAIL");

  console.log(`\n3. Gas per payment (${fmt(amount)} base units of USDC, FiatToken v2.2)`);
  row(
    "relayed transferWithAuthorization, to a holder",
    `${fmt(relayedGas)} gas (median of ${relayedToHolder.length}; min ${fmt(holderSorted[0]!)}, max ${fmt(holderSorted.at(-1)!)})`,
  );
  row("relayed, first payment to the merchant's empty address", `${fmt(relayedFirst)} gas`);
  row("bare transfer, holder to holder", `${fmt(bare.gasUsed)} gas`);
  row("checkout wallet transfer (transfer + reference)", `${fmt(walletTransfer.gasUsed)} gas`);
  row(
    "ratio relayed / bare transfer",
    `${(Number(relayedGas) / Number(bare.gasUsed)).toFixed(2)}x`,
  );
  row(
    "relayer paid per payment (fee_paid)",
    `median ${fmt(feeMedian)} wei, mean ${fmt(feeMean)} wei (at ${(Number(priceMedian) / 1e9).toFixed(3)} gwei)`,
  );
  row("relayer balance spent / payments", `${fmt(spentPerPayment)} wei over ${allRows.length}`);

  // 4. x402, as an agent pays: GET -> 402 -> sign -> GET with PAYMENT-SIGNATURE -> 200.
  const agents: { invoice: InvoiceRow; agent: PrivateKeyAccount }[] = [];
  const agentFundings: Hash[] = [];
  await sender.syncNonces(); // section 3 sent from the same accounts
  for (let i = 0; i < X402; i++) {
    const body = createInvoiceBody.parse({ amount: `${1 + i}.10`, currency: "USD" });
    const { invoice } = await createInvoiceAlone(db, {
      merchant: merchant!,
      livemode: false,
      body,
      chains: [chain],
    });
    const agent = privateKeyToAccount(generatePrivateKey());
    agentFundings.push(await sender.send(usdc, sender.transferData(agent.address, 100_000_000n)));
    agents.push({ invoice, agent });
  }
  for (const hash of agentFundings) {
    await bench.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 100 });
  }
  // What GET /api/x402/invoices/{id} does, minus the HTTP server and its limits.
  const x402Fetch = inProcessFetch(async (request) =>
    x402Response(
      await payInvoiceOverX402(db, {
        invoiceId: new URL(request.url).pathname.split("/").at(-1)!,
        header: request.headers.get(PAYMENT_SIGNATURE_HEADER),
      }),
    ),
  );
  const x402Ms: number[] = [];
  let x402Paid = 0;
  for (const { invoice, agent } of agents) {
    const head = await nextHead();
    await sleep(Math.max(0, head.at + Math.random() * BLOCK_MS - Date.now()));
    const at = Date.now();
    const response = await payingFetch(
      agent,
      usdc,
      x402Fetch,
    )(x402InvoiceUrl(getConfig().publicUrl, invoice.id));
    x402Ms.push(Date.now() - at);
    const answered = (await response.json()) as { status?: string };
    if (response.status === 200 && answered.status === "paid") x402Paid++;
  }
  const x402Stats = stats(x402Ms);
  console.log(
    `\n4. x402: ${X402} agents fetch an invoice's x402_url with @x402/fetch, one after another`,
  );
  line("402 -> sign -> settle -> 200 (invoice paid)", x402Ms);
  row("answered 200 with the invoice paid", `${x402Paid} of ${X402}`);
  row(
    `p95 next to the gasless target (${TARGET_MS} ms)`,
    `${x402Stats.p95} ms (${(x402Stats.p95 / TARGET_MS).toFixed(2)}x)`,
  );
  const x402Ok = x402Paid === X402;

  console.log(`\nTotal ${((Date.now() - started) / 1000).toFixed(1)} s`);
  exitCode = pass && burstOk && x402Ok ? 0 : 1;
} finally {
  unwatch();
  const rpc = await heads.transport.getRpcClient().catch(() => null);
  rpc?.close();
  await jobs.stop();
  await handle.close();
  await bench.stop();
}
process.exit(exitCode);
