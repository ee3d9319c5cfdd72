import "server-only";
import type {
  PaymentPayload,
  PaymentRequirements,
  SettleResponse,
  SupportedResponse,
  VerifyResponse,
} from "@x402/core/types";
import { type Address, getAddress, isAddressEqual } from "viem";
import { findPaymentChain, getPaymentChains, type PaymentChain } from "../chains/registry";
import { signalInvoiceChanged } from "../checkout/liveUpdates";
import { getConfig } from "../config/config";
import type { Database } from "../db/client";
import { DomainError } from "../errors";
import { buildPaymentOptions } from "../invoices/buildPaymentOptions";
import { cancelInvoice } from "../invoices/cancelInvoice";
import { createInvoiceAlone } from "../invoices/createInvoiceAlone";
import type { StoredPaymentOption } from "../invoices/paymentOptions";
import type { Merchant } from "../merchants/merchants";
import {
  type CurrencyCode,
  formatCurrencyAmount,
  MAX_CURRENCY_AMOUNT,
  tokenToCurrencyUnits,
} from "../money/currencies";
import { gaslessOffer } from "../relayer/offers";
import { relayerAccountFor, warmRelayerState } from "../relayer/relayerState";
import { parsePaymentPayload, parseRequirements, sameRequirement } from "./paymentHeader";
import { X402Refusal } from "./refusal";
import { chainIdOf, networkOf, X402_VERSION } from "./requirements";
import {
  earlierSettlement,
  earlierSettleResponse,
  exactAuthorizationOf,
  refusalReason,
  relayingFacilitator,
  type SettlementContext,
  type SettlementTrace,
} from "./settlement";

/** What a verified-shape request is: the payment, the requirement it meets, and what it pays. */
type MerchantPayment = {
  payload: PaymentPayload;
  requirements: PaymentRequirements;
  chain: PaymentChain;
  option: StoredPaymentOption;
  currency: CurrencyCode;
  /** The amount in the invoice currency (CURRENCY_SCALE). */
  amountUnits: bigint;
  payer: Address;
};

/**
 * GET /api/x402/facilitator/supported: the `exact` scheme on every chain with a relayer, and the
 * relayer addresses that will send the transactions.
 */
export function supportedKinds(): SupportedResponse {
  const kinds: SupportedResponse["kinds"] = [];
  const signers: string[] = [];
  for (const chain of getPaymentChains()) {
    const account = relayerAccountFor(chain);
    if (!account) continue;
    kinds.push({ x402Version: X402_VERSION, scheme: "exact", network: networkOf(chain.id) });
    if (!signers.includes(account.address)) signers.push(account.address);
  }
  return { kinds, extensions: [], signers: { "eip155:*": signers } };
}

/**
 * The checks every facilitator request passes before the chain is read: a v2 `exact` EIP-3009
 * payment for a requirement it accepted, on a chain served here, paying this merchant's own
 * settlement address on that chain (never anyone else: this is no open relay), in a token the
 * merchant accepts in the key's mode and offers gasless, at or above the dust floor.
 */
async function merchantPayment(
  merchant: Merchant,
  livemode: boolean,
  body: { paymentPayload: unknown; paymentRequirements: unknown },
): Promise<MerchantPayment> {
  const payload = parsePaymentPayload(body.paymentPayload);
  const requirements = parseRequirements(body.paymentRequirements);
  if (requirements.scheme !== "exact") {
    throw new X402Refusal("unsupported_scheme", "Only the exact scheme is settled here.");
  }
  if (!sameRequirement(payload.accepted, requirements)) {
    throw new X402Refusal(
      "payment_requirements_mismatch",
      "The payment accepted other requirements than these.",
    );
  }
  const chainId = chainIdOf(requirements.network);
  const chain = chainId === null ? undefined : findPaymentChain(chainId);
  if (!chain || !relayerAccountFor(chain)) {
    throw new X402Refusal("invalid_network", `${requirements.network} is not served here.`);
  }
  const settlement = merchant.settlementOverrides[String(chain.id)] ?? merchant.settlementAddress;
  if (!isAddressEqual(settlement as Address, requirements.payTo as Address)) {
    throw new X402Refusal(
      "pay_to_not_merchant",
      "payTo is not this merchant's settlement address on that network; this facilitator settles only payments to the merchant whose key calls it.",
    );
  }
  const token = chain.tokens.find((candidate) =>
    isAddressEqual(candidate.address, requirements.asset as Address),
  );
  if (!token) {
    throw new X402Refusal("asset_not_accepted", "That asset is not a token served here.");
  }
  const currency = token.currency as CurrencyCode;
  const option = buildPaymentOptions({
    merchant,
    chains: [chain],
    livemode,
    currency,
  }).find((candidate) => isAddressEqual(candidate.token.address, token.address));
  if (!option) {
    throw new X402Refusal(
      "asset_not_accepted",
      `${token.symbol} on ${chain.name} is not among the tokens you accept in ${livemode ? "live" : "test"} mode.`,
    );
  }
  await warmRelayerState(chain);
  const offer = gaslessOffer(option, currency);
  if ("refused" in offer) {
    throw new X402Refusal(
      "gasless_unavailable",
      `Paying ${token.symbol} by signature is not available on ${chain.name} now (${offer.refused}).`,
    );
  }
  let amount: bigint;
  try {
    amount = BigInt(requirements.amount);
  } catch {
    throw new X402Refusal("invalid_amount", "amount must be base units, digits only.");
  }
  const amountUnits = tokenToCurrencyUnits(amount, token.decimals);
  const floor = getConfig().dustFloor;
  if (amount <= 0n || amountUnits < floor || amountUnits > MAX_CURRENCY_AMOUNT) {
    throw new X402Refusal(
      "invalid_amount",
      `amount must be at least this deployment's dust floor (${formatCurrencyAmount(floor, currency)} ${currency}) and at most ${formatCurrencyAmount(MAX_CURRENCY_AMOUNT, currency)}.`,
    );
  }
  const authorization = exactAuthorizationOf(payload);
  if (!authorization) {
    throw new X402Refusal("invalid_payload", "The payment carries no EIP-3009 authorization.");
  }
  return {
    payload,
    requirements,
    chain,
    option,
    currency,
    amountUnits,
    payer: authorization.from,
  };
}

function contextOf(merchant: Merchant, payment: MerchantPayment): SettlementContext {
  return {
    chain: payment.chain,
    merchantId: merchant.id,
    invoiceId: null,
    currency: payment.currency,
    feeCap: payment.option.gasless?.feeCap ?? "0",
    source: "facilitator",
  };
}

function payerOf(body: { paymentPayload: unknown }): string | undefined {
  const from = (body.paymentPayload as { payload?: { authorization?: { from?: unknown } } } | null)
    ?.payload?.authorization?.from;
  return typeof from === "string" ? from : undefined;
}

function networkOfBody(body: { paymentRequirements: unknown }): string {
  const network = (body.paymentRequirements as { network?: unknown } | null)?.network;
  return typeof network === "string" ? network.slice(0, 64) : "";
}

/** POST /api/x402/facilitator/verify, for the calling merchant's own payments. */
export async function facilitatorVerify(
  db: Database,
  merchant: Merchant,
  livemode: boolean,
  body: { paymentPayload: unknown; paymentRequirements: unknown },
): Promise<VerifyResponse> {
  let payment: MerchantPayment;
  try {
    payment = await merchantPayment(merchant, livemode, body);
  } catch (error) {
    if (error instanceof X402Refusal) {
      return {
        isValid: false,
        invalidReason: error.reason,
        invalidMessage: error.message,
        payer: payerOf(body),
      };
    }
    throw error;
  }
  const trace: SettlementTrace = {};
  const verified = await relayingFacilitator(db, contextOf(merchant, payment), trace).verify(
    payment.payload,
    payment.requirements,
  );
  if (verified.isValid) return verified;
  const { reason, message } = refusalReason(trace, verified);
  return { ...verified, invalidReason: reason, invalidMessage: message };
}

/**
 * POST /api/x402/facilitator/settle, for the calling merchant's own payments: verified (with a
 * simulation of the transfer), recorded as a paid invoice of the merchant (the resource URL its
 * description, so it reaches the books, webhooks and dashboard), relayed, and answered once
 * mined. The same payment settled again is answered from its first settlement, sending nothing.
 */
export async function facilitatorSettle(
  db: Database,
  merchant: Merchant,
  livemode: boolean,
  body: { paymentPayload: unknown; paymentRequirements: unknown },
): Promise<SettleResponse> {
  const refused = (reason: string, message: string, payer?: string): SettleResponse => ({
    success: false,
    errorReason: reason,
    errorMessage: message,
    transaction: "",
    network: networkOfBody(body) as SettleResponse["network"],
    ...(payer ? { payer } : {}),
  });
  let payment: MerchantPayment;
  try {
    payment = await merchantPayment(merchant, livemode, body);
  } catch (error) {
    if (error instanceof X402Refusal) return refused(error.reason, error.message, payerOf(body));
    throw error;
  }
  const context = contextOf(merchant, payment);
  const authorization = exactAuthorizationOf(payment.payload)!;
  try {
    const earlier = await earlierSettlement(
      db,
      context,
      payment.option.token.address,
      authorization,
    );
    if (earlier) {
      const answer = await earlierSettleResponse(
        db,
        { ...context, invoiceId: earlier.invoiceId },
        earlier,
        payment.payer,
      );
      return { ...answer, extra: { invoice: earlier.invoiceId } };
    }
  } catch (error) {
    if (error instanceof DomainError) return refused(error.code, error.message, payment.payer);
    throw error;
  }

  const verifyTrace: SettlementTrace = {};
  const verified = await relayingFacilitator(db, context, verifyTrace).verify(
    payment.payload,
    payment.requirements,
  );
  if (!verified.isValid) {
    const { reason, message } = refusalReason(verifyTrace, verified);
    return refused(reason, message, payment.payer);
  }

  const resourceUrl = payment.payload.resource?.url;
  const { invoice } = await createInvoiceAlone(db, {
    merchant,
    livemode,
    chains: [payment.chain],
    body: {
      amount: formatCurrencyAmount(payment.amountUnits, payment.currency),
      amountUnits: payment.amountUnits,
      currency: payment.currency,
      description: (resourceUrl ?? "x402 payment").slice(0, 1000),
      metadata: { x402_payer: getAddress(payment.payer) },
      accept: [{ chain_id: payment.chain.id, token: payment.option.token.symbol }],
    },
  });
  const trace: SettlementTrace = {};
  const settled = await relayingFacilitator(
    db,
    { ...context, invoiceId: invoice.id },
    trace,
  ).settle(payment.payload, payment.requirements);
  if (!settled.success) {
    if (!trace.row) {
      // Nothing was recorded for it: the invoice made for this payment is withdrawn.
      await db.transaction((tx) => cancelInvoice(tx, invoice.id)).catch(() => undefined);
    }
    const { reason, message } = refusalReason(trace, settled);
    return {
      ...settled,
      errorReason: reason,
      errorMessage: message,
      extra: { invoice: invoice.id },
    };
  }
  if (trace.repeated && trace.row && trace.row.invoiceId !== invoice.id) {
    // A concurrent settle of the same payment recorded it first: its invoice holds it.
    await db.transaction((tx) => cancelInvoice(tx, invoice.id)).catch(() => undefined);
    return { ...settled, extra: { invoice: trace.row.invoiceId } };
  }
  signalInvoiceChanged(invoice.id);
  return { ...settled, extra: { invoice: invoice.id } };
}
