import "server-only";
import { encodePaymentRequiredHeader, encodePaymentResponseHeader } from "@x402/core/http";
import type { PaymentPayload, PaymentRequired, SettleResponse } from "@x402/core/types";
import { eq } from "drizzle-orm";
import type { Address } from "viem";
import { findPaymentChain, getPaymentChains } from "../chains/registry";
import { signalInvoiceChanged } from "../checkout/liveUpdates";
import { getConfig } from "../config/config";
import type { Database } from "../db/client";
import { merchants } from "../db/schema";
import { DomainError, notFound } from "../errors";
import { buildPaymentOptions } from "../invoices/buildPaymentOptions";
import { cancelInvoice } from "../invoices/cancelInvoice";
import { findMerchantInvoiceWithPayments } from "../invoices/invoiceWithPayments";
import { amountDue, type InvoiceRow, presentInvoice } from "../invoices/present";
import { findInvoice } from "../invoices/queries";
import { describeFailure } from "../logSafe";
import type { CurrencyCode } from "../money/currencies";
import {
  findPaymentLink,
  issueInvoiceFromLink,
  parseLinkAmount,
} from "../paymentLinks/paymentLinks";
import { MIN_VALIDITY_MS } from "../relayer/relayAuthorization";
import { findRelayedAuthorization } from "../relayer/relayTransfer";
import { acceptedRequirement, parsePaymentHeader } from "./paymentHeader";
import { X402Refusal } from "./refusal";
import { exactRequirements, type OptionRequirement, paymentRequired } from "./requirements";
import {
  earlierSettlement,
  exactAuthorizationOf,
  refusalReason,
  relayingFacilitator,
  type SettlementContext,
  type SettlementTrace,
} from "./settlement";
import { x402InvoiceUrl, x402LinkUrl } from "./urls";

/** An x402 answer: its status, JSON body and headers. */
export type X402Answer = { status: number; body: unknown; headers: Record<string, string> };

function required(content: PaymentRequired): X402Answer {
  return {
    status: 402,
    body: content,
    headers: { "PAYMENT-REQUIRED": encodePaymentRequiredHeader(content) },
  };
}

async function invoiceAnswer(
  db: Database,
  invoice: Pick<InvoiceRow, "id" | "merchantId" | "livemode">,
  settled?: SettleResponse,
): Promise<X402Answer> {
  const found = await findMerchantInvoiceWithPayments(
    db,
    invoice.merchantId,
    invoice.livemode,
    invoice.id,
  );
  return {
    status: 200,
    body: presentInvoice(found.invoice, found.payments, getConfig().publicUrl, found.refunds),
    headers: settled ? { "PAYMENT-RESPONSE": encodePaymentResponseHeader(settled) } : {},
  };
}

type Resource = { url: string; description: string };

/**
 * The 402 before any payment is looked at: no requirement can be offered now (`instead` says
 * what to do), or none was sent. Otherwise the payment header to check.
 */
function unpaidAnswer(
  resource: Resource,
  offered: readonly OptionRequirement[],
  header: string | null,
  instead: string,
): { answer: X402Answer } | { header: string } {
  if (offered.length === 0) {
    return {
      answer: required(paymentRequired(resource, offered, `gasless_unavailable: ${instead}`)),
    };
  }
  return header ? { header } : { answer: required(paymentRequired(resource, offered)) };
}

/**
 * The payment a header carries, for one of the offered requirements: parsed and checked without
 * reading the chain (format, version, scheme, which requirement, window long enough to be mined).
 */
function checkedPayment(
  header: string,
  offered: readonly OptionRequirement[],
  now: Date,
): {
  payload: PaymentPayload;
  chosen: OptionRequirement;
  authorization: NonNullable<ReturnType<typeof exactAuthorizationOf>>;
} {
  const payload = parsePaymentHeader(header);
  const chosen = acceptedRequirement(offered, payload);
  if (!chosen) {
    throw new X402Refusal(
      "payment_requirements_mismatch",
      "The payment is not for one of the requirements offered (network, asset, recipient and amount must be one of `accepts`).",
    );
  }
  const authorization = exactAuthorizationOf(payload);
  if (!authorization) {
    throw new X402Refusal("invalid_payload", "The payment carries no EIP-3009 authorization.");
  }
  if (Number(authorization.validBefore) * 1000 - now.getTime() < MIN_VALIDITY_MS) {
    throw new X402Refusal(
      "authorization_expired",
      "The authorization expires before it could be mined; sign again.",
    );
  }
  return { payload, chosen, authorization };
}

function settlementContext(
  invoice: Pick<InvoiceRow, "id" | "merchantId" | "currency">,
  chosen: OptionRequirement,
): SettlementContext {
  const chain = findPaymentChain(chosen.option.chainId);
  if (!chain) throw new X402Refusal("relayer_unavailable", "That network is not served here.");
  return {
    chain,
    merchantId: invoice.merchantId,
    invoiceId: invoice.id,
    currency: invoice.currency as CurrencyCode,
    feeCap: chosen.option.gasless?.feeCap ?? "0",
    source: "x402",
  };
}

/** Settles a checked payment for an invoice through the relayer; refusals become `X402Refusal`. */
async function settleFor(
  db: Database,
  context: SettlementContext,
  payment: ReturnType<typeof checkedPayment>,
  trace: SettlementTrace = {},
): Promise<SettleResponse> {
  const settled = await relayingFacilitator(db, context, trace).settle(
    payment.payload,
    payment.chosen.requirements,
  );
  if (!settled.success) {
    const { reason, message } = refusalReason(trace, settled);
    throw new X402Refusal(reason, message);
  }
  return settled;
}

/**
 * GET {PUBLIC_URL}/api/x402/invoices/{id}: the invoice over x402. Payable: 402 with one `exact`
 * requirement per option offered gasless; with a PAYMENT-SIGNATURE, the payment is settled through
 * the relayer, credited, and answered 200 with the invoice and PAYMENT-RESPONSE. Paid: 200 with it;
 * expired or canceled: 410. A refused payment is answered 402 with the reason, nothing spent.
 */
export async function payInvoiceOverX402(
  db: Database,
  parameters: {
    invoiceId: string;
    header: string | null;
    now?: Date;
    /** Fault points for the crash tests. */
    faults?: SettlementContext["faults"];
  },
): Promise<X402Answer> {
  const now = parameters.now ?? new Date();
  const invoice = await findInvoice(db, parameters.invoiceId);
  if (!invoice) throw notFound("invoice");
  const due = amountDue(invoice);
  if (invoice.status === "paid" || (invoice.status === "processing" && due === 0n)) {
    return invoiceAnswer(db, invoice);
  }
  if (
    invoice.status === "canceled" ||
    invoice.status === "expired" ||
    invoice.expiresAt.getTime() <= now.getTime()
  ) {
    throw new DomainError(
      "invoice_gone",
      `This invoice is ${invoice.status === "canceled" ? "canceled" : "expired"}; ask the merchant for a new one.`,
    );
  }
  const currency = invoice.currency as CurrencyCode;
  const offered = await exactRequirements(
    invoice.paymentOptions,
    currency,
    due,
    invoice.expiresAt,
    now,
  );
  const resource: Resource = {
    url: x402InvoiceUrl(getConfig().publicUrl, invoice.id),
    description: invoice.description ?? `Invoice ${invoice.id}`,
  };
  const unpaid = unpaidAnswer(
    resource,
    offered,
    parameters.header,
    "no option of this invoice can be paid by signature now; pay it at its checkout_url.",
  );
  if ("answer" in unpaid) return unpaid.answer;
  try {
    const payment = checkedPayment(unpaid.header, offered, now);
    const context = { ...settlementContext(invoice, payment.chosen), faults: parameters.faults };
    await earlierSettlement(
      db,
      context,
      payment.chosen.option.token.address,
      payment.authorization,
    );
    const settled = await settleFor(db, context, payment);
    signalInvoiceChanged(invoice.id);
    return invoiceAnswer(db, invoice, settled);
  } catch (error) {
    const refused = toRefused(error);
    return required(paymentRequired(resource, offered, `${refused.reason}: ${refused.message}`));
  }
}

/** Our refusals (and the relayer's) as a 402's reason; anything else is a fault, not a refusal. */
function toRefused(error: unknown): X402Refusal {
  if (error instanceof X402Refusal) return error;
  if (error instanceof DomainError && error.code !== "internal_error") {
    return new X402Refusal(error.code, error.message);
  }
  throw error;
}

/**
 * GET {PUBLIC_URL}/api/x402/links/{id}: a payment link over x402 (`?amount=` for an open amount).
 * 402 with its requirements; with a PAYMENT-SIGNATURE that verifies (signature, recipient,
 * amount, window, and a simulation of the transfer), an invoice is issued from the link, the
 * payment settled to it, and the invoice answered. Nothing is issued for a payment that fails
 * verification; an issued invoice whose settlement is refused is canceled at once.
 */
export async function payLinkOverX402(
  db: Database,
  parameters: { linkId: string; header: string | null; amount?: string; now?: Date },
): Promise<X402Answer> {
  const now = parameters.now ?? new Date();
  const link = await findPaymentLink(db, parameters.linkId);
  if (!link) throw notFound("payment link");
  if (!link.active) {
    throw new DomainError("invoice_gone", "This payment link is no longer active.");
  }
  const [merchant] = await db.select().from(merchants).where(eq(merchants.id, link.merchantId));
  if (!merchant) throw notFound("payment link");
  const currency = link.currency as CurrencyCode;
  let amountUnits = link.amount;
  if (amountUnits === null) {
    if (parameters.amount === undefined) {
      throw new DomainError(
        "parameter_missing",
        "This link's amount is open: add ?amount= (a decimal amount of its currency).",
        "amount",
      );
    }
    amountUnits = parseLinkAmount(parameters.amount, currency);
  }
  const chains = getPaymentChains();
  const options = buildPaymentOptions({
    merchant,
    chains,
    livemode: link.livemode,
    currency,
    accept: link.accept?.map((entry) => ({ chain_id: entry.chainId, token: entry.symbol })),
  });
  const offered = await exactRequirements(options, currency, amountUnits, null, now);
  const base = x402LinkUrl(getConfig().publicUrl, link.id);
  const resource: Resource = {
    url: link.amount === null ? `${base}?amount=${encodeURIComponent(parameters.amount!)}` : base,
    description: link.description ?? `Payment link ${link.id}`,
  };
  const unpaid = unpaidAnswer(
    resource,
    offered,
    parameters.header,
    "this link cannot be paid by signature now; open its url instead.",
  );
  if ("answer" in unpaid) return unpaid.answer;

  let issued: InvoiceRow | null = null;
  let trace: SettlementTrace = {};
  try {
    const payment = checkedPayment(unpaid.header, offered, now);
    const token = payment.chosen.option.token.address;
    // The same payment again (a retry, or the same header sent twice): the invoice it paid.
    const earlier = await findRelayedAuthorization(db, {
      chainId: payment.chosen.option.chainId,
      token,
      authorizer: payment.authorization.from,
      nonce: payment.authorization.nonce,
    });
    if (earlier) {
      const paid = earlier.invoiceId ? await findInvoice(db, earlier.invoiceId) : null;
      if (!paid || paid.paymentLinkId !== link.id) {
        throw new X402Refusal(
          "authorization_used",
          "This authorization has already paid for something else.",
        );
      }
      const settled = await settleFor(db, settlementContext(paid, payment.chosen), payment);
      return invoiceAnswer(db, paid, settled);
    }
    const verifyContext: SettlementContext = {
      ...settlementContext({ id: "", merchantId: merchant.id, currency }, payment.chosen),
      invoiceId: null,
    };
    const verified = await relayingFacilitator(db, verifyContext, trace).verify(
      payment.payload,
      payment.chosen.requirements,
    );
    if (!verified.isValid) {
      const { reason, message } = refusalReason(trace, verified);
      throw new X402Refusal(reason, message);
    }
    issued = await issueInvoiceFromLink(db, {
      link,
      merchant,
      chains,
      typedAmount: parameters.amount,
      now,
    });
    const option = issued.paymentOptions.find(
      (candidate) =>
        candidate.chainId === payment.chosen.option.chainId &&
        candidate.token.address.toLowerCase() === token.toLowerCase() &&
        candidate.recipient.toLowerCase() ===
          (payment.chosen.requirements.payTo as Address).toLowerCase(),
    );
    if (!option) {
      throw new X402Refusal(
        "payment_requirements_mismatch",
        "The link's terms changed; fetch it again.",
      );
    }
    const settleTrace: SettlementTrace = {};
    trace = settleTrace;
    const settled = await settleFor(
      db,
      settlementContext(issued, { ...payment.chosen, option }),
      payment,
      settleTrace,
    );
    signalInvoiceChanged(issued.id);
    return invoiceAnswer(db, issued, settled);
  } catch (error) {
    // Nothing recorded for it: the issued invoice is canceled (a recorded one may still be mined).
    if (issued && !trace.row) await cancelQuietly(db, issued.id, now);
    const refused = toRefused(error);
    return required(paymentRequired(resource, offered, `${refused.reason}: ${refused.message}`));
  }
}

/** An invoice issued for a payment that was then refused holds nothing: it is canceled. */
async function cancelQuietly(db: Database, invoiceId: string, now: Date): Promise<void> {
  try {
    await db.transaction((tx) => cancelInvoice(tx, invoiceId, now));
  } catch (error) {
    console.error(
      `An x402 link invoice (${invoiceId}) whose payment was refused could not be canceled: ${describeFailure(error)}`,
    );
  }
}
