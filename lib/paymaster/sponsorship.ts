import "server-only";
import { type Hex, isAddressEqual } from "viem";
import { z } from "zod";
import { getConfig } from "../config/config";
import type { Executor } from "../db/client";
import { DomainError, invalidParameter } from "../errors";
import { currentPaymentOptions } from "../invoices/present";
import { findInvoice } from "../invoices/queries";
import { decodeAccountCalls } from "./userOperationCalls";

/** The two methods of an ERC-7677 paymaster web service; nothing else is forwarded. */
export const PAYMASTER_METHODS = ["pm_getPaymasterStubData", "pm_getPaymasterData"] as const;
export type PaymasterMethod = (typeof PAYMASTER_METHODS)[number];

/** How long the merchant's paymaster service has to answer. */
export const PAYMASTER_TIMEOUT_MS = 10_000;

const hex = z.string().regex(/^0x[0-9a-fA-F]*$/, "must be 0x-prefixed hex");
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "must be a 0x-prefixed address");
const quantity = z.string().regex(/^0x[0-9a-fA-F]{1,64}$/, "must be a hex quantity");

/**
 * The most gas a sponsored payment may reserve, per limit: a token transfer inside an account's
 * execute uses well under 100,000, and deploying the account on its first operation a few
 * hundred thousand. Limits far above these would make the merchant pay the unused-gas penalty
 * (EntryPoint v0.7+) for nothing. Fees and preVerificationGas (which on rollups carries the L1
 * data cost) are left to the provider's policy.
 */
export const SPONSORED_GAS_CAPS = {
  callGasLimit: 300_000n,
  verificationGasLimit: 1_500_000n,
  paymasterVerificationGasLimit: 300_000n,
  paymasterPostOpGasLimit: 300_000n,
} as const;

/** A JSON-RPC 2.0 request; the method is checked apart, so its refusal names it. */
export const paymasterRequestSchema = z.object({
  jsonrpc: z.literal("2.0"),
  id: z.union([z.number(), z.string().max(100), z.null()]),
  method: z.string().max(100),
  params: z.unknown(),
});

/**
 * [userOperation, entryPoint, chainId, context]: the user operation's other fields (gas, nonce,
 * factory, signature) are the account's and the paymaster's business and pass as they are.
 */
const paymasterParamsSchema = z.tuple(
  [
    z.looseObject({ sender: address, callData: hex }),
    address,
    quantity,
    z.record(z.string(), z.unknown()).nullish(),
  ],
  // Some wallets omit the context: a 3-tuple is fine, a fifth entry is not.
);

export type PaymasterRequest = z.output<typeof paymasterRequestSchema>;

/**
 * Checks that a paymaster request asks to sponsor exactly a payment of this invoice on this chain
 * (one call: the option's transaction, to the token, transfer of what is due to the merchant and
 * the invoice's reference), takes one from the invoice's budget, and forwards it to the
 * merchant's paymaster service. Anything else is refused before the service is asked.
 */
export async function sponsorUserOperation(
  db: Executor,
  parameters: {
    invoiceId: string;
    chainId: number;
    request: PaymasterRequest;
    /** Takes one from the invoice's sponsorship budget, or throws (the edge keeps the limits). */
    spendBudget: (method: PaymasterMethod) => void;
  },
): Promise<unknown> {
  const { invoiceId, chainId, request } = parameters;
  if (!(PAYMASTER_METHODS as readonly string[]).includes(request.method)) {
    throw invalidParameter(
      "method",
      `The paymaster answers ${PAYMASTER_METHODS.join(" and ")} only, not ${request.method}.`,
    );
  }
  const method = request.method as PaymasterMethod;
  const paymasterUrl = getConfig().paymasterUrls[chainId];
  const invoice = await findInvoice(db, invoiceId);
  if (!invoice) throw new DomainError("resource_not_found", "No such invoice.", "id");
  if (paymasterUrl === undefined) {
    throw new DomainError(
      "sponsorship_unavailable",
      "Gas is not sponsored on this network; pay the gas from the account.",
      "chain_id",
    );
  }
  if (invoice.status !== "open" || invoice.expiresAt.getTime() <= Date.now()) {
    throw new DomainError(
      "invoice_not_payable",
      "This invoice can no longer be paid; ask the merchant for a new one.",
    );
  }
  const options = currentPaymentOptions(invoice).filter((option) => option.chain_id === chainId);
  if (options.length === 0) {
    throw new DomainError(
      "sponsorship_unavailable",
      "This invoice cannot be paid on this network.",
      "chain_id",
    );
  }

  const params = paymasterParamsSchema.safeParse(
    Array.isArray(request.params) && request.params.length === 3
      ? [...request.params, null]
      : request.params,
  );
  if (!params.success) {
    const issue = params.error.issues[0];
    const where = ["params", ...(issue?.path ?? [])].join(".");
    throw invalidParameter(where, `${where} ${issue?.message ?? "is invalid"}.`);
  }
  const [userOperation, , requestChainId] = params.data;
  if (BigInt(requestChainId) !== BigInt(chainId)) {
    throw invalidParameter("params.2", `The chain id must be ${chainId}, this URL's.`);
  }
  for (const [field, cap] of Object.entries(SPONSORED_GAS_CAPS)) {
    const raw = (userOperation as Record<string, unknown>)[field];
    if (raw === undefined || raw === null) continue;
    const parsed = quantity.safeParse(raw);
    if (!parsed.success) {
      throw invalidParameter(`params.0.${field}`, `params.0.${field} must be a hex quantity.`);
    }
    if (BigInt(parsed.data) > cap) {
      throw new DomainError(
        "sponsorship_refused",
        `The user operation's ${field} is above the ${cap} a sponsored payment may reserve.`,
        `params.0.${field}`,
      );
    }
  }
  const calls = decodeAccountCalls(userOperation.callData as Hex);
  if (calls === null) {
    throw refused(
      "The user operation's callData is not an account's execute or executeBatch call.",
    );
  }
  if (calls.length !== 1) {
    throw refused("The user operation must make exactly one call: the invoice's payment.");
  }
  const [call] = calls as [(typeof calls)[number]];
  const pays = options.some(
    (option) =>
      isAddressEqual(call.to, option.transaction.to) &&
      call.value === 0n &&
      call.data.toLowerCase() === option.transaction.data.toLowerCase(),
  );
  if (!pays) {
    throw refused(
      "The user operation's call is not this invoice's payment: send the payment option's transaction as it stands.",
    );
  }

  parameters.spendBudget(method);
  // The context picks the provider's policy (a sponsorship policy id, say): the merchant's
  // business, never the caller's. The user operation goes on exactly as it was checked.
  const forwarded = (request.params as unknown[]).slice(0, 3);
  return forward(paymasterUrl, { ...request, params: [...forwarded, {}] });
}

function refused(message: string): DomainError {
  return new DomainError("sponsorship_refused", message, "params.0.callData");
}

/**
 * Asks the merchant's paymaster service and returns its JSON-RPC answer (result or error) as it
 * stands. Its URL may carry the provider's key: no error here repeats it, or what it answered.
 */
async function forward(url: string, request: PaymasterRequest): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(PAYMASTER_TIMEOUT_MS),
      redirect: "error",
    });
  } catch {
    throw unavailable();
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw unavailable();
  }
  const answer = z
    .union([
      z.object({ result: z.unknown() }).refine((value) => value.result !== undefined),
      z.object({ error: z.object({ code: z.number().int(), message: z.string().max(1000) }) }),
    ])
    .safeParse(body);
  if (!answer.success) throw unavailable();
  return answer.data;
}

function unavailable(): DomainError {
  return new DomainError(
    "paymaster_unavailable",
    "The paymaster did not answer; try again, or pay the gas from the account.",
  );
}
