import "server-only";
import { type Database, groupWriteLanes } from "../db/client";
import { violatesConstraint } from "../db/errors";
import { GroupCommit, type GroupOutcome } from "../db/groupCommit";
import { createInvoice } from "./createInvoice";
import {
  type CreatedInvoice,
  type CreateInvoiceParameters,
  checkedPaymentOptions,
  creationStatement,
  draftInvoice,
  type InvoiceDraft,
  MANUAL_AMOUNT_TAKEN,
} from "./invoiceDraft";
import { CROWDED_PROBES, type ManualChoice, probeManualAmounts } from "./manualAmounts";
import type { StoredPaymentOption } from "./paymentOptions";

/**
 * Creates an invoice for a caller with nothing else to write, in two statements and no
 * transaction: a read that finds each option a manual amount no open invoice holds, then one
 * statement, atomic on its own, that writes everything. Invoices asked for while the store is
 * busy are written together, one read and one statement for the group (group commit; a quiet
 * server writes each at once, alone). Should a racing invoice take one of those amounts in
 * between, that statement fails whole, writing nothing, and each invoice of the group is created
 * as createInvoice does, in a transaction that finds other amounts; so it is when the amounts
 * looked at were all held, and when the group's statement fails for any other reason, so that
 * one invoice's failure is its own.
 */
export async function createInvoiceAlone(
  db: Database,
  parameters: CreateInvoiceParameters,
): Promise<CreatedInvoice> {
  const options = checkedPaymentOptions(parameters);
  return creationGroups(db).submit({ parameters, options });
}

type Creation = { parameters: CreateInvoiceParameters; options: StoredPaymentOption[] };

/** Invoices in one statement, and their options (each a watch target and a manual amount). */
const MAX_GROUP_INVOICES = 64;
const MAX_GROUP_OPTIONS = 512;

const groupsByDatabase = new WeakMap<Database, GroupCommit<Creation, CreatedInvoice>>();

function creationGroups(db: Database): GroupCommit<Creation, CreatedInvoice> {
  let groups = groupsByDatabase.get(db);
  if (!groups) {
    groups = new GroupCommit<Creation, CreatedInvoice>({
      lanes: groupWriteLanes(db),
      fits: (group, next) =>
        group.length < MAX_GROUP_INVOICES &&
        group.reduce((sum, creation) => sum + creation.options.length, next.options.length) <=
          MAX_GROUP_OPTIONS,
      write: (group) => writeCreations(db, group),
    });
    groupsByDatabase.set(db, groups);
  }
  return groups;
}

async function writeCreations(
  db: Database,
  group: Creation[],
): Promise<GroupOutcome<CreatedInvoice>[]> {
  const manual = await probeFreeAmounts(db, group);
  const outcomes: GroupOutcome<CreatedInvoice>[] = [];
  const drafted: { index: number; draft: InvoiceDraft }[] = [];
  const inTransaction: number[] = [];
  group.forEach(({ parameters, options }, index) => {
    const choices = manual[index]!;
    if (!choices.every((choice): choice is ManualChoice => choice !== undefined)) {
      inTransaction.push(index);
      return;
    }
    try {
      drafted.push({ index, draft: draftInvoice(parameters, options, choices) });
    } catch (error) {
      outcomes[index] = { ok: false, error };
    }
  });
  if (drafted.length > 0) {
    try {
      await db.execute(
        creationStatement(
          db,
          drafted.map(({ draft }) => draft),
          "fail",
        ).statement,
      );
      for (const { index, draft } of drafted) {
        outcomes[index] = { ok: true, value: { invoice: draft.invoice, payments: [] } };
      }
    } catch (error) {
      if (drafted.length === 1 && !violatesConstraint(error, MANUAL_AMOUNT_TAKEN)) {
        outcomes[drafted[0]!.index] = { ok: false, error };
      } else {
        inTransaction.push(...drafted.map(({ index }) => index));
      }
    }
  }
  await Promise.all(
    inTransaction.map(async (index) => {
      const crowded = manual[index]!.some((choice) => choice === undefined);
      try {
        const value = await db.transaction((tx) =>
          createInvoice(tx, group[index]!.parameters, { crowded }),
        );
        outcomes[index] = { ok: true, value };
      } catch (error) {
        outcomes[index] = { ok: false, error };
      }
    }),
  );
  return outcomes;
}

/**
 * Per invoice of a group, per payment option, a manual amount no open invoice holds: a few
 * random offsets looked at for every option, then many more, in a second read, for the options
 * whose first ones were all held. undefined where those were all held too.
 */
async function probeFreeAmounts(
  db: Database,
  group: readonly Creation[],
): Promise<(ManualChoice | undefined)[][]> {
  const chosen = new Set<string>();
  const manual = await probeManualAmounts(
    db,
    group.map(({ parameters, options }) => ({
      options,
      dueCurrencyUnits: parameters.body.amountUnits,
    })),
    { chosen },
  );
  const crowded = group.flatMap((creation, index) => {
    const options = creation.options.filter((_, option) => manual[index]![option] === undefined);
    return options.length > 0 ? [{ index, options }] : [];
  });
  if (crowded.length === 0) return manual;
  const again = await probeManualAmounts(
    db,
    crowded.map(({ index, options }) => ({
      options,
      dueCurrencyUnits: group[index]!.parameters.body.amountUnits,
    })),
    { probes: CROWDED_PROBES, chosen },
  );
  crowded.forEach(({ index }, entry) => {
    const found = again[entry]!;
    let next = 0;
    manual[index] = manual[index]!.map((choice) => (choice === undefined ? found[next++] : choice));
  });
  return manual;
}
