import { type Address, concatHex, encodeFunctionData, erc20Abi, type Hex } from "viem";
import type { z } from "zod";
import { CURRENCY_SCALE, type CurrencyCode, currencyToTokenUnits } from "../money/currencies";
import {
  authorizationNonce,
  authorizationTypedData,
  authorizationWindow,
  type TokenDomain,
} from "../relayer/authorization";
import { eip681TransferUri, manualBase } from "./manualTransfer";
import type { paymentOptionSchema } from "./schemas";

/** A chain and token an invoice can be paid with, frozen when the invoice is created. */
export type StoredPaymentOption = {
  chainId: number;
  chainName: string;
  token: {
    symbol: string;
    name: string;
    address: Address;
    decimals: number;
    currency: CurrencyCode;
  };
  recipient: Address;
  /**
   * The amount a manual transfer sends (token base units) and the amount due, rounded up to a
   * cent, it was made for; absent when no unique amount could be held (see manualTransfer.ts).
   */
  manual?: { amount: string; due: string } | null;
  /**
   * Gasless payment as the merchant set it when the invoice was made: offered on this option
   * (the token supports EIP-3009 and the merchant has it on), with the most the relayer's fee
   * for it may be worth, a decimal amount of the invoice currency. Absent: not offered.
   */
  gasless?: { feeCap: string } | null;
};

/** The shape every client (checkout page, API user, script) pays from. */
/** Derived from its schema, the one source of the API's shape. */
export type PaymentOption = z.output<typeof paymentOptionSchema>;

/**
 * transfer(recipient, amount) with the invoice reference appended. ERC-20 tokens ignore calldata
 * past the arguments, so this is an ordinary transfer whose input still names its invoice.
 */
export function transferCalldata(recipient: Address, amount: bigint, reference: Hex): Hex {
  const transfer = encodeFunctionData({
    abi: erc20Abi,
    functionName: "transfer",
    args: [recipient, amount],
  });
  return concatHex([transfer, reference]);
}

/** Invoice-level units due -> token units, rounded up so that paying it always covers the rest. */
export function tokenAmountDue(amountDue: bigint, tokenDecimals: number): bigint {
  const divisor = 10n ** BigInt(CURRENCY_SCALE - tokenDecimals);
  const rounded = ((amountDue + divisor - 1n) / divisor) * divisor;
  return currencyToTokenUnits(rounded, tokenDecimals);
}

/** Where an option is offered gasless now: the token's EIP-712 domain and the invoice's expiry. */
export type GaslessTerms = { domain: TokenDomain; expiresAt: Date };

export function presentPaymentOption(
  option: StoredPaymentOption,
  reference: Hex,
  amountDue: bigint,
  gasless: GaslessTerms | null = null,
  paymasterServiceUrl: string | null = null,
): PaymentOption {
  const amount = tokenAmountDue(amountDue, option.token.decimals);
  return {
    chain_id: option.chainId,
    chain_name: option.chainName,
    token: {
      symbol: option.token.symbol,
      address: option.token.address,
      decimals: option.token.decimals,
    },
    amount: amount.toString(),
    recipient: option.recipient,
    reference,
    transaction: {
      to: option.token.address,
      data: transferCalldata(option.recipient, amount, reference),
      value: "0",
    },
    manual: presentManual(option, amount),
    authorization: gasless && {
      ...authorizationTypedData(gasless.domain, {
        to: option.recipient,
        value: amount,
        ...authorizationWindow(gasless.expiresAt),
        nonce: authorizationNonce({
          reference,
          chainId: option.chainId,
          token: option.token.address,
          recipient: option.recipient,
          value: amount,
        }),
      }),
    },
    paymaster_service_url: paymasterServiceUrl,
  };
}

/** The manual amount, while it was made for what is due now. */
function presentManual(option: StoredPaymentOption, amountDue: bigint): PaymentOption["manual"] {
  const manual = option.manual;
  if (!manual || BigInt(manual.due) !== manualBase(amountDue, option.token.decimals)) return null;
  const amount = BigInt(manual.amount);
  return {
    amount: amount.toString(),
    uri: eip681TransferUri({
      token: option.token.address,
      chainId: option.chainId,
      recipient: option.recipient,
      amount,
    }),
  };
}
