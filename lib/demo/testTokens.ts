import {
  type Address,
  concat,
  createPublicClient,
  createWalletClient,
  defineChain,
  encodeDeployData,
  getContractAddress,
  type Hex,
  http,
  keccak256,
  toHex,
} from "viem";
import { type HDAccount, mnemonicToAccount } from "viem/accounts";
import type { ChainToken } from "../chains/tokens";
import { testStablecoinAbi, testStablecoinBytecode } from "./contracts/testStablecoin.artifact";

/** anvil's (and Hardhat's) well-known dev mnemonic: its accounts start funded with 10,000 ETH. */
export const DEV_MNEMONIC = "test test test test test test test test test test test junk";

export function devAccount(index: number): HDAccount {
  return mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index });
}

/**
 * Owner of the test tokens, dev account 0. Written out rather than derived so computing the token
 * addresses needs no HD key derivation (the test checks it equals devAccount(0)).
 */
export const TEST_TOKEN_OWNER: Address = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

/**
 * The deterministic deployment proxy that anvil preinstalls (same address on most chains). Its
 * calldata is a 32-byte salt followed by init code; it CREATE2s the contract and returns its address.
 */
export const CREATE2_FACTORY: Address = "0x4e59b44847b379578588920ca78fbf26c0b4956c";

export const TEST_TOKENS = [
  { symbol: "USDC", name: "USD Coin (test)", decimals: 6, currency: "USD" },
  { symbol: "USDT", name: "Tether USD (test)", decimals: 6, currency: "USD" },
  { symbol: "EURC", name: "Euro Coin (test)", decimals: 6, currency: "EUR" },
] as const;

export type TestToken = (typeof TEST_TOKENS)[number];
export type TestTokenSymbol = TestToken["symbol"];

/** Dev accounts 1..8 each get this many whole tokens when a token is first deployed. */
export const TEST_TOKEN_FUNDED_ACCOUNTS = [1, 2, 3, 4, 5, 6, 7, 8] as const;
export const TEST_TOKEN_MINT_WHOLE_TOKENS = 10_000n;

export type EnsureTestTokensReturnType = {
  /** Symbols of the tokens this call deployed (and minted); empty when all were already there. */
  deployed: TestTokenSymbol[];
  tokens: { symbol: TestTokenSymbol; address: Address; decimals: number }[];
};

/**
 * One salt per symbol, keccak256("stablecoin-checkout/test-token/<symbol>"). The address also
 * depends on the init code, so changing the contract, compiler settings or constructor arguments
 * moves the token to a new address; a chain holding the old one is then simply redeployed onto.
 */
export function testTokenSalt(token: TestToken): Hex {
  return keccak256(toHex(`stablecoin-checkout/test-token/${token.symbol}`));
}

/** Creation bytecode followed by the ABI-encoded constructor arguments. */
export function testTokenInitCode(token: TestToken): Hex {
  return encodeDeployData({
    abi: testStablecoinAbi,
    bytecode: testStablecoinBytecode,
    args: [token.name, token.symbol, token.decimals, TEST_TOKEN_OWNER],
  });
}

/** Where the token lives on any chain with the factory; pure, so config can use it without a chain. */
export function testTokenAddress(token: TestToken): Address {
  return getContractAddress({
    opcode: "CREATE2",
    from: CREATE2_FACTORY,
    salt: testTokenSalt(token),
    bytecode: testTokenInitCode(token),
  });
}

/**
 * Deploys each test token that is not on the chain yet and mints 10,000 of it to dev accounts 1..8.
 * A token whose code is already there is left alone, so running this on every start mints only once.
 */
export async function ensureTestTokens(rpcUrl: string): Promise<EnsureTestTokensReturnType> {
  const transport = http(rpcUrl);
  const chainId = await createPublicClient({ transport }).getChainId();
  const chain = defineChain({
    id: chainId,
    name: `Local chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  // A local chain answers fast; viem's 4 s default polling would make each receipt wait slow.
  const pollingInterval = 100;
  const publicClient = createPublicClient({ chain, transport, pollingInterval });
  const wallet = createWalletClient({ account: devAccount(0), chain, transport, pollingInterval });

  if (!(await hasCode(CREATE2_FACTORY))) {
    throw new Error(
      `No CREATE2 factory at ${CREATE2_FACTORY} on ${rpcUrl}; anvil preinstalls it unless started with --disable-default-create2-deployer.`,
    );
  }

  const deployed: TestTokenSymbol[] = [];
  for (const token of TEST_TOKENS) {
    const address = testTokenAddress(token);
    if (await hasCode(address)) continue;

    try {
      await confirm(
        await wallet.sendTransaction({
          to: CREATE2_FACTORY,
          data: concat([testTokenSalt(token), testTokenInitCode(token)]),
        }),
      );
    } catch (error) {
      // Another process deploying the same token at the same moment makes ours revert; theirs mints.
      if (await hasCode(address)) continue;
      throw new Error(`Deploying test token ${token.symbol} to ${address} failed.`, {
        cause: error,
      });
    }
    if (!(await hasCode(address))) {
      throw new Error(
        `Deploying test token ${token.symbol} succeeded but ${address} has no code: the factory put it elsewhere.`,
      );
    }

    // Mints are independent: send them all with consecutive nonces, then wait for every receipt,
    // which takes one block instead of eight when anvil runs with --block-time.
    const amount = TEST_TOKEN_MINT_WHOLE_TOKENS * 10n ** BigInt(token.decimals);
    let nonce = await publicClient.getTransactionCount({
      address: wallet.account.address,
      blockTag: "pending",
    });
    const hashes: Hex[] = [];
    for (const index of TEST_TOKEN_FUNDED_ACCOUNTS) {
      hashes.push(
        await wallet.writeContract({
          address,
          abi: testStablecoinAbi,
          functionName: "mint",
          args: [devAccount(index).address, amount],
          nonce: nonce++,
        }),
      );
    }
    await Promise.all(hashes.map(confirm));
    deployed.push(token.symbol);
  }

  return {
    deployed,
    tokens: TEST_TOKENS.map((token) => ({
      symbol: token.symbol,
      address: testTokenAddress(token),
      decimals: token.decimals,
    })),
  };

  async function hasCode(address: Address): Promise<boolean> {
    const code = await publicClient.getCode({ address });
    return code !== undefined && code !== "0x";
  }

  async function confirm(hash: Hex): Promise<void> {
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`Transaction ${hash} reverted.`);
  }
}

/** The test stablecoins as the local chain carries them, for the registry (registerLocalChainTokens). */
export function localTestTokens(): ChainToken[] {
  return TEST_TOKENS.map((token) => ({
    symbol: token.symbol,
    name: token.name,
    address: testTokenAddress(token),
    decimals: token.decimals,
    currency: token.currency,
  }));
}
