import "server-only";
import { randomInt } from "node:crypto";
import { and, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../db/client";
import { rowsOf } from "../db/rows";
import { invoices, manualAmounts } from "../db/schema";
import { manualAmount, manualBase, manualOffsetUnit, manualSlots } from "./manualTransfer";
import { type StoredPaymentOption, tokenAmountDue } from "./paymentOptions";
import { amountDue, type InvoiceRow } from "./present";

/** A manual amount for an option (token base units, and the due it was made for), or none. */
export type ManualChoice = { amount: string; due: string } | null;

/** Random offsets a new invoice's options look at, in one read, before holding one. */
const PROBES = 8;
/** Offsets looked at in a second read for options whose first PROBES were all held. */
export const CROWDED_PROBES = 64;

/** The amount due rounded up to a cent and `count` distinct random offsets on it; null: none. */
function manualCandidates(
  option: StoredPaymentOption,
  dueCurrencyUnits: bigint,
  count: number,
): { base: bigint; amounts: bigint[] } | null {
  const decimals = option.token.decimals;
  const slots = manualSlots(decimals);
  if (slots === 0) return null;
  const base = manualBase(tokenAmountDue(dueCurrencyUnits, decimals), decimals);
  const picked = new Set<number>();
  while (picked.size < Math.min(count, slots)) picked.add(randomInt(1, slots + 1));
  return { base, amounts: [...picked].map((slot) => manualAmount(base, slot, decimals)) };
}

/**
 * A random manual amount per option of a new invoice, not yet held (null when the token has too
 * few decimals for offsets). The caller holds them with the invoice; one another open invoice
 * holds already is then skipped and replaced with holdManualAmount.
 */
export function firstManualTries(
  options: readonly StoredPaymentOption[],
  dueCurrencyUnits: bigint,
): ManualChoice[] {
  return options.map((option) => {
    const candidates = manualCandidates(option, dueCurrencyUnits, 1);
    return (
      candidates && { amount: candidates.amounts[0]!.toString(), due: candidates.base.toString() }
    );
  });
}

/**
 * For each of several new invoices, per payment option, a manual amount no open invoice holds at
 * this moment: the first free one of a few random offsets, all looked up in one read (an index
 * probe each, so its cost does not grow with how many amounts are held), and no two of these
 * invoices given the same one. null when the token allows no offsets, undefined when every offset
 * looked at was held (crowded: holdManualAmount searches them all). Holding it is still up to the
 * caller's insert, which a racing invoice may beat.
 */
export async function probeManualAmounts(
  executor: Executor,
  requests: readonly { options: readonly StoredPaymentOption[]; dueCurrencyUnits: bigint }[],
  settings: {
    /** Offsets looked at per option. */
    probes?: number;
    /** Amounts already given out by an earlier read for the same invoices; added to. */
    chosen?: Set<string>;
  } = {},
): Promise<(ManualChoice | undefined)[][]> {
  const probes = settings.probes ?? PROBES;
  const candidates = requests.map(({ options, dueCurrencyUnits }) =>
    options.map((option) => manualCandidates(option, dueCurrencyUnits, probes)),
  );
  // One array per column, unnested into rows by the statement: its size is seven parameters
  // however many invoices and options it looks at.
  const columns = {
    request: [] as number[],
    option: [] as number[],
    rank: [] as number[],
    chainId: [] as number[],
    token: [] as string[],
    recipient: [] as string[],
    amount: [] as string[],
  };
  requests.forEach(({ options }, request) => {
    options.forEach((option, index) => {
      for (const [rank, amount] of (candidates[request]![index]?.amounts ?? []).entries()) {
        columns.request.push(request);
        columns.option.push(index);
        columns.rank.push(rank);
        columns.chainId.push(option.chainId);
        columns.token.push(option.token.address.toLowerCase());
        columns.recipient.push(option.recipient.toLowerCase());
        columns.amount.push(amount.toString());
      }
    });
  });
  const free =
    columns.amount.length === 0
      ? []
      : rowsOf<{ request: number; option: number; amount: string }>(
          // A scalar subquery per candidate: an index lookup each, whatever the planner believes
          // about the table (the embedded store keeps no statistics; an anti-join planned for
          // "one held row" would compare every candidate with every held amount).
          await executor.execute(sql`
            select c.request, c.option, c.amount::text as amount
              from unnest(${arrayParam(columns.request)}::int[], ${arrayParam(columns.option)}::int[],
                          ${arrayParam(columns.rank)}::int[], ${arrayParam(columns.chainId)}::int[],
                          ${arrayParam(columns.token)}::text[], ${arrayParam(columns.recipient)}::text[],
                          ${arrayParam(columns.amount)}::numeric[])
                as c(request, option, rank, chain_id, token_address, recipient, amount)
             where (select m.id from manual_amounts m
                     where m.chain_id = c.chain_id and m.token_address = c.token_address
                       and m.recipient = c.recipient and m.released_at is null
                       and m.amount = c.amount
                     limit 1) is null
             order by c.request, c.option, c.rank`),
        );
  const freeByOption = new Map<string, string[]>();
  for (const row of free) {
    const key = `${row.request}:${row.option}`;
    const list = freeByOption.get(key) ?? [];
    list.push(row.amount);
    freeByOption.set(key, list);
  }
  // Invoices of one price look at the same amounts: the first to ask keeps a free one.
  const chosen = settings.chosen ?? new Set<string>();
  return requests.map(({ options }, request) =>
    options.map((option, index) => {
      const entry = candidates[request]![index];
      if (!entry) return null;
      const target = targetKey(option);
      const amount = freeByOption
        .get(`${request}:${index}`)
        ?.find((candidate) => !chosen.has(`${target}:${candidate}`));
      if (amount === undefined) return undefined;
      chosen.add(`${target}:${amount}`);
      return { amount, due: entry.base.toString() };
    }),
  );
}

/** The chain, token and address an option's manual amounts are unique for. */
function targetKey(option: StoredPaymentOption): string {
  return `${option.chainId}:${option.token.address.toLowerCase()}:${option.recipient.toLowerCase()}`;
}

/** A whole array as one statement parameter (not a list of parameters). */
function arrayParam(values: readonly (number | string)[]): SQL {
  return sql`${sql.param(values)}`;
}

/** Random offsets tried one by one before looking at which ones are still free. */
const RANDOM_TRIES = 6;

/**
 * What this process learnt from its last search among an amount's offsets, kept for
 * SEARCH_MEMO_MS: free offsets it saw beyond the one it held (spare), or that none was free
 * (sold out). While a price is crowded, each new invoice for it would otherwise pay for a search
 * among all its offsets (tens of milliseconds near 9,999 held), and invoices searching at once
 * would pick the same few free offsets and wait on each other's inserts. The next invoices of
 * that price take a spare each instead, one cheap insert apiece; a sold-out price answers "none"
 * at once. A spare another process took meanwhile is just an insert that does nothing; an offset
 * freed meanwhile is seen by the probe's random offsets, and by the search when the memo lapses.
 */
export const SEARCH_MEMO_MS = 30_000;
/** Free offsets a search returns beyond the one it holds. */
const SPARE_OFFSETS = 64;
const MEMO_ENTRIES = 10_000;
/** complete: the search saw every free offset, so once its spares are taken none is left. */
type SearchMemo = { at: number; spare: number[]; complete: boolean };
/** By chain, token, recipient and base. */
const searches = new Map<string, SearchMemo>();

function isFresh(memo: SearchMemo | undefined, now: number): memo is SearchMemo {
  return memo !== undefined && memo.at <= now && now < memo.at + SEARCH_MEMO_MS;
}

function remember(key: string, memo: SearchMemo): void {
  if (searches.size >= MEMO_ENTRIES) {
    for (const [entry, old] of searches) if (!isFresh(old, memo.at)) searches.delete(entry);
    // Still full of fresh entries: the oldest goes (a Map keeps insertion order).
    if (searches.size >= MEMO_ENTRIES) searches.delete(searches.keys().next().value!);
  }
  searches.delete(key);
  searches.set(key, memo);
}

/**
 * Holds a manual amount (base + a free offset) for one payment option of an invoice. The
 * UNIQUE partial index on held amounts decides: an insert that collides does nothing, and
 * another offset is tried. A few random offsets first (each a cheap statement while most are
 * free; skipped by a caller whose probe already saw this price crowded); then the spare offsets
 * an earlier search saw free; then one statement that picks among the offsets nobody holds, at a
 * cost that grows with how many are held, never with their square. Returns null when every offset
 * for this base is taken, and at once while a search said so less than SEARCH_MEMO_MS ago.
 */
export async function holdManualAmount(
  executor: Executor,
  parameters: {
    invoiceId: string;
    option: StoredPaymentOption;
    base: bigint;
    now: Date;
    crowded?: boolean;
  },
): Promise<bigint | null> {
  const { invoiceId, option, base, now } = parameters;
  const decimals = option.token.decimals;
  const slots = manualSlots(decimals);
  if (slots === 0) return null;
  const row = {
    invoiceId,
    chainId: option.chainId,
    tokenAddress: option.token.address.toLowerCase(),
    recipient: option.recipient.toLowerCase(),
  };
  const hold = async (slot: number) => {
    const amount = manualAmount(base, slot, decimals);
    const held = await executor
      .insert(manualAmounts)
      .values({ ...row, amount, due: base, createdAt: now })
      .onConflictDoNothing()
      .returning({ id: manualAmounts.id });
    return held.length > 0 ? amount : null;
  };
  // Taken one at a time, so that invoices of this price held at once each try another.
  const holdSpare = async (spare: number[]) => {
    for (let slot = spare.pop(); slot !== undefined; slot = spare.pop()) {
      const amount = await hold(slot);
      if (amount !== null) return amount;
    }
    return null;
  };
  const key = `${targetKey(option)}:${base}`;
  const memo = searches.get(key);
  const fresh = isFresh(memo, now.getTime());
  if (fresh && memo.complete && memo.spare.length === 0) return null;
  if (!parameters.crowded && !fresh) {
    for (let attempt = 0; attempt < RANDOM_TRIES; attempt++) {
      const amount = await hold(randomInt(1, slots + 1));
      if (amount !== null) return amount;
    }
  }
  if (fresh) {
    const amount = await holdSpare(memo.spare);
    if (amount !== null) return amount;
  }
  // Crowded. EXCEPT is a hashed set difference whatever the planner believes about the table
  // (the embedded store never gathers statistics, and an anti-join planned for "one held row"
  // compares every offset with every held amount).
  const unit = manualOffsetUnit(decimals).toString();
  const baseText = base.toString();
  for (let attempt = 0; attempt < 3; attempt++) {
    const result = await executor.execute(sql`
      with free as (
        select slot from (
          select generate_series(1, ${slots}::int) as slot
          except
          select ((m.amount - ${baseText}::numeric) / ${unit}::numeric)::int
            from manual_amounts m
           where m.chain_id = ${row.chainId} and m.token_address = ${row.tokenAddress}
             and m.recipient = ${row.recipient} and m.released_at is null
             and m.amount between ${baseText}::numeric + ${unit}::numeric
                              and ${baseText}::numeric + ${slots}::numeric * ${unit}::numeric
        ) offsets
        order by random()
        limit ${SPARE_OFFSETS + 1}
      ), picked as (
        select slot from free limit 1
      ), held as (
        insert into manual_amounts
          (invoice_id, chain_id, token_address, recipient, amount, due, created_at)
        select ${invoiceId}, ${row.chainId}, ${row.tokenAddress}, ${row.recipient},
          ${baseText}::numeric + picked.slot * ${unit}::numeric, ${baseText}::numeric,
          ${now.toISOString()}::timestamptz
        from picked
        on conflict do nothing
        returning amount
      )
      select (select amount::text from held) as amount,
        (select string_agg(slot::text, ',') from free
          where slot not in (select slot from picked)) as spare,
        (select count(*) from free)::int as found`);
    const [found] = rowsOf<{ found: number | string; amount: string | null; spare: string | null }>(
      result,
    );
    const spare = found?.spare ? found.spare.split(",").map(Number) : [];
    remember(key, { at: now.getTime(), spare, complete: Number(found?.found) <= SPARE_OFFSETS });
    if (found?.amount != null) return BigInt(found.amount);
    // None free (remembered as sold out); or a racing insert took the one picked: try a spare,
    // or look again.
    if (!found || Number(found.found) === 0) return null;
    const amount = await holdSpare(spare);
    if (amount !== null) return amount;
  }
  return null;
}

/**
 * Gives every payment option of an open invoice a manual amount for what is due now: the first
 * at creation, and after a partial payment one for the rest. Amounts held before stay held until
 * the invoice is finished, so a transfer of an older amount that is already on its way still
 * counts. Saves the options on the invoice and returns the updated row.
 */
export async function assignManualAmounts(
  executor: Executor,
  invoice: InvoiceRow,
  now: Date,
): Promise<InvoiceRow> {
  const due = amountDue(invoice);
  if (due === 0n) return invoice;
  const wanted = invoice.paymentOptions.map((option) => {
    const decimals = option.token.decimals;
    const base = manualBase(tokenAmountDue(due, decimals), decimals);
    const current = option.manual && BigInt(option.manual.due) === base;
    const slots = manualSlots(decimals);
    return { option, base, current, first: slots > 0 ? randomInt(1, slots + 1) : 0 };
  });
  const missing = wanted.filter((entry) => !entry.current);
  if (missing.length === 0) return invoice;

  // Usually every option's first random offset is free: one insert for all of them.
  const firstTries = missing.filter((entry) => entry.first > 0);
  const heldAtOnce = new Set<string>();
  if (firstTries.length > 0) {
    const rows = await executor
      .insert(manualAmounts)
      .values(
        firstTries.map(({ option, base, first }) => ({
          invoiceId: invoice.id,
          chainId: option.chainId,
          tokenAddress: option.token.address.toLowerCase(),
          recipient: option.recipient.toLowerCase(),
          amount: manualAmount(base, first, option.token.decimals),
          due: base,
          createdAt: now,
        })),
      )
      .onConflictDoNothing()
      .returning({ chainId: manualAmounts.chainId, tokenAddress: manualAmounts.tokenAddress });
    for (const row of rows) heldAtOnce.add(`${row.chainId}:${row.tokenAddress}`);
  }

  let changed = false;
  const options: StoredPaymentOption[] = [];
  for (const { option, base, current, first } of wanted) {
    if (current) {
      options.push(option);
      continue;
    }
    const key = `${option.chainId}:${option.token.address.toLowerCase()}`;
    const amount = heldAtOnce.has(key)
      ? manualAmount(base, first, option.token.decimals)
      : await holdManualAmount(executor, { invoiceId: invoice.id, option, base, now });
    options.push({
      ...option,
      manual: amount === null ? null : { amount: amount.toString(), due: base.toString() },
    });
    changed = true;
  }
  if (!changed) return invoice;
  const [updated] = await executor
    .update(invoices)
    .set({ paymentOptions: options })
    .where(eq(invoices.id, invoice.id))
    .returning();
  return updated!;
}

/** Lets go of an invoice's manual amounts, so other invoices may use them. */
export async function releaseManualAmounts(
  executor: Executor,
  invoiceIds: readonly string[],
  now: Date,
): Promise<void> {
  if (invoiceIds.length === 0) return;
  // By invoice alone (a few rows each): "released_at is null" here would invite the planner to
  // read the partial index of every held amount.
  await executor
    .update(manualAmounts)
    .set({
      releasedAt: sql`coalesce(${manualAmounts.releasedAt}, ${now.toISOString()}::timestamptz)`,
    })
    .where(inArray(manualAmounts.invoiceId, [...invoiceIds]));
}

/**
 * After an invoice changed: a paid or canceled one releases its amounts; an open one gets an
 * amount for what is due now. An expired one keeps its amounts through the monitoring window,
 * so that a late exchange withdrawal is still recognised (paid_late).
 */
export async function syncManualAmounts(
  executor: Executor,
  invoice: InvoiceRow,
  now: Date,
): Promise<InvoiceRow> {
  if (invoice.status === "paid" || invoice.status === "canceled") {
    await releaseManualAmounts(executor, [invoice.id], now);
    return invoice;
  }
  if (invoice.status === "open" || invoice.status === "processing") {
    return assignManualAmounts(executor, invoice, now);
  }
  return invoice;
}

/** Releases amounts still held by invoices that are paid or canceled (a canceled one, mostly). */
export async function releaseFinishedManualAmounts(executor: Executor, now: Date): Promise<number> {
  const released = await executor
    .update(manualAmounts)
    .set({ releasedAt: now })
    .where(
      and(
        isNull(manualAmounts.releasedAt),
        inArray(
          manualAmounts.invoiceId,
          sql`(select ${invoices.id} from ${invoices} where ${invoices.status} in ('paid', 'canceled'))`,
        ),
      ),
    )
    .returning({ id: manualAmounts.id });
  return released.length;
}
