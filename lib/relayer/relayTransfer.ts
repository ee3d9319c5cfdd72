import "server-only";
import { and, eq, gte, inArray, sql } from "drizzle-orm";
import type { Address, Hex, PublicClient } from "viem";
import { type PaymentChain, publicClientFor } from "../chains/registry";
import { describeRpcError, shortMessageOf } from "../chains/rpcError";
import type { Database } from "../db/client";
import { violatesConstraint } from "../db/errors";
import { relayerTransactions } from "../db/schema";
import { DomainError } from "../errors";
import type { CurrencyCode } from "../money/currencies";
import { parseDecimal } from "../money/decimal";
import { saveSubmission } from "../payments/submission/submissions";
import {
  broadcastRelayTransaction,
  type RelayCall,
  type RelayerTransactionRow,
  type RelaySource,
  recordRelayTransaction,
} from "./lane";
import { feeInCurrency } from "./offers";
import {
  type RelayerChainState,
  relayerAccountFor,
  relayerSettingFor,
  relayerState,
} from "./relayerState";

/** Gas limit over the node's estimate, in percent: the estimate is exact for this call, bar a new balance slot. */
const GAS_HEADROOM_PERCENT = 120n;

function refuse(
  code: ConstructorParameters<typeof DomainError>[0],
  message: string,
  param?: string,
) {
  return new DomainError(code, message, param ?? null);
}

/** A checked EIP-3009 transfer to relay, and whose books it goes in. */
export type RelayTransfer = {
  chain: PaymentChain;
  /** The relayer's state as read for this request (fees, balance, problems); read when absent. */
  state?: RelayerChainState | null;
  token: Address;
  merchantId: string;
  /** The invoice it pays; its submission is saved so the checkout and watcher follow it. */
  invoiceId: string | null;
  currency: CurrencyCode;
  /** The most the gas may be worth, a decimal amount of `currency`. */
  feeCap: string;
  authorizer: Address;
  nonce: Hex;
  /** The transferWithAuthorization call, encoded. */
  data: Hex;
  source: RelaySource;
  now?: Date;
  /**
   * Fault points for the crash tests: a process that dies right before or right after the
   * broadcast must lose nothing and pay nothing twice.
   */
  faults?: { beforeBroadcast?: () => void; afterBroadcast?: () => void };
};

/**
 * The relayer's part of every gasless payment (checkout, x402, a merchant's own x402 server):
 * with the authorization already checked against what it pays, simulates the call, checks the
 * fee cap and the merchant's daily gas budget, then records the signed transaction in the
 * relayer's nonce lane and only then broadcasts it. Anything refused before the record costs no
 * gas; a crash after it loses nothing (the relayer job sends it, the watcher credits it).
 */
export async function relayTransfer(
  db: Database,
  transfer: RelayTransfer,
): Promise<{ txHash: Hex; row: RelayerTransactionRow }> {
  const { chain } = transfer;
  const now = transfer.now ?? new Date();
  const state = transfer.state === undefined ? await relayerState(chain) : transfer.state;
  const account = relayerAccountFor(chain);
  if (!state || !account || state.problem) {
    throw refuse(
      "relayer_unavailable",
      "Paying by signature is not available right now; pay from your wallet instead.",
    );
  }

  if (transfer.invoiceId) {
    const pendingForInvoice = await db
      .select({ id: relayerTransactions.id })
      .from(relayerTransactions)
      .where(
        and(
          eq(relayerTransactions.invoiceId, transfer.invoiceId),
          eq(relayerTransactions.status, "pending"),
        ),
      )
      .limit(1);
    if (pendingForInvoice.length > 0) {
      throw refuse(
        "payment_in_progress",
        "A payment for this invoice is already on its way; wait for it to be mined.",
      );
    }
  }

  const client = publicClientFor(chain);
  const gas = await simulate(client, chain, account.address, transfer.token, transfer.data);
  const fees = state.fees;
  const maxFee = gas * fees.maxFeePerGas;
  const cap = parseDecimal(transfer.feeCap, 18);
  const feeValue = feeInCurrency(chain.id, maxFee, transfer.currency);
  if (feeValue === null || feeValue > cap) {
    throw refuse(
      "relayer_unavailable",
      "Network fees are above what the merchant pays for gasless payments right now; pay from your wallet instead.",
    );
  }
  await checkBudget(db, chain, transfer.merchantId, maxFee, now);

  let chainNonce: bigint;
  try {
    chainNonce = BigInt(
      await client.getTransactionCount({ address: account.address, blockTag: "pending" }),
    );
  } catch (error) {
    throw chainUnavailable(error);
  }
  const call: RelayCall = { to: transfer.token, data: transfer.data, gas };
  let row: RelayerTransactionRow;
  try {
    row = await recordRelayTransaction(db, {
      chain,
      account,
      call,
      fees,
      chainNonce,
      now,
      purpose: {
        kind: "authorization",
        merchantId: transfer.merchantId,
        invoiceId: transfer.invoiceId,
        token: transfer.token,
        authorizer: transfer.authorizer,
        authorizationNonce: transfer.nonce,
        source: transfer.source,
      },
    });
  } catch (error) {
    if (violatesConstraint(error, "relayer_transactions_authorization_unique")) {
      throw refuse("authorization_used", "This authorization has already been submitted.", "nonce");
    }
    throw error;
  }
  transfer.faults?.beforeBroadcast?.();
  const sent = await broadcastRelayTransaction(db, client, row, now);
  transfer.faults?.afterBroadcast?.();
  if (!sent.sent) {
    // Recorded: the relayer job sends it again, or fills its nonce if it can no longer pay.
    console.error(
      `Relaying ${row.txHash} on chain ${chain.id} was not accepted yet: ${shorten(sent.error)}`,
    );
  }
  if (transfer.invoiceId && transfer.source === "checkout") {
    // The checkout follows its payment as a submission; x402 callers wait for the receipt.
    await saveSubmission(db, {
      invoiceId: transfer.invoiceId,
      chainId: chain.id,
      txHash: row.txHash,
      status: "pending",
      sender: { from: account.address, nonce: Number(row.nonce) },
      now,
    });
  }
  return { txHash: row.txHash as Hex, row };
}

/** The relayed transaction of an authorization (chain, token, signer, nonce), if one was recorded. */
export async function findRelayedAuthorization(
  db: Database,
  key: { chainId: number; token: Address; authorizer: Address; nonce: Hex },
): Promise<RelayerTransactionRow | null> {
  const [row] = await db
    .select()
    .from(relayerTransactions)
    .where(
      and(
        eq(relayerTransactions.kind, "authorization"),
        eq(relayerTransactions.chainId, key.chainId),
        eq(relayerTransactions.tokenAddress, key.token.toLowerCase()),
        eq(relayerTransactions.authorizer, key.authorizer.toLowerCase()),
        eq(relayerTransactions.authorizationNonce, key.nonce.toLowerCase()),
      ),
    )
    .limit(1);
  return row ?? null;
}

function shorten(message: string | null): string {
  return (message ?? "").split("\n")[0]!.slice(0, 200);
}

export function chainUnavailable(error: unknown): DomainError {
  console.error(`Reading the chain for a gasless payment failed: ${describeRpcError(error)}`);
  return new DomainError(
    "chain_unavailable",
    "The network could not be reached to check the payment; try again in a moment.",
  );
}

/**
 * Runs the call as the relayer would send it (eth_estimateGas executes it): a signature, balance,
 * window or nonce the token refuses ends here, before anything is signed or spent. Returns the
 * gas limit to send with.
 */
async function simulate(
  client: PublicClient,
  chain: PaymentChain,
  relayer: Address,
  token: Address,
  data: Hex,
): Promise<bigint> {
  try {
    const estimate = await client.estimateGas({ account: relayer, to: token, data });
    return (estimate * GAS_HEADROOM_PERCENT) / 100n;
  } catch (error) {
    const details = (error as { details?: unknown } | null)?.details;
    const text = `${shortMessageOf(error) ?? ""} ${typeof details === "string" ? details : ""} ${error instanceof Error ? error.message : String(error)}`;
    const refusal = refusalOf(text);
    if (refusal) throw refusal;
    if (/revert/i.test(text)) {
      throw refuse(
        "authorization_mismatch",
        `${chain.name} refuses this authorization; pay from your wallet instead.`,
      );
    }
    throw chainUnavailable(error);
  }
}

/** The token's revert reasons (Circle's FiatToken v2.2 wording) as refusal codes. */
export function refusalOf(text: string): DomainError | null {
  if (/authorization is used or canceled|authorization is used/i.test(text)) {
    return refuse("authorization_used", "This authorization has already been used.", "nonce");
  }
  if (/authorization is expired/i.test(text)) {
    return refuse("authorization_expired", "The authorization has expired.", "valid_before");
  }
  if (/authorization is not yet valid/i.test(text)) {
    return refuse("authorization_mismatch", "The authorization is not valid yet.", "valid_after");
  }
  if (/invalid signature|invalid signature length|ECRecover/i.test(text)) {
    return refuse(
      "invalid_signature",
      "The signature is not the payer's for this payment; sign the payment shown on the page.",
      "signature",
    );
  }
  if (/transfer amount exceeds balance|exceeds balance/i.test(text)) {
    return refuse(
      "insufficient_balance",
      "The paying account does not hold enough of the token for this payment.",
      "from",
    );
  }
  if (/blacklisted|paused/i.test(text)) {
    return refuse(
      "authorization_mismatch",
      "The token refuses transfers from this account now.",
      "from",
    );
  }
  return null;
}

/**
 * A merchant's relayed payments may spend at most the chain's daily budget of gas in 24 hours:
 * what mined ones cost, and what pending ones may cost at most.
 */
async function checkBudget(
  db: Database,
  chain: PaymentChain,
  merchantId: string,
  maxFee: bigint,
  now: Date,
): Promise<void> {
  const budget = relayerSettingFor(chain)?.dailyBudget ?? 0n;
  const since = new Date(now.getTime() - 24 * 60 * 60 * 1000);
  const [row] = await db
    .select({
      spent: sql<string>`coalesce(sum(coalesce(${relayerTransactions.feePaid}, ${relayerTransactions.gasLimit} * ${relayerTransactions.maxFeePerGas})), 0)::text`,
    })
    .from(relayerTransactions)
    .where(
      and(
        eq(relayerTransactions.merchantId, merchantId),
        eq(relayerTransactions.chainId, chain.id),
        gte(relayerTransactions.createdAt, since),
        inArray(relayerTransactions.status, ["pending", "mined", "reverted"]),
      ),
    );
  const spent = BigInt(row?.spent ?? "0");
  if (spent + maxFee > budget) {
    throw refuse(
      "relayer_unavailable",
      "Paying by signature is not available for this merchant right now; pay from your wallet instead.",
    );
  }
}
