import type { Hash, Hex } from "viem";
import type { ChainToken } from "../../chains/tokens";
import type { AcceptedToken } from "../../db/schema";
import type { StoredPaymentOption } from "../../invoices/paymentOptions";
import { tokenToCurrencyUnits } from "../../money/currencies";
import type { MatchedTransfer, TransactionSender, TransferLog } from "../transfers";
import { bindTransfers, type TransferBinding } from "./binding";

/**
 * Transfers of one transaction looked at, at most: an honest batch pays a handful of invoices,
 * and each transfer above the dust floor costs whoever sends it. The rest are left alone.
 */
export const MAX_TRANSFERS_PER_TRANSACTION = 500;

/** What the matcher needs to know of a chain. */
export type MatchChain = {
  id: number;
  name: string;
  testnet: boolean;
  tokens: readonly ChainToken[];
};

/** Transfers worth a closer look: a non-zero amount to a watched recipient. */
export function candidateTransfers(
  logs: readonly TransferLog[],
  recipients: ReadonlySet<string>,
): TransferLog[] {
  return logs.filter((log) => log.value > 0n && recipients.has(log.to.toLowerCase()));
}

export function tokenOf(chain: MatchChain, address: string): ChainToken | undefined {
  const wanted = address.toLowerCase();
  return chain.tokens.find((token) => token.address.toLowerCase() === wanted);
}

/**
 * Splits transfers into those worth matching and dust: worth less than `floor` (invoice-level
 * units) of their token's currency. Past MAX_TRANSFERS_PER_TRANSACTION transfers in one
 * transaction, the rest are `skipped`.
 */
export function splitTransfers(
  chain: MatchChain,
  logs: readonly TransferLog[],
  floor: bigint,
): { payable: TransferLog[]; dust: TransferLog[]; skipped: number } {
  const payable: TransferLog[] = [];
  const dust: TransferLog[] = [];
  const perTransaction = new Map<string, number>();
  let skipped = 0;
  for (const log of logs) {
    const token = tokenOf(chain, log.token);
    if (!token) continue;
    if (tokenToCurrencyUnits(log.value, token.decimals) < floor) {
      dust.push(log);
      continue;
    }
    const hash = log.transactionHash.toLowerCase();
    const seen = perTransaction.get(hash) ?? 0;
    if (seen >= MAX_TRANSFERS_PER_TRANSACTION) {
      skipped++;
      continue;
    }
    perTransaction.set(hash, seen + 1);
    payable.push(log);
  }
  return { payable, dust, skipped };
}

export type WatchedTransaction = { input: Hex; sender: TransactionSender };

const logKey = (log: Pick<TransferLog, "transactionHash" | "logIndex">) =>
  `${log.transactionHash.toLowerCase()}:${log.logIndex}`;

/** Each transfer's binding, found once per transaction (see bindTransfers). */
export type Bindings = ReadonlyMap<string, TransferBinding>;

/**
 * Binds the transfers of each transaction to the references their own calls carry. Linear in
 * the bytes of the transactions' inputs; `pause` is awaited between transactions whose inputs
 * add up to more than 64 KiB, so a long batch lets other work of the process run.
 */
export async function bindCandidates(
  candidates: readonly TransferLog[],
  transactions: ReadonlyMap<string, WatchedTransaction>,
  pause: () => Promise<void> = async () => {},
): Promise<Bindings> {
  const byTransaction = new Map<string, TransferLog[]>();
  for (const log of candidates) {
    const hash = log.transactionHash.toLowerCase();
    const group = byTransaction.get(hash);
    if (group) group.push(log);
    else byTransaction.set(hash, [log]);
  }
  const bindings = new Map<string, TransferBinding>();
  let sinceYield = 0;
  for (const [hash, logs] of byTransaction) {
    const transaction = transactions.get(hash);
    if (!transaction) continue;
    bindTransfers(transaction.input, logs).forEach((binding, index) => {
      bindings.set(logKey(logs[index]!), binding);
    });
    sinceYield += transaction.input.length / 2;
    if (sinceYield > 65_536) {
      sinceYield = 0;
      await pause();
    }
  }
  return bindings;
}

export function bindingOf(bindings: Bindings, log: TransferLog): TransferBinding {
  return bindings.get(logKey(log)) ?? { kind: "none" };
}

/** The references the bindings name, each once, lowercase. */
export function boundReferences(bindings: Bindings): string[] {
  const references = new Set<string>();
  for (const binding of bindings.values()) {
    if (binding.kind === "reference") references.add(binding.reference.toLowerCase());
  }
  return [...references];
}

/** A merchant's terms as they are now: where it is paid and what it accepts. */
export type MerchantTerms = {
  settlementAddress: string;
  settlementOverrides: Record<string, string>;
  acceptedTokens: AcceptedToken[] | null;
};

export type ReferencedInvoice = {
  id: string;
  merchantId: string;
  livemode: boolean;
  currency: string;
  reference: string;
  paymentOptions: StoredPaymentOption[];
  merchant: MerchantTerms;
};

/** An invoice holding a manual amount for (token, recipient). Addresses lowercase. */
export type ManualHolder = {
  invoiceId: string;
  tokenAddress: string;
  recipient: string;
  amount: bigint;
  paymentOptions: StoredPaymentOption[];
};

/** Transfers of one transaction that pay one invoice. */
export type TransferAssignment = {
  invoiceId: string;
  txHash: Hash;
  blockNumber: bigint;
  blockHash: Hash;
  sender: TransactionSender;
  via: "reference" | "manual";
  transfers: MatchedTransfer[];
};

export type UnmatchedReason =
  | "below_minimum"
  | "other_currency"
  | "not_accepted"
  | "invoice_not_payable"
  | "ambiguous"
  | "no_invoice";

/** A transfer to a merchant's address that credits no invoice, and why. */
export type UnmatchedTransfer = {
  log: TransferLog;
  reason: UnmatchedReason;
  /** The invoice its reference named, when it named one of this merchant's. */
  invoice: Pick<ReferencedInvoice, "id" | "merchantId" | "livemode"> | null;
};

export type AssignmentReport = {
  assignments: TransferAssignment[];
  unmatched: UnmatchedTransfer[];
};

function optionFor(
  options: readonly StoredPaymentOption[],
  chainId: number,
  log: TransferLog,
): StoredPaymentOption | undefined {
  const token = log.token.toLowerCase();
  const to = log.to.toLowerCase();
  return options.find(
    (option) =>
      option.chainId === chainId &&
      option.token.address.toLowerCase() === token &&
      option.recipient.toLowerCase() === to,
  );
}

/** Where the merchant is paid on a chain: the invoice's recipients there and its address now. */
function paysMerchant(invoice: ReferencedInvoice, chainId: number, to: string): boolean {
  const recipient =
    invoice.merchant.settlementOverrides[String(chainId)] ?? invoice.merchant.settlementAddress;
  if (recipient.toLowerCase() === to) return true;
  return invoice.paymentOptions.some(
    (option) => option.chainId === chainId && option.recipient.toLowerCase() === to,
  );
}

/**
 * How a transfer that names an invoice by reference pays it: with one of its options, or (the
 * reference names the invoice; the options are a menu, not a fence) with another chain or token of
 * the deployment that the merchant accepts in the invoice's currency and mode. null: it does not
 * go to the merchant at all, so it is not the merchant's money.
 */
function referencedOption(
  chain: MatchChain,
  invoice: ReferencedInvoice,
  log: TransferLog,
): StoredPaymentOption | "other_currency" | "not_accepted" | null {
  const own = optionFor(invoice.paymentOptions, chain.id, log);
  if (own) return own;
  const to = log.to.toLowerCase();
  if (!paysMerchant(invoice, chain.id, to)) return null;
  const token = tokenOf(chain, log.token);
  if (!token || chain.testnet === invoice.livemode) return "not_accepted";
  if (token.currency !== invoice.currency) return "other_currency";
  const accepted = invoice.merchant.acceptedTokens;
  if (accepted && !accepted.some((t) => t.chainId === chain.id && t.symbol === token.symbol)) {
    return "not_accepted";
  }
  return {
    chainId: chain.id,
    chainName: chain.name,
    token: {
      symbol: token.symbol,
      name: token.name,
      address: token.address,
      decimals: token.decimals,
      currency: token.currency,
    },
    recipient: log.to,
  };
}

/**
 * Decides which invoice, if any, each candidate transfer pays. A transfer bound to an invoice's
 * reference (its own call carries it: see bindTransfers) pays that invoice, with one of its
 * options or another chain or token the merchant accepts in its currency. A transfer bound to
 * nothing pays the invoice holding exactly its amount for manual transfers to that token and
 * recipient. Anything else is unmatched and left for the merchant to see, never credited to a
 * guess.
 */
export function assignTransfers(parameters: {
  chain: MatchChain;
  candidates: readonly TransferLog[];
  transactions: ReadonlyMap<string, WatchedTransaction>;
  bindings: Bindings;
  referenced: readonly ReferencedInvoice[];
  manualHolders: readonly ManualHolder[];
}): AssignmentReport {
  const { chain, candidates, transactions, bindings, referenced, manualHolders } = parameters;
  const byReference = new Map(
    referenced.map((invoice) => [invoice.reference.toLowerCase(), invoice]),
  );
  const byManual = new Map(
    manualHolders.map((holder) => [
      `${holder.tokenAddress}:${holder.recipient}:${holder.amount.toString()}`,
      holder,
    ]),
  );
  const groups = new Map<string, TransferAssignment>();
  const unmatched: UnmatchedTransfer[] = [];

  for (const log of candidates) {
    const transaction = transactions.get(log.transactionHash.toLowerCase());
    if (!transaction) continue;
    const binding = bindingOf(bindings, log);
    if (binding.kind === "ambiguous") {
      unmatched.push({ log, reason: "ambiguous", invoice: null });
      continue;
    }

    let invoiceId: string | undefined;
    let option: StoredPaymentOption | undefined;
    let via: TransferAssignment["via"] = "reference";
    const named =
      binding.kind === "reference" ? byReference.get(binding.reference.toLowerCase()) : undefined;
    const paid = named ? referencedOption(chain, named, log) : null;
    if (named && paid !== null) {
      if (typeof paid === "string") {
        unmatched.push({ log, reason: paid, invoice: named });
        continue;
      }
      invoiceId = named.id;
      option = paid;
    } else {
      const holder = byManual.get(
        `${log.token.toLowerCase()}:${log.to.toLowerCase()}:${log.value.toString()}`,
      );
      option = holder && optionFor(holder.paymentOptions, chain.id, log);
      invoiceId = holder?.invoiceId;
      via = "manual";
    }
    if (!invoiceId || !option) {
      unmatched.push({ log, reason: "no_invoice", invoice: null });
      continue;
    }

    const key = `${invoiceId}:${log.transactionHash.toLowerCase()}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        invoiceId,
        txHash: log.transactionHash.toLowerCase() as Hash,
        blockNumber: log.blockNumber,
        blockHash: log.blockHash,
        sender: transaction.sender,
        via,
        transfers: [],
      };
      groups.set(key, group);
    }
    group.transfers.push({ logIndex: log.logIndex, from: log.from, amount: log.value, option });
  }

  const assignments = [...groups.values()].sort((a, b) =>
    a.blockNumber === b.blockNumber
      ? a.transfers[0]!.logIndex - b.transfers[0]!.logIndex
      : a.blockNumber < b.blockNumber
        ? -1
        : 1,
  );
  return { assignments, unmatched };
}

/**
 * Candidates a manual amount may pay: bound to no known invoice's reference, or to one whose
 * merchant they do not pay.
 */
export function unboundTransfers(
  chainId: number,
  candidates: readonly TransferLog[],
  bindings: Bindings,
  referenced: readonly ReferencedInvoice[],
): TransferLog[] {
  const byReference = new Map(
    referenced.map((invoice) => [invoice.reference.toLowerCase(), invoice]),
  );
  return candidates.filter((log) => {
    const binding = bindingOf(bindings, log);
    if (binding.kind === "ambiguous") return false;
    const named =
      binding.kind === "reference" ? byReference.get(binding.reference.toLowerCase()) : undefined;
    return !named || !paysMerchant(named, chainId, log.to.toLowerCase());
  });
}
