import { type Address, getAddress, isAddress, isAddressEqual } from "viem";
import type { SavedSettings, SettingsDraft } from "./settingsDraft";

/*
 * Which addresses typed in the settings need their owner's confirmation before a save, as the
 * server decides it (lib/merchants/confirmSettlement): a new default address, or a chain's new
 * override, that is neither the signed-in wallet's nor where payments already go.
 */

/** An address to confirm: on `chainId`, or (the default address) on a chain the form picks. */
export type ConfirmationNeed = {
  key: string;
  address: Address;
  chainId: number | null;
  /** The field it belongs to, as the server names it. */
  param: string;
};

/** A confirmation being made: the time the message names, its chain, and the signature. */
export type ConfirmationDraft = { chainId: number; issuedAt: string; signature: string };

export function confirmationsNeeded(
  saved: SavedSettings,
  draft: SettingsDraft,
  signedIn: string,
): ConfirmationNeed[] {
  const needs: ConfirmationNeed[] = [];
  const consider = (typed: string, current: string, chainId: number | null, param: string) => {
    const value = typed.trim();
    if (!isAddress(value)) return;
    const address = getAddress(value);
    if (isAddressEqual(address, signedIn as Address)) return;
    if (isAddress(current) && isAddressEqual(address, current)) return;
    needs.push({ key: `${param}:${address}`, address, chainId, param });
  };
  consider(draft.settlementAddress, saved.settlement_address, null, "settlement_address");
  for (const [chainId, typed] of Object.entries(draft.overrides)) {
    consider(
      typed,
      saved.settlement_overrides[chainId] ?? saved.settlement_address,
      Number(chainId),
      `settlement_overrides.${chainId}`,
    );
  }
  return needs;
}

/** The body's `settlement_confirmations`: the signed ones among what is needed. */
export function confirmationsToSend(
  needs: ConfirmationNeed[],
  drafts: Record<string, ConfirmationDraft>,
) {
  return needs.flatMap((need) => {
    const draft = drafts[need.key];
    if (!draft || draft.signature.trim() === "") return [];
    return [
      {
        address: need.address,
        chain_id: draft.chainId,
        issued_at: draft.issuedAt,
        signature: draft.signature.trim(),
      },
    ];
  });
}
