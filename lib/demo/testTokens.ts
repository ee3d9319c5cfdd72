import {
  type Address,
  concat,
  createPublicClient,
  createWalletClient,
  defineChain,
  encodeDeployData,
  encodeFunctionData,
  erc20Abi,
  getContractAddress,
  type Hex,
  hexToBigInt,
  http,
  keccak256,
  maxUint256,
  numberToHex,
  toHex,
  zeroAddress,
} from "viem";
import { devAccount } from "../chains/devAccounts";
import type { ChainToken } from "../chains/tokens";
import type { LinkReferences } from "./contracts/compile";
import {
  fiatTokenAbi,
  fiatTokenBytecode,
  fiatTokenLinkReferences,
  fiatTokenProxyAbi,
  fiatTokenProxyBytecode,
  signatureCheckerBytecode,
} from "./contracts/fiatToken.artifact";
import { tetherLikeAbi, tetherLikeBytecode } from "./contracts/tetherLike.artifact";

/**
 * Owner of the test tokens, dev account 0: USDC's and EURC's owner, master minter, minter, pauser
 * and blacklister, USDT's owner. Written out rather than derived so computing the token addresses
 * needs no HD key derivation (the test checks it equals devAccount(0)).
 */
export const TEST_TOKEN_OWNER: Address = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

/**
 * The deterministic deployment proxy that anvil preinstalls (same address on most chains). Its
 * calldata is a 32-byte salt followed by init code; it CREATE2s the contract and returns its address.
 */
export const CREATE2_FACTORY: Address = "0x4e59b44847b379578588920ca78fbf26c0b4956c";

/**
 * The local chain's stablecoins are the contracts shoppers meet on Ethereum: USDC and EURC are
 * Circle's FiatToken v2.2 behind its proxy, with the EIP-712 names they carry on mainnet; USDT is
 * TetherLike.sol, which behaves as Tether's contract (no return values, no permit, no EIP-3009).
 */
export const TEST_TOKENS = [
  { symbol: "USDC", name: "USD Coin", decimals: 6, currency: "USD", contract: "FiatTokenV2_2" },
  { symbol: "USDT", name: "Tether USD", decimals: 6, currency: "USD", contract: "TetherLike" },
  { symbol: "EURC", name: "EURC", decimals: 6, currency: "EUR", contract: "FiatTokenV2_2" },
] as const;

export type TestToken = (typeof TEST_TOKENS)[number];
export type TestTokenSymbol = TestToken["symbol"];

/** Dev accounts 1..8 each get this many whole tokens when a token is first deployed. */
export const TEST_TOKEN_FUNDED_ACCOUNTS = [1, 2, 3, 4, 5, 6, 7, 8] as const;
export const TEST_TOKEN_MINT_WHOLE_TOKENS = 10_000n;

/**
 * A demo shopper with tokens and no ETH, to pay gasless (EIP-3009, the merchant's relayer pays the
 * gas): dev account 12 gets 10,000 of each test token with the others, and never any ETH. anvil
 * funds only accounts 0..9 with ETH, so nothing else gives it any.
 */
export const GASLESS_DEMO_ACCOUNT_INDEX = 12;

/**
 * The test tokens' ABIs: Circle's FiatToken v2.2 (USDC, EURC), copied from the package's Hardhat
 * artifact; the local USDT's, whose transfer, transferFrom and approve return nothing, as Tether's.
 */
export { fiatTokenAbi, tetherLikeAbi };

export type EnsureTestTokensReturnType = {
  /** Symbols of the tokens this call deployed or finished setting up; empty when all were there. */
  deployed: TestTokenSymbol[];
  tokens: { symbol: TestTokenSymbol; address: Address; decimals: number }[];
};

/**
 * CREATE2 salt of a contract of the test tokens, keccak256("stablecoin-checkout/test-token/<name>").
 * An address also depends on the init code, so a changed contract or constructor argument moves
 * it; a chain holding the old one is then simply deployed onto afresh.
 */
function salt(name: string): Hex {
  return keccak256(toHex(`stablecoin-checkout/test-token/${name}`));
}

function create2Address(saltHex: Hex, initCode: Hex): Address {
  return getContractAddress({
    opcode: "CREATE2",
    from: CREATE2_FACTORY,
    salt: saltHex,
    bytecode: initCode,
  });
}

/** A contract deployed through the factory: where it lands follows from its salt and init code. */
type FactoryDeployment = { salt: Hex; initCode: Hex; address: Address };

function factoryDeployment(name: string, initCode: Hex): FactoryDeployment {
  const deploymentSalt = salt(name);
  return { salt: deploymentSalt, initCode, address: create2Address(deploymentSalt, initCode) };
}

/** Puts library addresses into the `__$…$__` placeholders solc leaves for them (linkReferences). */
function linkBytecode(bytecode: Hex, references: LinkReferences, libraries: Map<string, Address>) {
  let linked = bytecode;
  for (const [source, byName] of Object.entries(references)) {
    for (const [name, offsets] of Object.entries(byName)) {
      const address = libraries.get(`${source}:${name}`);
      if (!address) throw new Error(`No address to link library ${source}:${name} with.`);
      for (const { start, length } of offsets) {
        // Offsets count bytes of the code; the string has "0x" and two characters per byte.
        const from = 2 + start * 2;
        const placeholder = linked.slice(from, from + length * 2);
        if (!/^__\$[0-9a-f]{34}\$__$/.test(placeholder)) {
          throw new Error(`No link placeholder for ${name} at byte ${start}: ${placeholder}`);
        }
        linked =
          linked.slice(0, from) + address.slice(2).toLowerCase() + linked.slice(from + length * 2);
      }
    }
  }
  return linked as Hex;
}

/** Circle's SignatureChecker library, which FiatToken v2.2 calls to check (ERC-1271) signatures. */
const signatureChecker = factoryDeployment("SignatureChecker", signatureCheckerBytecode);

/**
 * One FiatToken v2.2 implementation behind both proxies (USDC's and EURC's). Circle's deploy
 * script also initializes the implementation itself with throwaway values, so nobody else can;
 * the tokens' state lives in the proxies and a local chain has nobody to keep out, so it is not.
 */
const fiatTokenImplementation = factoryDeployment(
  "FiatTokenV2_2",
  linkBytecode(
    fiatTokenBytecode,
    fiatTokenLinkReferences,
    new Map([["contracts/util/SignatureChecker.sol:SignatureChecker", signatureChecker.address]]),
  ),
);

/**
 * The token's own contract: for USDC and EURC a FiatTokenProxy whose constructor takes the
 * implementation. The proxy makes msg.sender, the CREATE2 factory, its admin. A transparent
 * proxy's admin cannot call the token, only upgrade it; the factory never calls it, so every dev
 * account (the owner included) can use the token, and nobody can ever upgrade it.
 */
function tokenDeployment(token: TestToken): FactoryDeployment {
  if (token.contract === "TetherLike") {
    return factoryDeployment(
      token.symbol,
      encodeDeployData({
        abi: tetherLikeAbi,
        bytecode: tetherLikeBytecode,
        args: [token.name, token.symbol, BigInt(token.decimals), TEST_TOKEN_OWNER],
      }),
    );
  }
  return factoryDeployment(
    token.symbol,
    encodeDeployData({
      abi: fiatTokenProxyAbi,
      bytecode: fiatTokenProxyBytecode,
      args: [fiatTokenImplementation.address],
    }),
  );
}

const tokenDeployments = new Map(
  TEST_TOKENS.map((token) => [token.symbol, tokenDeployment(token)]),
);

/** Where the token lives on any chain with the factory; pure, so config can use it without a chain. */
export function testTokenAddress(token: TestToken): Address {
  return tokenDeployments.get(token.symbol)!.address;
}

/**
 * Storage slot of FiatToken's private `_initializedVersion` (uint8): 1 after initializeV2, 2 after
 * initializeV2_1, 3 after initializeV2_2. A proxied token's storage layout never moves between
 * versions, so the slot is fixed; the integration test reads it after a full set-up.
 */
export const FIAT_TOKEN_INITIALIZED_VERSION_SLOT = numberToHex(18, { size: 32 });

/**
 * Gas limit of each set-up call (initializers, configureMinter, mints: each well under 300,000).
 * They are sent together, before the earlier ones are mined, so the node cannot estimate them.
 */
const SET_UP_CALL_GAS = 500_000n;

/**
 * Deploys the test tokens that are not on the chain yet and sets them up as their issuers do:
 * Circle's tokens are initialized from the owner (initialize, initializeV2, initializeV2_1,
 * initializeV2_2), which becomes their minter; then 10,000 of each go to dev accounts 1..8 and the
 * gasless demo account. Each step is skipped when the chain already shows it done, so running this
 * on every start changes nothing, and a set-up an earlier run left half done is finished.
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

  const deployed = new Set<TestTokenSymbol>();
  // The proxies' constructors check the implementation has code: it goes in the first round.
  const tetherLike = TEST_TOKENS.filter((token) => token.contract === "TetherLike");
  const fiatTokens = TEST_TOKENS.filter((token) => token.contract === "FiatTokenV2_2");
  const ofToken = (token: TestToken) => ({
    label: token.symbol,
    deployment: tokenDeployments.get(token.symbol)!,
    token,
  });
  await deployMissing([
    { label: "Circle's SignatureChecker", deployment: signatureChecker },
    { label: "Circle's FiatTokenV2_2", deployment: fiatTokenImplementation },
    ...tetherLike.map(ofToken),
  ]);
  await deployMissing(fiatTokens.map(ofToken));

  // Every remaining step of every token, sent with consecutive nonces and then awaited together:
  // one block's worth when anvil runs with --block-time, in order whatever the block.
  const calls: { token: TestToken; data: Hex }[] = [];
  for (const token of TEST_TOKENS) {
    const setUp = await remainingSetUp(token);
    if (setUp.length > 0) deployed.add(token.symbol);
    calls.push(...setUp.map((data) => ({ token, data })));
  }
  let nonce = await publicClient.getTransactionCount({
    address: wallet.account.address,
    blockTag: "pending",
  });
  const hashes: Hex[] = [];
  for (const call of calls) {
    hashes.push(
      await wallet.sendTransaction({
        to: testTokenAddress(call.token),
        data: call.data,
        gas: SET_UP_CALL_GAS,
        nonce: nonce++,
      }),
    );
  }
  await Promise.all(hashes.map((hash) => publicClient.waitForTransactionReceipt({ hash })));
  // A reverted call shows here as a token still not set up, unless another process set it up
  // meanwhile (then its calls and ours raced, and theirs won).
  if (calls.length > 0) {
    for (const token of TEST_TOKENS) {
      if ((await remainingSetUp(token)).length === 0) continue;
      throw new Error(
        `Setting up test token ${token.symbol} at ${testTokenAddress(token)} failed: see the transactions of ${wallet.account.address}.`,
      );
    }
  }

  return {
    deployed: TEST_TOKENS.filter((token) => deployed.has(token.symbol)).map((t) => t.symbol),
    tokens: TEST_TOKENS.map((token) => ({
      symbol: token.symbol,
      address: testTokenAddress(token),
      decimals: token.decimals,
    })),
  };

  /** Deploys those without code, all at once, and waits; a token among them counts as deployed. */
  async function deployMissing(
    wanted: { label: string; deployment: FactoryDeployment; token?: TestToken }[],
  ) {
    const missing: typeof wanted = [];
    for (const item of wanted) if (!(await hasCode(item.deployment.address))) missing.push(item);
    const sent = [];
    for (const item of missing) {
      const data = concat([item.deployment.salt, item.deployment.initCode]);
      sent.push({ ...item, hash: await wallet.sendTransaction({ to: CREATE2_FACTORY, data }) });
    }
    for (const { label, deployment, token, hash } of sent) {
      const { status } = await publicClient.waitForTransactionReceipt({ hash });
      // Another process deploying the same contract at the same moment makes ours revert; fine.
      if (!(await hasCode(deployment.address))) {
        throw new Error(
          status === "success"
            ? `Deploying ${label} succeeded but ${deployment.address} has no code: the factory put it elsewhere.`
            : `Deploying ${label} to ${deployment.address} failed (transaction ${hash}).`,
        );
      }
      if (token) deployed.add(token.symbol);
    }
  }

  /** The calls (from the owner, to the token) the token still needs, in order. */
  async function remainingSetUp(token: TestToken): Promise<Hex[]> {
    const address = testTokenAddress(token);
    const calls: Hex[] = [];
    if (token.contract === "FiatTokenV2_2") {
      const abi = fiatTokenAbi;
      const owner = TEST_TOKEN_OWNER;
      const initializers = [
        // masterMinter, pauser, blacklister and owner; USDC on mainnet has four distinct ones.
        encodeFunctionData({
          abi,
          functionName: "initialize",
          args: [
            token.name,
            token.symbol,
            token.currency,
            token.decimals,
            owner,
            owner,
            owner,
            owner,
          ],
        }),
        encodeFunctionData({ abi, functionName: "initializeV2", args: [token.name] }),
        // Tokens the proxy itself holds would go to this lost-and-found account; it holds none.
        encodeFunctionData({ abi, functionName: "initializeV2_1", args: [owner] }),
        encodeFunctionData({ abi, functionName: "initializeV2_2", args: [[], token.symbol] }),
      ];
      const done = await fiatTokenInitializersDone(address);
      calls.push(...initializers.slice(done));
      const isMinter =
        done > 0 &&
        (await publicClient.readContract({
          address,
          abi,
          functionName: "isMinter",
          args: [owner],
        }));
      if (!isMinter) {
        calls.push(
          encodeFunctionData({ abi, functionName: "configureMinter", args: [owner, maxUint256] }),
        );
      }
    }
    // Minted once, right after the set-up: a token with any supply is funded already (so a run
    // stopped among its back-to-back mints is the one case not finished later). Both contracts
    // have mint(address to, uint256 amount), callable by the owner (FiatToken's minter).
    const supply = await publicClient.readContract({
      address,
      abi: erc20Abi,
      functionName: "totalSupply",
    });
    if (supply === 0n) {
      const amount = TEST_TOKEN_MINT_WHOLE_TOKENS * 10n ** BigInt(token.decimals);
      for (const index of [...TEST_TOKEN_FUNDED_ACCOUNTS, GASLESS_DEMO_ACCOUNT_INDEX]) {
        const args = [devAccount(index).address, amount] as const;
        calls.push(encodeFunctionData({ abi: tetherLikeAbi, functionName: "mint", args }));
      }
    }
    return calls;
  }

  /** How many of FiatToken's four initializers have run on the proxy at `address` (0..4). */
  async function fiatTokenInitializersDone(address: Address): Promise<number> {
    // initialize requires a master minter, so none means initialize has not run.
    const masterMinter = await publicClient.readContract({
      address,
      abi: fiatTokenAbi,
      functionName: "masterMinter",
    });
    if (masterMinter === zeroAddress) return 0;
    const slot = await publicClient.getStorageAt({
      address,
      slot: FIAT_TOKEN_INITIALIZED_VERSION_SLOT,
    });
    return 1 + Number(hexToBigInt(slot ?? "0x0") & 0xffn);
  }

  async function hasCode(address: Address): Promise<boolean> {
    const code = await publicClient.getCode({ address });
    return code !== undefined && code !== "0x";
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
    eip3009: token.contract === "FiatTokenV2_2",
  }));
}
