import type { Address, Hash } from "viem";
import type { StoredPaymentOption } from "../invoices/paymentOptions";

/** One decoded ERC-20 Transfer log. */
export type TransferLog = {
  token: Address;
  from: Address;
  to: Address;
  value: bigint;
  blockNumber: bigint;
  blockHash: Hash;
  transactionHash: Hash;
  logIndex: number;
};

export type MatchedTransfer = {
  logIndex: number;
  from: Address;
  amount: bigint;
  option: StoredPaymentOption;
};

export type IncludedBlock = { number: bigint; hash: Hash; timestamp: Date };

/** Who sent a transaction and with which nonce: another transaction with both replaced it. */
export type TransactionSender = { from: Address; nonce: number };
