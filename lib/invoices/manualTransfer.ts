import type { Address } from "viem";

/**
 * Manual transfers (QR code, EIP-681 link, copy-paste, exchange withdrawals) carry no calldata,
 * so the amount itself names the invoice: the amount due, rounded up to a whole cent, plus an
 * offset below one cent that no other invoice paid to the same address holds. Offsets use the
 * four digits after the cents (0.000001 to 0.009999 of the currency) whatever the token's
 * precision, so the amount stays short enough to type into an exchange's withdrawal form.
 */

/** Most offsets one (chain, token, recipient) can hand out at a time: 0.000001 .. 0.009999. */
export const MAX_MANUAL_SLOTS = 9_999;

/** How many distinct offsets a token of `decimals` allows (0: too few decimals to offset). */
export function manualSlots(decimals: number): number {
  if (decimals <= 2) return 0;
  return Math.min(MAX_MANUAL_SLOTS, 10 ** Math.min(decimals - 2, 4) - 1);
}

/** Token base units of one offset step: 0.000001 of the currency, or 1 unit for coarser tokens. */
export function manualOffsetUnit(decimals: number): bigint {
  return 10n ** BigInt(Math.max(decimals - 6, 0));
}

/** The amount due in token base units, rounded up to a whole cent. */
export function manualBase(dueTokenUnits: bigint, decimals: number): bigint {
  if (decimals <= 2) return dueTokenUnits;
  const cent = 10n ** BigInt(decimals - 2);
  return ((dueTokenUnits + cent - 1n) / cent) * cent;
}

/** base + slot offsets; slot is 1..manualSlots(decimals). */
export function manualAmount(base: bigint, slot: number, decimals: number): bigint {
  const slots = manualSlots(decimals);
  if (!Number.isInteger(slot) || slot < 1 || slot > slots) {
    throw new RangeError(`slot must be a whole number from 1 to ${slots}`);
  }
  return base + BigInt(slot) * manualOffsetUnit(decimals);
}

/** EIP-681: ethereum:<token>@<chain id>/transfer?address=<recipient>&uint256=<amount>. */
export function eip681TransferUri(parameters: {
  token: Address;
  chainId: number;
  recipient: Address;
  amount: bigint;
}): string {
  const { token, chainId, recipient, amount } = parameters;
  return `ethereum:${token}@${chainId}/transfer?address=${recipient}&uint256=${amount.toString()}`;
}
