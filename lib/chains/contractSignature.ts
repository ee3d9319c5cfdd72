import "server-only";
import type { Address, PublicClient } from "viem";
import { DomainError } from "../errors";
import { type PaymentChain, publicClientFor } from "./registry";
import { describeRpcError } from "./rpcError";

/**
 * Asks `chain` whether `address` vouches for a signature (ERC-1271, ERC-6492), through `check`
 * on the chain's public client. viem's checks answer "not valid" when the node cannot be reached,
 * so the node is asked first: an outage is `chain_unavailable` (ask again in 5 s), never taken for
 * a bad signature. Any error of the check itself is "not valid".
 */
export async function chainVouches(
  chain: PaymentChain,
  address: Address,
  check: (client: PublicClient) => Promise<boolean>,
  /** What to do about an outage, ending the sentence: "sign in again", "try again". */
  retry: string,
): Promise<boolean> {
  const client = publicClientFor(chain) as PublicClient;
  try {
    await client.getCode({ address });
  } catch (error) {
    throw new DomainError(
      "chain_unavailable",
      `${chain.name} (chain ${chain.id}) could not be asked to check the signature (${describeRpcError(error)}); ${retry}.`,
      null,
      5,
    );
  }
  try {
    return await check(client);
  } catch {
    return false;
  }
}
