import "server-only";
import { type Address, domainSeparator, type LocalAccount } from "viem";
import { devAccount, LOCAL_RELAYER_ACCOUNT_INDEX } from "../chains/devAccounts";
import { eip3009Abi } from "../chains/eip3009";
import { type PaymentChain, publicClientFor } from "../chains/registry";
import { describeRpcError } from "../chains/rpcError";
import { getConfig } from "../config/config";
import type { RelayerChainSetting } from "../config/relayerConfig";
import type { TokenDomain } from "./authorization";

/**
 * Gas one relayed transferWithAuthorization is budgeted at when deciding whether to offer it:
 * Circle's FiatToken v2.2 measured 85,750 to a payee that already holds the token and 102,820 to
 * one that does not (docs/gasless.md); the limit sent is the node's estimate plus 20%.
 */
export const GAS_PER_AUTHORIZATION = 105_000n;

/** How long a snapshot of a chain's relayer (balance, fees) is trusted before it is read again. */
export const RELAYER_STATE_MAX_AGE_MS = 10_000;

export type RelayerFees = { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint };

export type RelayerChainState = {
  chainId: number;
  address: Address;
  balance: bigint;
  fees: RelayerFees;
  /** The EIP-712 domain of each EIP-3009 token, by lowercase address, read from the token. */
  domains: ReadonlyMap<string, TokenDomain>;
  /** Why the relayer cannot pay now; null when it can. */
  problem: string | null;
  readAt: number;
};

/** The account that relays on a chain: the configured key, or the local chain's dev relayer. */
export function relayerAccountFor(chain: PaymentChain): LocalAccount | null {
  const setting = relayerSettingFor(chain);
  if (setting?.account) return setting.account;
  return chain.local ? devAccount(LOCAL_RELAYER_ACCOUNT_INDEX) : null;
}

export function relayerSettingFor(chain: Pick<PaymentChain, "id">): RelayerChainSetting | null {
  return getConfig().relayer.chains.get(chain.id) ?? null;
}

/** What one payment's gas may cost at these fees (wei). */
export function feePerPayment(fees: RelayerFees): bigint {
  return GAS_PER_AUTHORIZATION * fees.maxFeePerGas;
}

const cache = globalThis as typeof globalThis & {
  __checkoutRelayerStates?: Map<number, RelayerChainState>;
  __checkoutRelayerReads?: Map<number, Promise<RelayerChainState | null>>;
};

/** The last snapshot of a chain's relayer, however old; null before the first read. */
export function cachedRelayerState(chainId: number): RelayerChainState | null {
  return cache.__checkoutRelayerStates?.get(chainId) ?? null;
}

/** Forgets every snapshot (tests that change the relayer's balance between cases). */
export function forgetRelayerStates(): void {
  cache.__checkoutRelayerStates?.clear();
}

/**
 * A fresh snapshot of the chain's relayer: its balance and the market's fees, and the domains of
 * its EIP-3009 tokens (read once). One read at a time per chain; a snapshot younger than
 * `maxAgeMs` is reused, so the checkout's reads cost the RPC at most one round per 10 s.
 */
export async function relayerState(
  chain: PaymentChain,
  maxAgeMs = RELAYER_STATE_MAX_AGE_MS,
): Promise<RelayerChainState | null> {
  const cached = cachedRelayerState(chain.id);
  if (cached && Date.now() - cached.readAt < maxAgeMs) return cached;
  cache.__checkoutRelayerReads ??= new Map();
  let reading = cache.__checkoutRelayerReads.get(chain.id);
  if (!reading) {
    reading = readRelayerState(chain, cached).finally(() =>
      cache.__checkoutRelayerReads?.delete(chain.id),
    );
    cache.__checkoutRelayerReads.set(chain.id, reading);
  }
  return reading;
}

/**
 * Makes sure a snapshot of the chain's relayer is at hand for presenting payment options, without
 * making a page wait on a slow node: a stale snapshot is used as it is while a new one is read in
 * the background; with none yet, the first read is waited for at most `waitMs`.
 */
export async function warmRelayerState(chain: PaymentChain, waitMs = 1500): Promise<void> {
  const cached = cachedRelayerState(chain.id);
  const reading = relayerState(chain).catch(() => null);
  if (cached) return;
  await Promise.race([reading, new Promise((resolve) => setTimeout(resolve, waitMs).unref())]);
}

async function readRelayerState(
  chain: PaymentChain,
  previous: RelayerChainState | null,
): Promise<RelayerChainState | null> {
  const account = relayerAccountFor(chain);
  if (!account) return null;
  const client = publicClientFor(chain);
  let state: RelayerChainState;
  try {
    const [balance, estimated, domains] = await Promise.all([
      client.getBalance({ address: account.address }),
      client.estimateFeesPerGas(),
      tokenDomains(chain, previous?.domains),
    ]);
    const fees = {
      maxFeePerGas: estimated.maxFeePerGas,
      maxPriorityFeePerGas: estimated.maxPriorityFeePerGas,
    };
    const needed = feePerPayment(fees);
    state = {
      chainId: chain.id,
      address: account.address,
      balance,
      fees,
      domains,
      problem:
        balance < needed
          ? `The relayer's balance (${balance} wei) cannot pay one payment's gas (${needed} wei).`
          : null,
      readAt: Date.now(),
    };
  } catch (error) {
    state = {
      chainId: chain.id,
      address: account.address,
      balance: previous?.balance ?? 0n,
      fees: previous?.fees ?? { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n },
      domains: previous?.domains ?? new Map(),
      problem: `The chain could not be read: ${describeRpcError(error)}`,
      readAt: Date.now(),
    };
  }
  cache.__checkoutRelayerStates ??= new Map();
  cache.__checkoutRelayerStates.set(chain.id, state);
  return state;
}

/**
 * Each EIP-3009 token's EIP-712 domain, from the token itself (name() and version()), checked
 * against its DOMAIN_SEPARATOR(): a token whose domain cannot be confirmed is not offered, rather
 * than asking shoppers for signatures it would refuse.
 */
async function tokenDomains(
  chain: PaymentChain,
  known: ReadonlyMap<string, TokenDomain> | undefined,
): Promise<Map<string, TokenDomain>> {
  const client = publicClientFor(chain);
  const domains = new Map<string, TokenDomain>();
  for (const token of chain.tokens) {
    if (!token.eip3009) continue;
    const key = token.address.toLowerCase();
    const cached = known?.get(key);
    if (cached) {
      domains.set(key, cached);
      continue;
    }
    try {
      const [name, version, separator] = await Promise.all([
        client.readContract({ address: token.address, abi: eip3009Abi, functionName: "name" }),
        client.readContract({ address: token.address, abi: eip3009Abi, functionName: "version" }),
        client.readContract({
          address: token.address,
          abi: eip3009Abi,
          functionName: "DOMAIN_SEPARATOR",
        }),
      ]);
      const domain: TokenDomain = {
        name,
        version,
        chainId: chain.id,
        verifyingContract: token.address,
      };
      const expected = domainSeparator({ domain });
      if (expected.toLowerCase() === separator.toLowerCase()) domains.set(key, domain);
      else
        console.error(`${token.symbol} on chain ${chain.id}: its EIP-712 domain does not match.`);
    } catch (error) {
      console.error(
        `${token.symbol} on chain ${chain.id}: its EIP-712 domain could not be read: ${describeRpcError(error)}`,
      );
    }
  }
  return domains;
}
