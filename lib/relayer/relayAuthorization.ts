import "server-only";
import { and, eq, gte, inArray, sql } from "drizzle-orm";
import {
  type Address,
  BaseError,
  encodeFunctionData,
  getAddress,
  type Hex,
  isAddressEqual,
  type PublicClient,
  parseSignature,
  recoverTypedDataAddress,
} from "viem";
import { eip3009Abi } from "../chains/eip3009";
import { findPaymentChain, type PaymentChain, publicClientFor } from "../chains/registry";
import { describeRpcError } from "../chains/rpcError";
import type { Database } from "../db/client";
import { violatesConstraint } from "../db/errors";
import { relayerTransactions } from "../db/schema";
import { DomainError } from "../errors";
import { tokenAmountDue } from "../invoices/paymentOptions";
import { amountDue, type InvoiceRow } from "../invoices/present";
import { findInvoice } from "../invoices/queries";
import type { CurrencyCode } from "../money/currencies";
import { parseDecimal } from "../money/decimal";
import { saveSubmission } from "../payments/submission/submissions";
import {
  authorizationNonce,
  authorizationTypedData,
  authorizationWindow,
  type TokenDomain,
} from "./authorization";
import {
  broadcastRelayTransaction,
  type RelayCall,
  type RelayerTransactionRow,
  recordRelayTransaction,
} from "./lane";
import { feeInCurrency, gaslessOffer } from "./offers";
import { relayerAccountFor, relayerSettingFor, relayerState } from "./relayerState";

/** A signed authorization as the checkout (or any client) posts it. */
export type PostedAuthorization = {
  chainId: number;
  token: Address;
  from: Address;
  /** When given, must be the option's recipient (the signature covers it either way). */
  to?: Address;
  value: bigint;
  validAfter: bigint;
  validBefore: bigint;
  nonce: Hex;
  signature: Hex;
};

/** An authorization whose window closes sooner than this is not relayed: it could not be mined in time. */
export const MIN_VALIDITY_MS = 15_000;

/** Gas limit over the node's estimate, in percent: the estimate is exact for this call, bar a new balance slot. */
const GAS_HEADROOM_PERCENT = 120n;

function refuse(
  code: ConstructorParameters<typeof DomainError>[0],
  message: string,
  param?: string,
) {
  return new DomainError(code, message, param ?? null);
}

/**
 * Relays a shopper's EIP-3009 authorization for an invoice option: checks it is exactly the
 * option's (recipient, amount, window, nonce), that its signer is `from` (an ECDSA key, or a
 * contract wallet's ERC-1271 answer), that the merchant's gas budget and fee cap allow it, then
 * simulates it and only then signs and records a transaction in the relayer's nonce lane and
 * broadcasts it. Anything refused before the broadcast costs no gas. The transfer goes from the
 * shopper to the merchant; the relayer only pays for gas.
 */
export async function relayAuthorization(
  db: Database,
  parameters: {
    invoiceId: string;
    authorization: PostedAuthorization;
    now?: Date;
    /**
     * Fault points for the crash tests: a process that dies right before or right after the
     * broadcast must lose nothing and pay nothing twice.
     */
    faults?: { beforeBroadcast?: () => void; afterBroadcast?: () => void };
  },
): Promise<{ txHash: Hex; invoice: InvoiceRow; row: RelayerTransactionRow }> {
  const now = parameters.now ?? new Date();
  const posted = parameters.authorization;
  const invoice = await findInvoice(db, parameters.invoiceId);
  if (!invoice) throw new DomainError("resource_not_found", "No such invoice.", "id");
  const due = amountDue(invoice);
  if (
    (invoice.status !== "open" && invoice.status !== "processing") ||
    due === 0n ||
    invoice.expiresAt.getTime() <= now.getTime()
  ) {
    throw refuse(
      "invoice_not_payable",
      "This invoice can no longer be paid; ask the merchant for a new one.",
    );
  }
  const chain = findPaymentChain(posted.chainId);
  const option = chain
    ? invoice.paymentOptions.find(
        (candidate) =>
          candidate.chainId === posted.chainId &&
          isAddressEqual(candidate.token.address, posted.token),
      )
    : undefined;
  if (!chain || !option) {
    throw refuse(
      "authorization_mismatch",
      "This invoice cannot be paid with that token on that network.",
      "token",
    );
  }

  const state = await relayerState(chain);
  const offer = gaslessOffer(option, invoice.currency as CurrencyCode);
  if ("refused" in offer) {
    if (offer.refused === "not_offered") {
      throw refuse(
        "gasless_unavailable",
        `Paying by signature is not offered for ${option.token.symbol} here; pay from your wallet instead.`,
        "token",
      );
    }
    throw refuse(
      "relayer_unavailable",
      "Paying by signature is not available right now; pay from your wallet instead.",
    );
  }
  const domain = offer.domain;

  const value = tokenAmountDue(due, option.token.decimals);
  const expected = {
    to: getAddress(option.recipient),
    value,
    ...authorizationWindow(invoice.expiresAt),
    nonce: authorizationNonce({
      reference: invoice.reference as Hex,
      chainId: option.chainId,
      token: option.token.address,
      recipient: option.recipient,
      value,
    }),
  };
  if (posted.to && !isAddressEqual(posted.to, expected.to)) {
    throw refuse(
      "authorization_mismatch",
      "The authorization pays someone other than this merchant.",
      "to",
    );
  }
  if (posted.value !== expected.value) {
    throw refuse(
      "authorization_mismatch",
      `The authorization is for ${posted.value} base units; the invoice asks for ${expected.value}.`,
      "value",
    );
  }
  // The nonce binds the authorization to this invoice: checked first, so one signed for
  // another invoice is named as such whatever its window.
  if (posted.nonce.toLowerCase() !== expected.nonce.toLowerCase()) {
    throw refuse(
      "authorization_mismatch",
      "The authorization's nonce is not this invoice's.",
      "nonce",
    );
  }
  if (posted.validAfter !== expected.validAfter || posted.validBefore !== expected.validBefore) {
    throw refuse(
      "authorization_mismatch",
      "The authorization's validity window is not the one the invoice offers; sign the offered one.",
      posted.validAfter !== expected.validAfter ? "valid_after" : "valid_before",
    );
  }
  if (Number(expected.validBefore) * 1000 - now.getTime() < MIN_VALIDITY_MS) {
    throw refuse(
      "authorization_expired",
      "The authorization expires before it could be mined.",
      "valid_before",
    );
  }

  const client = publicClientFor(chain);
  const eoaSignature = await verifySigner(client, domain, posted, expected);

  const account = relayerAccountFor(chain);
  if (!state || !account || state.problem) {
    throw refuse(
      "relayer_unavailable",
      "Paying by signature is not available right now; pay from your wallet instead.",
    );
  }

  const pendingForInvoice = await db
    .select({ id: relayerTransactions.id })
    .from(relayerTransactions)
    .where(
      and(eq(relayerTransactions.invoiceId, invoice.id), eq(relayerTransactions.status, "pending")),
    )
    .limit(1);
  if (pendingForInvoice.length > 0) {
    throw refuse(
      "payment_in_progress",
      "A payment for this invoice is already on its way; wait for it to be mined.",
    );
  }

  const data = encodeFunctionData({
    abi: eip3009Abi,
    functionName: "transferWithAuthorization",
    args: eoaSignature
      ? [
          getAddress(posted.from),
          expected.to,
          expected.value,
          expected.validAfter,
          expected.validBefore,
          expected.nonce,
          Number(eoaSignature.v ?? BigInt(eoaSignature.yParity + 27)),
          eoaSignature.r,
          eoaSignature.s,
        ]
      : [
          getAddress(posted.from),
          expected.to,
          expected.value,
          expected.validAfter,
          expected.validBefore,
          expected.nonce,
          posted.signature,
        ],
  });

  const gas = await simulate(client, chain, account.address, option.token.address, data);
  const fees = state.fees;
  const maxFee = gas * fees.maxFeePerGas;
  const cap = parseDecimal(option.gasless?.feeCap ?? "0", 18);
  const feeValue = feeInCurrency(chain.id, maxFee, invoice.currency as CurrencyCode);
  if (feeValue === null || feeValue > cap) {
    throw refuse(
      "relayer_unavailable",
      "Network fees are above what the merchant pays for gasless payments right now; pay from your wallet instead.",
    );
  }
  await checkBudget(db, chain, invoice.merchantId, maxFee, now);

  const chainNonce = BigInt(
    await client.getTransactionCount({ address: account.address, blockTag: "pending" }),
  );
  const call: RelayCall = { to: option.token.address, data, gas };
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
        merchantId: invoice.merchantId,
        invoiceId: invoice.id,
        token: option.token.address,
        authorizer: posted.from,
        authorizationNonce: expected.nonce,
      },
    });
  } catch (error) {
    if (violatesConstraint(error, "relayer_transactions_authorization_unique")) {
      throw refuse("authorization_used", "This authorization has already been submitted.", "nonce");
    }
    throw error;
  }
  parameters.faults?.beforeBroadcast?.();
  const sent = await broadcastRelayTransaction(db, client, row, now);
  parameters.faults?.afterBroadcast?.();
  if (!sent.sent) {
    // Recorded: the relayer job sends it again, or fills its nonce if it can no longer pay.
    console.error(
      `Relaying ${row.txHash} on chain ${chain.id} was not accepted yet: ${shorten(sent.error)}`,
    );
  }
  await saveSubmission(db, {
    invoiceId: invoice.id,
    chainId: chain.id,
    txHash: row.txHash,
    status: "pending",
    sender: { from: account.address, nonce: Number(row.nonce) },
    now,
  });
  return { txHash: row.txHash as Hex, invoice, row };
}

function shorten(message: string | null): string {
  return (message ?? "").split("\n")[0]!.slice(0, 200);
}

/**
 * The signature is `from`'s: an ECDSA signature recovering to it (returned, for the v, r, s form
 * every EIP-3009 token has), or, when `from` is a contract, its ERC-1271 answer (checked by
 * viem through the node; relayed with the `bytes signature` form, which FiatToken 2.2 verifies
 * the same way).
 */
async function verifySigner(
  client: PublicClient,
  domain: TokenDomain,
  posted: PostedAuthorization,
  expected: { to: Address; value: bigint; validAfter: bigint; validBefore: bigint; nonce: Hex },
): Promise<ReturnType<typeof parseSignature> | null> {
  const typed = authorizationTypedData(domain, expected);
  const message = {
    from: getAddress(posted.from),
    to: expected.to,
    value: expected.value,
    validAfter: expected.validAfter,
    validBefore: expected.validBefore,
    nonce: expected.nonce,
  };
  const invalid = () =>
    refuse(
      "invalid_signature",
      "The signature is not the payer's for this payment; sign the payment shown on the page.",
      "signature",
    );
  if (posted.signature.length === 132) {
    try {
      const signer = await recoverTypedDataAddress({
        domain: typed.domain,
        types: typed.types,
        primaryType: typed.primaryType,
        message,
        signature: posted.signature,
      });
      if (isAddressEqual(signer, posted.from)) return parseSignature(posted.signature);
    } catch {
      // Not a well-formed ECDSA signature: a contract wallet's, perhaps.
    }
  }
  let code: Hex | undefined;
  try {
    code = await client.getCode({ address: posted.from });
  } catch (error) {
    throw unavailable(error);
  }
  if (!code || code === "0x") throw invalid();
  let valid = false;
  try {
    valid = await client.verifyTypedData({
      address: posted.from,
      domain: typed.domain,
      types: typed.types,
      primaryType: typed.primaryType,
      message,
      signature: posted.signature,
    });
  } catch {
    valid = false;
  }
  if (!valid) throw invalid();
  return null;
}

function unavailable(error: unknown): DomainError {
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
    const text =
      error instanceof BaseError
        ? `${error.shortMessage} ${error.details ?? ""} ${error.message}`
        : String(error);
    const refusal = refusalOf(text);
    if (refusal) throw refusal;
    if (/revert/i.test(text)) {
      throw refuse(
        "authorization_mismatch",
        `${chain.name} refuses this authorization; pay from your wallet instead.`,
      );
    }
    throw unavailable(error);
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
