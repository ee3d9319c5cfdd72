import "server-only";
import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { PaymentChain } from "../chains/registry";
import type { Database, Executor } from "../db/client";
import { type merchants, paymentLinks } from "../db/schema";
import { DomainError, notFound } from "../errors";
import { newId } from "../ids";
import { buildPaymentOptions } from "../invoices/buildPaymentOptions";
import { createInvoiceAlone } from "../invoices/createInvoiceAlone";
import type { InvoiceRow } from "../invoices/present";
import { DEFAULT_EXPIRES_IN } from "../invoices/schemas";
import { type CurrencyCode, formatCurrencyAmount, parseCurrencyAmount } from "../money/currencies";
import { ParseDecimalError } from "../money/decimal";
import { type ListResponse, limitParam } from "../pagination";
import { isStorableText } from "../storableText";
import { x402LinkUrl } from "../x402/urls";
import type { CreatePaymentLinkBody, paymentLinkSchema, UpdatePaymentLinkBody } from "./schemas";

type Merchant = typeof merchants.$inferSelect;
export type PaymentLinkRow = typeof paymentLinks.$inferSelect;

/** Derived from its schema, the one source of the API's shape. */
export type ApiPaymentLink = z.output<typeof paymentLinkSchema>;

export function paymentLinkUrl(publicUrl: string, id: string): string {
  return `${publicUrl}/l/${id}`;
}

export function presentPaymentLink(link: PaymentLinkRow, publicUrl: string): ApiPaymentLink {
  const currency = link.currency as CurrencyCode;
  return {
    id: link.id,
    object: "payment_link",
    livemode: link.livemode,
    active: link.active,
    url: paymentLinkUrl(publicUrl, link.id),
    x402_url: x402LinkUrl(publicUrl, link.id),
    amount: link.amount === null ? null : formatCurrencyAmount(link.amount, currency),
    currency,
    description: link.description,
    redirect_url: link.redirectUrl,
    metadata: link.metadata,
    expires_in: link.expiresIn,
    accept: link.accept?.map((entry) => ({ chain_id: entry.chainId, token: entry.symbol })) ?? null,
    created_at: link.createdAt.toISOString(),
    updated_at: link.updatedAt.toISOString(),
  };
}

/** A typed amount for a link whose amount is open, in currency units; a 400 naming `amount` when invalid. */
export function parseLinkAmount(amount: string, currency: CurrencyCode): bigint {
  try {
    const units = parseCurrencyAmount(amount, currency);
    if (units === 0n) throw new ParseDecimalError("invalid", "must be greater than 0");
    return units;
  } catch (error) {
    if (error instanceof ParseDecimalError) {
      throw new DomainError("parameter_invalid", `Invalid amount: ${error.message}.`, "amount");
    }
    throw error;
  }
}

/** The terms a link may carry must be able to make a payable invoice: checked when it is saved. */
function checkTerms(
  merchant: Merchant,
  livemode: boolean,
  chains: readonly PaymentChain[],
  terms: {
    currency: CurrencyCode;
    redirectUrl: string | null;
    accept: { chain_id: number; token: string }[] | null;
  },
): void {
  if (livemode && terms.redirectUrl && !terms.redirectUrl.startsWith("https://")) {
    throw new DomainError(
      "parameter_invalid",
      "Invalid redirect_url: live mode needs https.",
      "redirect_url",
    );
  }
  buildPaymentOptions({
    merchant,
    chains,
    livemode,
    currency: terms.currency,
    accept: terms.accept ?? undefined,
  });
}

export async function createPaymentLink(
  executor: Executor,
  parameters: {
    merchant: Merchant;
    livemode: boolean;
    body: CreatePaymentLinkBody;
    chains: readonly PaymentChain[];
    now?: Date;
  },
): Promise<PaymentLinkRow> {
  const { merchant, livemode, body } = parameters;
  const now = parameters.now ?? new Date();
  const amount = body.amount === null ? null : parseLinkAmount(body.amount, body.currency);
  checkTerms(merchant, livemode, parameters.chains, {
    currency: body.currency,
    redirectUrl: body.redirect_url ?? null,
    accept: body.accept ?? null,
  });
  const [link] = await executor
    .insert(paymentLinks)
    .values({
      id: newId("plink", now.getTime()),
      merchantId: merchant.id,
      livemode,
      active: true,
      amount,
      currency: body.currency,
      description: body.description ?? null,
      redirectUrl: body.redirect_url ?? null,
      metadata: body.metadata ?? {},
      expiresIn: body.expires_in ?? DEFAULT_EXPIRES_IN,
      accept:
        body.accept?.map((entry) => ({ chainId: entry.chain_id, symbol: entry.token })) ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return link!;
}

export async function findMerchantPaymentLink(
  executor: Executor,
  merchantId: string,
  livemode: boolean,
  id: string,
): Promise<PaymentLinkRow> {
  const [link] = await executor
    .select()
    .from(paymentLinks)
    .where(
      and(
        eq(paymentLinks.id, id),
        eq(paymentLinks.merchantId, merchantId),
        eq(paymentLinks.livemode, livemode),
      ),
    );
  if (!link) throw notFound("payment link");
  return link;
}

export async function findPaymentLink(
  executor: Executor,
  id: string,
): Promise<PaymentLinkRow | null> {
  if (!isStorableText(id)) return null;
  const [link] = await executor.select().from(paymentLinks).where(eq(paymentLinks.id, id));
  return link ?? null;
}

export async function updatePaymentLink(
  executor: Executor,
  parameters: {
    merchant: Merchant;
    livemode: boolean;
    id: string;
    body: UpdatePaymentLinkBody;
    chains: readonly PaymentChain[];
    now?: Date;
  },
): Promise<PaymentLinkRow> {
  const { merchant, livemode, body } = parameters;
  const current = await findMerchantPaymentLink(executor, merchant.id, livemode, parameters.id);
  const currency = body.currency ?? (current.currency as CurrencyCode);
  const currentAmount =
    current.amount === null
      ? null
      : formatCurrencyAmount(current.amount, current.currency as CurrencyCode);
  const amountText = body.amount !== undefined ? body.amount : currentAmount;
  const amount = amountText === null ? null : parseLinkAmount(amountText, currency);
  const redirectUrl = body.redirect_url !== undefined ? body.redirect_url : current.redirectUrl;
  const accept =
    body.accept !== undefined
      ? (body.accept?.map((entry) => ({ chainId: entry.chain_id, symbol: entry.token })) ?? null)
      : current.accept;
  checkTerms(merchant, livemode, parameters.chains, {
    currency,
    redirectUrl,
    accept: accept?.map((entry) => ({ chain_id: entry.chainId, token: entry.symbol })) ?? null,
  });
  const [updated] = await executor
    .update(paymentLinks)
    .set({
      amount,
      currency,
      redirectUrl,
      accept,
      description: body.description !== undefined ? body.description : current.description,
      metadata: body.metadata ?? current.metadata,
      expiresIn: body.expires_in ?? current.expiresIn,
      active: body.active ?? current.active,
      updatedAt: parameters.now ?? new Date(),
    })
    .where(eq(paymentLinks.id, current.id))
    .returning();
  return updated!;
}

export const listPaymentLinksQuery = z.strictObject({
  active: z
    .enum(["true", "false"])
    .transform((value) => value === "true")
    .optional()
    .meta({ description: "Only active (true) or inactive (false) links." }),
  limit: limitParam,
  starting_after: z
    .string()
    .optional()
    .meta({ description: "A payment link id: return the links created before it." }),
});

export async function listPaymentLinks(
  executor: Executor,
  parameters: {
    merchantId: string;
    livemode: boolean;
    query: z.output<typeof listPaymentLinksQuery>;
    publicUrl: string;
  },
): Promise<ListResponse<ApiPaymentLink>> {
  const { merchantId, livemode, query } = parameters;
  const limit = query.limit ?? 20;
  const conditions: SQL[] = [
    eq(paymentLinks.merchantId, merchantId),
    eq(paymentLinks.livemode, livemode),
  ];
  if (query.active !== undefined) conditions.push(eq(paymentLinks.active, query.active));
  if (query.starting_after) {
    const [cursor] = await executor
      .select({ id: paymentLinks.id, createdAt: paymentLinks.createdAt })
      .from(paymentLinks)
      .where(
        and(
          eq(paymentLinks.id, query.starting_after),
          eq(paymentLinks.merchantId, merchantId),
          eq(paymentLinks.livemode, livemode),
        ),
      );
    if (!cursor) {
      throw new DomainError(
        "parameter_invalid",
        "Invalid starting_after: no such payment link.",
        "starting_after",
      );
    }
    conditions.push(
      sql`(${paymentLinks.createdAt}, ${paymentLinks.id}) < (${cursor.createdAt.toISOString()}::timestamptz, ${cursor.id})`,
    );
  }
  const rows = await executor
    .select()
    .from(paymentLinks)
    .where(and(...conditions))
    .orderBy(desc(paymentLinks.createdAt), desc(paymentLinks.id))
    .limit(limit + 1);
  return {
    object: "list",
    data: rows.slice(0, limit).map((link) => presentPaymentLink(link, parameters.publicUrl)),
    has_more: rows.length > limit,
  };
}

/**
 * A fresh invoice from a link, for the shopper who opened it: the link's terms, and the amount
 * the shopper typed when the link leaves it open.
 */
export async function issueInvoiceFromLink(
  db: Database,
  parameters: {
    link: PaymentLinkRow;
    merchant: Merchant;
    chains: readonly PaymentChain[];
    typedAmount?: string;
    now?: Date;
  },
): Promise<InvoiceRow> {
  const { link } = parameters;
  const currency = link.currency as CurrencyCode;
  if (!link.active)
    throw new DomainError("payment_link_inactive", "This payment link is no longer active.");
  let amountUnits = link.amount;
  if (amountUnits === null) {
    if (parameters.typedAmount === undefined) {
      throw new DomainError("parameter_missing", "Enter the amount to pay.", "amount");
    }
    amountUnits = parseLinkAmount(parameters.typedAmount, currency);
  }
  const { invoice } = await createInvoiceAlone(db, {
    merchant: parameters.merchant,
    livemode: link.livemode,
    chains: parameters.chains,
    paymentLinkId: link.id,
    now: parameters.now,
    body: {
      amount: formatCurrencyAmount(amountUnits, currency),
      amountUnits,
      currency,
      description: link.description ?? undefined,
      metadata: link.metadata,
      redirect_url: link.redirectUrl ?? undefined,
      expires_in: link.expiresIn,
      accept: link.accept?.map((entry) => ({ chain_id: entry.chainId, token: entry.symbol })),
    },
  });
  return invoice;
}
