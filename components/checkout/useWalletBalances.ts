"use client";

import { useQuery } from "@tanstack/react-query";
import { type Address, erc20Abi } from "viem";
import { useConfig } from "wagmi";
import { getBalance, getGasPrice, readContract } from "wagmi/actions";
import type { PaymentOption } from "@/lib/invoices/paymentOptions";
import { optionKey } from "./PaymentOptions";

/** A token transfer to an address with no balance yet costs about 52,400 gas; with headroom. */
const TRANSFER_GAS = 65_000n;

export type WalletBalances = {
  /** Per option (optionKey): the wallet's balance of its token, in base units. */
  tokens: Record<string, string>;
  /** Per chain id: native balance and the fee a transfer costs now, in wei. */
  native: Record<number, { balance: bigint; fee: bigint }>;
};

/** The connected wallet's balance of every option's token and each chain's gas, every 4 s. */
export function useWalletBalances(address: Address | undefined, options: PaymentOption[]) {
  const config = useConfig();
  return useQuery({
    queryKey: ["checkout-balances", address, options.map(optionKey).join(",")],
    enabled: Boolean(address),
    refetchInterval: 4000,
    queryFn: async (): Promise<WalletBalances> => {
      const owner = address as Address;
      const chainIds = [...new Set(options.map((option) => option.chain_id))];
      const [tokenBalances, native] = await Promise.all([
        Promise.all(
          options.map((option) =>
            readContract(config, {
              chainId: option.chain_id,
              address: option.token.address as Address,
              abi: erc20Abi,
              functionName: "balanceOf",
              args: [owner],
            }),
          ),
        ),
        Promise.all(
          chainIds.map(async (chainId) => {
            const [balance, gasPrice] = await Promise.all([
              getBalance(config, { chainId, address: owner }),
              getGasPrice(config, { chainId }),
            ]);
            return [chainId, { balance: balance.value, fee: gasPrice * TRANSFER_GAS }] as const;
          }),
        ),
      ]);
      return {
        tokens: Object.fromEntries(
          options.map((option, index) => [optionKey(option), String(tokenBalances[index])]),
        ),
        native: Object.fromEntries(native),
      };
    },
  });
}
