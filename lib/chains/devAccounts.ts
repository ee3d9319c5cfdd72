import { type HDAccount, mnemonicToAccount } from "viem/accounts";

/** anvil's (and Hardhat's) well-known dev mnemonic: its accounts 0..9 start funded with 10,000 ETH. */
export const DEV_MNEMONIC = "test test test test test test test test test test test junk";

/** A dev account of the local chain: its key is public, worthless anywhere but a local chain. */
export function devAccount(index: number): HDAccount {
  return mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index });
}

/**
 * The local chain's relayer: dev account 10, which no test, demo wallet or deployment uses, so
 * its nonces are the relayer's alone. anvil funds only 0..9: start-up gives it gas
 * (fundLocalRelayer), on a fresh chain and on one a `.data/` of an earlier version left.
 */
export const LOCAL_RELAYER_ACCOUNT_INDEX = 10;
