import "server-only";
import { x402Facilitator } from "@x402/core/facilitator";
import type { PaymentPayload, SettleResponse, VerifyResponse } from "@x402/core/types";
import { toFacilitatorEvmSigner } from "@x402/evm";
import { ExactEvmScheme } from "@x402/evm/exact/facilitator";
import { and, eq, ne } from "drizzle-orm";
import {
  type Abi,
  type Address,
  encodeFunctionData,
  getAddress,
  type Hash,
  type Hex,
  type TransactionReceipt,
} from "viem";
import { type PaymentChain, publicClientFor } from "../chains/registry";
import type { Database } from "../db/client";
import { invoices, relayerTransactions } from "../db/schema";
import { DomainError } from "../errors";
import type { CurrencyCode } from "../money/currencies";
import type { RelayerTransactionRow } from "../relayer/lane";
import { relayerAccountFor } from "../relayer/relayerState";
import {
  findRelayedAuthorization,
  type RelayTransfer,
  relayTransfer,
} from "../relayer/relayTransfer";
import { recordMined } from "../relayer/tendRelayer";
import { networkOf } from "./requirements";

/** Whose payment an x402 settlement is, and what may be spent relaying it. */
export type SettlementContext = {
  chain: PaymentChain;
  merchantId: string;
  /** The invoice it pays (an invoice's or a link's x402 URL, or the facilitator's record). */
  invoiceId: string | null;
  currency: CurrencyCode;
  /** The most the gas may be worth, a decimal amount of `currency`. */
  feeCap: string;
  source: "x402" | "facilitator";
  /** How long to wait for the receipt before answering that the settlement is pending. */
  receiptTimeoutMs?: number;
  /** Fault points for the crash tests (see relayTransfer). */
  faults?: RelayTransfer["faults"];
};

/** What happened inside the facilitator: the relayer's row, its receipt, or our refusal. */
export type SettlementTrace = {
  row?: RelayerTransactionRow;
  receipt?: TransactionReceipt;
  refusal?: DomainError;
  /** The authorization was relayed before (a retry, or a concurrent request with it). */
  repeated?: boolean;
};

/** An EIP-3009 authorization as an x402 `exact` payload carries it. */
export type ExactAuthorization = {
  from: Address;
  to: Address;
  value: bigint;
  validAfter: bigint;
  validBefore: bigint;
  nonce: Hex;
};

const RECEIPT_POLL_MS = 100;
const DEFAULT_RECEIPT_TIMEOUT_MS = 60_000;

/**
 * The x402 facilitator for one chain, built from the protocol's own parts (`x402Facilitator`
 * with the `exact` EVM scheme) over a signer whose writes go through this deployment's relayer:
 * a settlement is simulated, priced against the merchant's cap and budget, recorded in the
 * relayer's nonce lane, then broadcast; its receipt is the recorded transaction's, whichever fee
 * it was finally mined at. The signer never sends anything else: no wallet deployments, no
 * calls but `transferWithAuthorization` on the token the requirements name.
 */
export function relayingFacilitator(
  db: Database,
  context: SettlementContext,
  trace: SettlementTrace,
): x402Facilitator {
  const { chain } = context;
  const client = publicClientFor(chain);
  const account = relayerAccountFor(chain);
  if (!account) {
    throw new DomainError("relayer_unavailable", `No relayer is set for ${chain.name}.`);
  }
  const signer = toFacilitatorEvmSigner(
    {
      address: account.address,
      readContract: (args) =>
        client.readContract(args as Parameters<typeof client.readContract>[0]),
      verifyTypedData: (args) =>
        client.verifyTypedData(args as Parameters<typeof client.verifyTypedData>[0]),
      getCode: (args) => client.getCode(args),
      sendTransaction: async () => {
        throw new Error("This facilitator relays authorizations only; it deploys no wallets.");
      },
      writeContract: (args) => relayWrite(db, context, trace, args),
      waitForTransactionReceipt: ({ hash }) => followReceipt(db, context, trace, hash),
    },
    { confirmationTimeoutMs: context.receiptTimeoutMs ?? DEFAULT_RECEIPT_TIMEOUT_MS },
  );
  return new x402Facilitator().register(networkOf(chain.id), new ExactEvmScheme(signer));
}

/** The `exact` EIP-3009 authorization of a payload, or null when it carries none. */
export function exactAuthorizationOf(payload: PaymentPayload): ExactAuthorization | null {
  const authorization = (payload.payload as { authorization?: Record<string, unknown> })
    .authorization;
  if (!authorization) return null;
  try {
    return {
      from: getAddress(String(authorization.from)),
      to: getAddress(String(authorization.to)),
      value: BigInt(String(authorization.value)),
      validAfter: BigInt(String(authorization.validAfter)),
      validBefore: BigInt(String(authorization.validBefore)),
      nonce: String(authorization.nonce) as Hex,
    };
  } catch {
    return null;
  }
}

/**
 * A relayed row answers a repeat of its authorization when it was relayed for the same thing:
 * the same invoice (an invoice's or link's x402 URL), or the same merchant's facilitator.
 */
function sameTarget(row: RelayerTransactionRow, context: SettlementContext): boolean {
  if (context.source === "facilitator") {
    return row.source === "facilitator" && row.merchantId === context.merchantId;
  }
  return row.invoiceId !== null && row.invoiceId === context.invoiceId;
}

/**
 * The authorization's earlier settlement when this is a repeat of it for the same target (the
 * answer is then that settlement's), null when it was never relayed; refused when it was relayed
 * for something else.
 */
export async function earlierSettlement(
  db: Database,
  context: SettlementContext,
  token: Address,
  authorization: Pick<ExactAuthorization, "from" | "nonce">,
): Promise<RelayerTransactionRow | null> {
  const row = await findRelayedAuthorization(db, {
    chainId: context.chain.id,
    token,
    authorizer: authorization.from,
    nonce: authorization.nonce,
  });
  if (!row) return null;
  if (!sameTarget(row, context)) {
    throw new DomainError(
      "authorization_used",
      "This authorization has already paid for something else.",
      "nonce",
    );
  }
  return row;
}

/**
 * An x402 nonce is the payer's choice. The watcher binds a transfer by the nonce's first 16 bytes
 * (an invoice's reference, for the checkout's own authorizations), so a nonce beginning as an
 * invoice's reference, or as a nonce recorded for another invoice, is refused: it would name
 * another invoice on-chain.
 */
async function checkNonceNamesNothingElse(
  db: Database,
  context: SettlementContext,
  nonce: Hex,
): Promise<void> {
  const prefix = nonce.slice(0, 34).toLowerCase();
  const [invoice] = await db
    .select({ id: invoices.id })
    .from(invoices)
    .where(eq(invoices.reference, prefix))
    .limit(1);
  const [recorded] = await db
    .select({ id: relayerTransactions.id })
    .from(relayerTransactions)
    .where(
      and(
        eq(relayerTransactions.nonceReference, prefix),
        context.invoiceId ? ne(relayerTransactions.invoiceId, context.invoiceId) : undefined,
      ),
    )
    .limit(1);
  if (invoice || recorded) {
    throw new DomainError(
      "authorization_mismatch",
      "The authorization's nonce begins as another payment's does; sign again (x402 clients draw a fresh random nonce).",
      "nonce",
    );
  }
}

type WriteArgs = {
  address: Address;
  abi: readonly unknown[];
  functionName: string;
  args: readonly unknown[];
};

async function relayWrite(
  db: Database,
  context: SettlementContext,
  trace: SettlementTrace,
  write: WriteArgs,
): Promise<Hex> {
  try {
    if (write.functionName !== "transferWithAuthorization") {
      throw new DomainError(
        "authorization_mismatch",
        "Only EIP-3009 transferWithAuthorization payments are settled here.",
      );
    }
    const from = getAddress(String(write.args[0]));
    const nonce = String(write.args[5]) as Hex;
    const token = getAddress(write.address);
    const earlier = await earlierSettlement(db, context, token, { from, nonce });
    if (earlier) {
      trace.row = earlier;
      trace.repeated = true;
      return earlier.txHash as Hex;
    }
    await checkNonceNamesNothingElse(db, context, nonce);
    const data = encodeFunctionData({
      abi: write.abi as Abi,
      functionName: write.functionName,
      args: write.args,
    });
    try {
      const { txHash, row } = await relayTransfer(db, {
        chain: context.chain,
        token,
        merchantId: context.merchantId,
        invoiceId: context.invoiceId,
        currency: context.currency,
        feeCap: context.feeCap,
        authorizer: from,
        nonce,
        data,
        source: context.source,
        faults: context.faults,
      });
      trace.row = row;
      return txHash;
    } catch (error) {
      // A concurrent request with the same authorization recorded it first (this one then meets
      // its pending transaction, its unique record, or its used nonce): answer as it does.
      if (error instanceof DomainError) {
        const raced = await earlierSettlement(db, context, token, { from, nonce });
        if (raced) {
          trace.row = raced;
          trace.repeated = true;
          return raced.txHash as Hex;
        }
      }
      throw error;
    }
  } catch (error) {
    if (error instanceof DomainError) trace.refusal = error;
    throw error;
  }
}

/**
 * Waits for the recorded transaction to be mined, under whichever of its hashes (the relayer job
 * may have replaced it with a higher fee), records it (the invoice is credited at once) and
 * returns its receipt.
 */
async function followReceipt(
  db: Database,
  context: SettlementContext,
  trace: SettlementTrace,
  hash: Hex,
): Promise<TransactionReceipt> {
  const client = publicClientFor(context.chain);
  const deadline = Date.now() + (context.receiptTimeoutMs ?? DEFAULT_RECEIPT_TIMEOUT_MS);
  for (;;) {
    const [row] = trace.row
      ? await db.select().from(relayerTransactions).where(eq(relayerTransactions.id, trace.row.id))
      : [];
    const hashes = row ? [row.txHash, ...[...row.txHashes].reverse()] : [hash];
    for (const candidate of new Set(hashes.map((h) => h.toLowerCase()))) {
      const receipt = await client
        .getTransactionReceipt({ hash: candidate as Hash })
        .catch(() => null);
      if (!receipt) continue;
      if (row) await recordMined(db, context.chain, row, receipt, client);
      trace.receipt = receipt;
      return receipt;
    }
    if (Date.now() >= deadline) throw new Error(`Transaction ${hash} is not mined yet.`);
    await new Promise((resolve) => setTimeout(resolve, RECEIPT_POLL_MS));
  }
}

/**
 * The answer to a payment relayed before (a retried settle, or the same payment sent twice): its
 * recorded transaction's outcome, once mined, with nothing sent again.
 */
export async function earlierSettleResponse(
  db: Database,
  context: SettlementContext,
  row: RelayerTransactionRow,
  payer: Address,
): Promise<SettleResponse> {
  const network = networkOf(context.chain.id);
  try {
    const receipt = await followReceipt(db, context, { row }, row.txHash as Hex);
    if (receipt.status !== "success") {
      return {
        success: false,
        errorReason: "invalid_exact_evm_transaction_failed",
        transaction: receipt.transactionHash,
        network,
        payer,
      };
    }
    return { success: true, transaction: receipt.transactionHash, network, payer };
  } catch {
    return {
      success: false,
      errorReason: "settlement_pending",
      transaction: row.txHash,
      network,
      payer,
    };
  }
}

/** A facilitator refusal as the x402 answer names it: our code where we refused, else the scheme's. */
export function refusalReason(
  trace: SettlementTrace,
  response: VerifyResponse | SettleResponse,
): { reason: string; message: string } {
  if (trace.refusal) return { reason: trace.refusal.code, message: trace.refusal.message };
  const reason =
    ("invalidReason" in response ? response.invalidReason : undefined) ??
    ("errorReason" in response ? response.errorReason : undefined) ??
    "payment_invalid";
  return { reason, message: REASON_MESSAGES[reason] ?? "The payment was refused." };
}

/** Sentences for the exact scheme's refusal codes a payer is most likely to meet. */
const REASON_MESSAGES: Record<string, string> = {
  invalid_exact_evm_payload_signature: "The signature is not the payer's for this payment.",
  invalid_exact_evm_recipient_mismatch: "The authorization pays someone other than this merchant.",
  invalid_exact_evm_authorization_value_mismatch:
    "The authorization's amount is not the amount due.",
  invalid_exact_evm_payload_authorization_valid_before:
    "The authorization has expired, or expires too soon to be mined.",
  invalid_exact_evm_payload_authorization_valid_after: "The authorization is not valid yet.",
  invalid_exact_evm_insufficient_balance:
    "The paying account does not hold enough of the token for this payment.",
  invalid_exact_evm_nonce_already_used: "This authorization has already been used.",
  invalid_exact_evm_transaction_simulation_failed:
    "The token refuses this authorization (its signature, balance, window or nonce).",
  settlement_pending:
    "The payment was sent and is not mined yet; retry the same request to get its outcome.",
};
