import { createPublicClient, http, numberToHex, parseEther } from "viem";
import { devAccount, LOCAL_RELAYER_ACCOUNT_INDEX } from "../chains/devAccounts";

/** What the local chain's relayer is topped up to when it runs low: test ether, worth nothing. */
const LOCAL_RELAYER_BALANCE = parseEther("1000");

/**
 * Gives the local chain's relayer (dev account 10, which anvil does not fund) its gas, with
 * anvil's anvil_setBalance: on a fresh chain, on one an earlier version's `.data/` left, and
 * whenever a long-running demo has spent it below a tenth.
 */
export async function fundLocalRelayer(rpcUrl: string): Promise<void> {
  const client = createPublicClient({ transport: http(rpcUrl) });
  const { address } = devAccount(LOCAL_RELAYER_ACCOUNT_INDEX);
  const balance = await client.getBalance({ address });
  if (balance >= LOCAL_RELAYER_BALANCE / 10n) return;
  await client.request({
    method: "anvil_setBalance" as "eth_chainId",
    params: [address, numberToHex(LOCAL_RELAYER_BALANCE)] as unknown as undefined,
  });
}
