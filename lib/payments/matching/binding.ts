import { type Address, type Hex, toFunctionSelector } from "viem";

/** Length of an invoice reference in bytes (see newReference). */
export const REFERENCE_BYTES = 16;

/**
 * Inputs longer than this are not searched for the calls that made their transfers: Ethereum's
 * own nodes refuse transactions over 128 KiB, so an honest payment is always far below it. Their
 * transfers can still pay by manual amount.
 */
export const MAX_BOUND_INPUT_BYTES = 256 * 1024;

const TRANSFER = Buffer.from("a9059cbb", "hex"); // transfer(address,uint256)
const TRANSFER_FROM = Buffer.from("23b872dd", "hex"); // transferFrom(address,address,uint256)
const WORD = 32;
const ADDRESS_PADDING = 12;

/**
 * EIP-3009 calls (Circle's USDC and EURC): (from, to, value, validAfter, validBefore, nonce, ...).
 * Their nonce is the reference: an authorization made for an invoice option begins its nonce
 * with the invoice's 16 bytes (lib/relayer/authorization.ts), so the transfer names its invoice
 * whoever broadcasts it, and inside whatever wraps the call.
 */
const AUTHORIZATION_SELECTORS = [
  "transferWithAuthorization(address,address,uint256,uint256,uint256,bytes32,uint8,bytes32,bytes32)",
  "transferWithAuthorization(address,address,uint256,uint256,uint256,bytes32,bytes)",
  "receiveWithAuthorization(address,address,uint256,uint256,uint256,bytes32,uint8,bytes32,bytes32)",
  "receiveWithAuthorization(address,address,uint256,uint256,uint256,bytes32,bytes)",
].map((signature) => Buffer.from(toFunctionSelector(signature).slice(2), "hex"));
/** From the selector to the authorization's nonce: from, to, value, validAfter, validBefore. */
const NONCE_OFFSET = 4 + 5 * WORD;

/** What binding needs to know of one Transfer log. */
export type BindableTransfer = {
  token: Address;
  from: Address;
  to: Address;
  value: bigint;
  logIndex: number;
};

export type TransferBinding =
  /** The call that made the transfer is immediately followed by these 16 bytes. */
  | { kind: "reference"; reference: Hex }
  /** No call in the input made it with bytes after it: only a manual amount can say what it pays. */
  | { kind: "none" }
  /** Calls that each could have made it carry different references: nothing says which did. */
  | { kind: "ambiguous" };

const NONE: TransferBinding = { kind: "none" };
const AMBIGUOUS: TransferBinding = { kind: "ambiguous" };

/** One transfer or transferFrom call found in the input, with what follows it. */
type Call = { at: number; from: string | null; reference: string | null };

/** (recipient, amount) as the call's two words spell them, lowercase hex without 0x. */
function callKey(to: string, value: bigint): string {
  return `${to
    .slice(2)
    .toLowerCase()
    .padStart(WORD * 2, "0")}${value.toString(16).padStart(WORD * 2, "0")}`;
}

function isAddressWord(bytes: Buffer, at: number): boolean {
  for (let i = at; i < at + ADDRESS_PADDING; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** The 16 bytes after a call, or null when the input ends first or they are all zero (ABI padding). */
function referenceAt(bytes: Buffer, at: number): string | null {
  if (at + REFERENCE_BYTES > bytes.length) return null;
  for (let i = at; i < at + REFERENCE_BYTES; i++) {
    if (bytes[i] !== 0) return `0x${bytes.toString("hex", at, at + REFERENCE_BYTES)}`;
  }
  return null;
}

/** Every call to `selector` in the input whose arguments send one of the wanted (recipient, amount). */
function findCalls(
  bytes: Buffer,
  selector: Buffer,
  wanted: ReadonlyMap<string, Call[]>,
  withSender: boolean,
  /** Where the reference starts, from the selector: right after the arguments, or in the nonce. */
  referenceOffset?: number,
): void {
  const head = selector.length + (withSender ? WORD : 0);
  const end = head + 2 * WORD;
  const referenceAtOffset = referenceOffset ?? end;
  for (let at = bytes.indexOf(selector); at !== -1; at = bytes.indexOf(selector, at + 1)) {
    if (at + end > bytes.length) break;
    if (!isAddressWord(bytes, at + head)) continue;
    if (withSender && !isAddressWord(bytes, at + selector.length)) continue;
    const calls = wanted.get(bytes.toString("hex", at + head, at + end));
    if (!calls) continue;
    calls.push({
      at,
      from: withSender
        ? `0x${bytes.toString("hex", at + selector.length + ADDRESS_PADDING, at + selector.length + WORD)}`
        : null,
      reference: referenceAt(bytes, at + referenceAtOffset),
    });
  }
}

function agreed(calls: readonly Call[]): TransferBinding {
  const references = new Set(calls.map((call) => call.reference));
  if (references.size > 1) return AMBIGUOUS;
  const [reference] = references;
  return reference ? { kind: "reference", reference: reference as Hex } : NONE;
}

/**
 * Binds each Transfer log of one transaction to the reference its own call carries: the
 * `transfer(to, value)` or `transferFrom(from, to, value)` calldata with the log's recipient and
 * amount (and sender, for transferFrom), immediately followed by 16 bytes; or an EIP-3009
 * `transferWithAuthorization` / `receiveWithAuthorization(from, to, value, ..., nonce, ...)`
 * whose nonce begins with them. The call may sit
 * anywhere in the input: at the top, in a multicall, a Safe's execTransaction or an ERC-4337
 * handleOps, since ABI-encoded bytes keep an inner call contiguous. A reference anywhere else in
 * the input binds nothing.
 *
 * Several logs with the same recipient and amount: when as many such calls as logs are found and
 * the logs are of one token, the k-th log (in log order) was made by the k-th call (in input
 * order), as batches execute their calls in order. Otherwise a log binds only when every call
 * that could have made it carries the same reference, and is ambiguous when they disagree.
 *
 * Linear in the input's length: each selector is searched once, whatever the number of logs.
 */
export function bindTransfers(
  input: Hex,
  transfers: readonly BindableTransfer[],
): TransferBinding[] {
  const bindings: TransferBinding[] = transfers.map(() => NONE);
  const hexLength = input.length - 2;
  if (transfers.length === 0 || hexLength < 2 || hexLength / 2 > MAX_BOUND_INPUT_BYTES) {
    return bindings;
  }
  const bytes = Buffer.from(input.slice(2), "hex");

  const groups = new Map<string, number[]>();
  const calls = new Map<string, Call[]>();
  transfers.forEach((transfer, index) => {
    const key = callKey(transfer.to, transfer.value);
    const group = groups.get(key);
    if (group) group.push(index);
    else {
      groups.set(key, [index]);
      calls.set(key, []);
    }
  });
  findCalls(bytes, TRANSFER, calls, false);
  findCalls(bytes, TRANSFER_FROM, calls, true);
  for (const selector of AUTHORIZATION_SELECTORS) {
    findCalls(bytes, selector, calls, true, NONCE_OFFSET);
  }

  for (const [key, members] of groups) {
    const found = calls.get(key)!.sort((a, b) => a.at - b.at);
    if (found.length === 0) continue;
    const ordered = [...members].sort((a, b) => transfers[a]!.logIndex - transfers[b]!.logIndex);
    const tokens = new Set(ordered.map((index) => transfers[index]!.token.toLowerCase()));
    const canMake = (call: Call, index: number) =>
      call.from === null || call.from === transfers[index]!.from.toLowerCase();
    if (found.length === ordered.length && tokens.size === 1) {
      ordered.forEach((index, k) => {
        const call = found[k]!;
        bindings[index] = canMake(call, index) ? agreed([call]) : AMBIGUOUS;
      });
      continue;
    }
    for (const index of ordered) {
      bindings[index] = agreed(found.filter((call) => canMake(call, index)));
    }
  }
  return bindings;
}

/**
 * True when the input holds a transfer or transferFrom call to one of `recipients` immediately
 * followed by `reference`, or an EIP-3009 authorization to one of them whose nonce begins with it:
 * a transaction not mined yet that sets out to pay that invoice.
 */
export function inputPaysReference(
  input: Hex,
  reference: Hex,
  recipients: readonly Address[],
): boolean {
  const hexLength = input.length - 2;
  if (hexLength / 2 > MAX_BOUND_INPUT_BYTES) return false;
  const bytes = Buffer.from(input.slice(2), "hex");
  const needle = Buffer.from(reference.slice(2), "hex");
  if (needle.length !== REFERENCE_BYTES) return false;
  const wanted = new Set(recipients.map((recipient) => recipient.slice(2).toLowerCase()));
  for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + 1)) {
    for (const [selector, size] of [
      [TRANSFER, 4 + 2 * WORD],
      [TRANSFER_FROM, 4 + 3 * WORD],
    ] as const) {
      const start = at - size;
      if (start < 0 || !bytes.subarray(start, start + 4).equals(selector)) continue;
      const toWord = at - 2 * WORD;
      if (!isAddressWord(bytes, toWord)) continue;
      if (wanted.has(bytes.toString("hex", toWord + ADDRESS_PADDING, toWord + WORD))) return true;
    }
    const start = at - NONCE_OFFSET;
    if (start < 0) continue;
    const selector = bytes.subarray(start, start + 4);
    if (!AUTHORIZATION_SELECTORS.some((candidate) => candidate.equals(selector))) continue;
    const toWord = start + 4 + WORD;
    if (!isAddressWord(bytes, toWord)) continue;
    if (wanted.has(bytes.toString("hex", toWord + ADDRESS_PADDING, toWord + WORD))) return true;
  }
  return false;
}
