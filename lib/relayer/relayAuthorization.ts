import "server-only";
import {
  type Address,
  encodeFunctionData,
  getAddress,
  type Hex,
  isAddressEqual,
  type PublicClient,
  parseSignature,
  recoverTypedDataAddress,
} from "viem";
import { eip3009Abi } from "../chains/eip3009";
import { findPaymentChain, publicClientFor } from "../chains/registry";
import type { Database } from "../db/client";
import { DomainError } from "../errors";
import { tokenAmountDue } from "../invoices/paymentOptions";
import { amountDue, type InvoiceRow } from "../invoices/present";
import { findInvoice } from "../invoices/queries";
import type { CurrencyCode } from "../money/currencies";
import {
  authorizationNonce,
  authorizationTypedData,
  authorizationWindow,
  type TokenDomain,
} from "./authorization";
import type { RelayerTransactionRow } from "./lane";
import { gaslessOffer } from "./offers";
import { relayerState } from "./relayerState";
import { chainUnavailable, relayTransfer } from "./relayTransfer";

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
  const { txHash, row } = await relayTransfer(db, {
    chain,
    state,
    token: option.token.address,
    merchantId: invoice.merchantId,
    invoiceId: invoice.id,
    currency: invoice.currency as CurrencyCode,
    feeCap: option.gasless?.feeCap ?? "0",
    authorizer: posted.from,
    nonce: expected.nonce,
    data,
    source: "checkout",
    now,
    faults: parameters.faults,
  });
  return { txHash, invoice, row };
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
    throw chainUnavailable(error);
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
