"use client";

import { useState } from "react";
import { type Address, BaseError, type Hex, numberToHex } from "viem";
import { type Config, useConfig, useSendCalls, useSendTransaction } from "wagmi";
import { getCallsStatus, getConnectorClient } from "wagmi/actions";
import type { CheckoutChain } from "@/lib/checkout/view";
import type { PaymentOption } from "@/lib/invoices/paymentOptions";
import { useNetworkSwitch } from "./useNetworkSwitch";
import {
  type CallsOutcome,
  callsOutcome,
  paymasterServiceSupported,
  sendCallsSupported,
} from "./walletCalls";
import { type WalletErrorMessage, walletErrorMessage } from "./walletErrors";

/** What the wallet is asked for now: nothing, a network switch, or the payment's signature. */
export type WalletStep = { status: "idle" } | { status: "switching" } | { status: "confirming" };

/** How long the page waits for wallet_getCapabilities before paying the ordinary way. */
const CAPABILITIES_TIMEOUT_MS = 3_000;
/** How often the page asks the wallet about a call bundle it sent, and for how long at most. */
const CALLS_POLL_MS = 1_000;
const CALLS_TIMEOUT_MS = 10 * 60_000;
/** Failed status queries in a row (a flaky connection) before the page gives up on a bundle. */
const CALLS_STATUS_ATTEMPTS = 3;

/**
 * Pays `option` from the connected wallet, switching it to the option's network first. A wallet
 * that speaks EIP-5792 on that chain (a smart wallet) gets the option's transaction as a call
 * bundle (wallet_sendCalls), followed until its receipts come; any other gets it by
 * eth_sendTransaction. Either way the page reports the hash through `onTransactionSent`.
 */
export function useWalletPayment({
  option,
  chain,
  onTransactionSent,
  onError,
}: {
  option: PaymentOption;
  chain: CheckoutChain;
  onTransactionSent: (chainId: number, txHash: string) => void;
  onError: (message: WalletErrorMessage | null) => void;
}) {
  const config = useConfig();
  const { sendTransactionAsync } = useSendTransaction();
  const { sendCallsAsync } = useSendCalls();
  const { wrongNetwork, switching, switchNetwork } = useNetworkSwitch({ chain, onError });
  const [confirming, setConfirming] = useState(false);
  const step: WalletStep = switching
    ? { status: "switching" }
    : confirming
      ? { status: "confirming" }
      : { status: "idle" };

  const call = {
    to: option.transaction.to as Address,
    data: option.transaction.data as Hex,
    value: 0n,
  };

  /** Sends the bundle and waits for its receipts; the hashes to report, or a sentence. */
  async function payWithCalls(capabilities: unknown): Promise<Hex[] | WalletErrorMessage> {
    // The merchant sponsors the gas (ERC-7677) where it set a paymaster for this chain and the
    // wallet takes one: the URL is the app's proxy, which sponsors only this payment.
    const url = option.paymaster_service_url;
    const { id } = await sendCallsAsync({
      chainId: option.chain_id,
      calls: [call],
      ...(url && paymasterServiceSupported(capabilities, option.chain_id)
        ? { capabilities: { paymasterService: { url } } }
        : {}),
    });
    const outcome = await settledCalls(config, id);
    return outcome.status === "included"
      ? outcome.hashes
      : { key: "wallet.error.callsFailed", values: {} };
  }

  async function pay() {
    onError(null);
    if (wrongNetwork && !(await switchNetwork())) return;
    setConfirming(true);
    try {
      const capabilities = await walletCapabilities(config, option.chain_id);
      if (sendCallsSupported(capabilities, option.chain_id)) {
        const result = await payWithCalls(capabilities);
        setConfirming(false);
        if (!Array.isArray(result)) onError(result);
        else for (const hash of result) onTransactionSent(option.chain_id, hash);
        return;
      }
      const hash = await sendTransactionAsync({ chainId: option.chain_id, ...call });
      setConfirming(false);
      onTransactionSent(option.chain_id, hash);
    } catch (error) {
      setConfirming(false);
      onError(walletErrorMessage(error, "send", chain.name));
    }
  }

  return { step, wrongNetwork, switchNetwork, pay };
}

/**
 * The connected wallet's wallet_getCapabilities answer for `chainId`, or undefined: a wallet
 * without the method, one that errors or one that does not answer in time pays by
 * eth_sendTransaction (see sendCallsSupported).
 */
async function walletCapabilities(config: Config, chainId: number): Promise<unknown> {
  let timer: number | undefined;
  try {
    // Asked raw: viem's getCapabilities keeps only the asked chain and drops "0x0" (all chains).
    const client = await getConnectorClient(config);
    const answer = await Promise.race([
      client.request({
        method: "wallet_getCapabilities",
        params: [client.account.address, [numberToHex(chainId)]],
      }),
      new Promise<undefined>((resolve) => {
        timer = window.setTimeout(resolve, CAPABILITIES_TIMEOUT_MS);
      }),
    ]);
    return answer;
  } catch {
    return undefined;
  } finally {
    window.clearTimeout(timer);
  }
}

/** Asks wallet_getCallsStatus until the bundle is on chain or failed. */
async function settledCalls(config: Config, id: string): Promise<CallsOutcome> {
  const deadline = Date.now() + CALLS_TIMEOUT_MS;
  let failures = 0;
  for (;;) {
    try {
      const outcome = callsOutcome(await getCallsStatus(config, { id }));
      if (outcome.status !== "pending") return outcome;
      failures = 0;
    } catch (error) {
      failures += 1;
      if (failures >= CALLS_STATUS_ATTEMPTS) throw error;
    }
    if (Date.now() >= deadline) {
      throw new BaseError("The wallet did not report the payment in time.");
    }
    await new Promise((resolve) => setTimeout(resolve, CALLS_POLL_MS));
  }
}
