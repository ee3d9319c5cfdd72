import { createRequire } from "node:module";
import {
  type Abi,
  type Address,
  concatHex,
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  encodePacked,
  getAddress,
  type Hash,
  type Hex,
  hexToBigInt,
  http,
  type LocalAccount,
  type PublicClient,
  parseEventLogs,
  size,
  toHex,
  zeroAddress,
} from "viem";
import { anvil } from "viem/chains";

/**
 * Safe smart accounts on the local chain, from the compiled artifacts of the npm package
 * @safe-global/safe-smart-account 1.5.0 (safe-contracts 1.4.1, the other version wallets deploy,
 * encodes execTransaction the same way but pulls in ethers 5.4 as a peer): the singleton (`Safe`, or
 * `SafeL2` which also logs every transaction), the proxy factory, the compatibility fallback
 * handler and MultiSendCallOnly. A Safe is a proxy made by createProxyWithNonce with setup as its
 * initializer; it runs a call when its owners' EIP-712 signatures of the SafeTx reach the threshold.
 */
const require = createRequire(import.meta.url);
const ARTIFACTS = "@safe-global/safe-smart-account/build/artifacts/contracts";

type Artifact = { abi: Abi; bytecode: Hex };
const artifact = (path: string): Artifact => {
  const { abi, bytecode } = require(`${ARTIFACTS}/${path}`) as Artifact;
  return { abi, bytecode };
};

export const safeArtifacts = {
  Safe: artifact("Safe.sol/Safe.json"),
  SafeL2: artifact("SafeL2.sol/SafeL2.json"),
  SafeProxyFactory: artifact("proxies/SafeProxyFactory.sol/SafeProxyFactory.json"),
  CompatibilityFallbackHandler: artifact(
    "handler/CompatibilityFallbackHandler.sol/CompatibilityFallbackHandler.json",
  ),
  MultiSendCallOnly: artifact("libraries/MultiSendCallOnly.sol/MultiSendCallOnly.json"),
};

export type SafeSingleton = "Safe" | "SafeL2";

export type SafeContracts = {
  singleton: Address;
  proxyFactory: Address;
  fallbackHandler: Address;
  multiSendCallOnly: Address;
};

/** Enum.Operation of the Safe: a plain call, or the Safe running the target's code as its own. */
export const SafeOperation = { call: 0, delegateCall: 1 } as const;

/** One call a Safe makes. */
export type SafeCall = {
  to: Address;
  data: Hex;
  value?: bigint;
  operation?: (typeof SafeOperation)[keyof typeof SafeOperation];
  /**
   * Gas set aside for the call (default 0). With 0 a failing call reverts the whole transaction;
   * with more the Safe logs ExecutionFailure and the transaction still succeeds.
   */
  safeTxGas?: bigint;
};

/** The SafeTx a Safe's owners sign (EIP-712, domain: chain id and the Safe's address). */
const safeTxTypes = {
  SafeTx: [
    { name: "to", type: "address" },
    { name: "value", type: "uint256" },
    { name: "data", type: "bytes" },
    { name: "operation", type: "uint8" },
    { name: "safeTxGas", type: "uint256" },
    { name: "baseGas", type: "uint256" },
    { name: "gasPrice", type: "uint256" },
    { name: "gasToken", type: "address" },
    { name: "refundReceiver", type: "address" },
    { name: "nonce", type: "uint256" },
  ],
} as const;

/** The SafeMessage the owners sign for a hash the Safe vouches for under ERC-1271. */
const safeMessageTypes = { SafeMessage: [{ name: "message", type: "bytes" }] } as const;

const byAddress = (a: LocalAccount, b: LocalAccount) =>
  BigInt(a.address) < BigInt(b.address) ? -1 : BigInt(a.address) > BigInt(b.address) ? 1 : 0;

/**
 * `signers`' signatures of `hash` as a SafeMessage of the Safe at `safe` (EIP-712, domain: chain
 * id and the Safe's address; the message is the hash's 32 bytes), sorted by owner address: what
 * the CompatibilityFallbackHandler checks against the owners and threshold when the Safe is asked
 * isValidSignature(hash, signatures) under ERC-1271.
 */
export async function signSafeMessage(
  safe: Address,
  hash: Hex,
  signers: readonly LocalAccount[],
): Promise<Hex> {
  const signatures = await Promise.all(
    [...signers].sort(byAddress).map((signer) =>
      signer.signTypedData({
        domain: { chainId: anvil.id, verifyingContract: safe },
        types: safeMessageTypes,
        primaryType: "SafeMessage",
        message: { message: hash },
      }),
    ),
  );
  return concatHex(signatures);
}

function clientsFor(rpcUrl: string, account: LocalAccount) {
  const chain = { ...anvil, rpcUrls: { default: { http: [rpcUrl] } } };
  return {
    wallet: createWalletClient({ account, chain, transport: http(rpcUrl) }),
    client: createPublicClient({ chain, transport: http(rpcUrl), pollingInterval: 50 }),
  };
}

async function mined(client: PublicClient, hash: Hash, what: string) {
  const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
  if (receipt.status !== "success") throw new Error(`${what} (transaction ${hash}) reverted`);
  return receipt;
}

/** Deploys the singleton, the proxy factory, the fallback handler and MultiSendCallOnly. */
export async function deploySafeContracts(
  rpcUrl: string,
  deployer: LocalAccount,
  options: { singleton?: SafeSingleton } = {},
): Promise<SafeContracts> {
  const { wallet, client } = clientsFor(rpcUrl, deployer);
  const deploy = async (name: keyof typeof safeArtifacts) => {
    const { abi, bytecode } = safeArtifacts[name];
    const hash = await wallet.deployContract({ abi, bytecode });
    return (await mined(client as PublicClient, hash, `Deploying ${name}`)).contractAddress!;
  };
  return {
    singleton: await deploy(options.singleton ?? "Safe"),
    proxyFactory: await deploy("SafeProxyFactory"),
    fallbackHandler: await deploy("CompatibilityFallbackHandler"),
    multiSendCallOnly: await deploy("MultiSendCallOnly"),
  };
}

export type TestSafe = {
  address: Address;
  owners: readonly LocalAccount[];
  threshold: number;
  /**
   * Signatures of `hash` as a SafeMessage by `signers` (default: the first `threshold` owners),
   * which the Safe accepts under ERC-1271 (see signSafeMessage).
   */
  signHash(hash: Hex, signers?: readonly LocalAccount[]): Promise<Hex>;
  /**
   * The execTransaction calldata that runs `call` at the Safe's current nonce, signed by `signers`
   * (default: the first `threshold` owners), signatures sorted by owner address.
   */
  execTransactionData(call: SafeCall, signers?: readonly LocalAccount[]): Promise<Hex>;
  /**
   * Runs `call` through execTransaction, sent by `executor` (default: the first owner) with
   * `tail` appended to the calldata, and waits for it. Throws when it reverts.
   */
  execute(
    call: SafeCall,
    options?: { signers?: readonly LocalAccount[]; executor?: LocalAccount; tail?: Hex },
  ): Promise<Hash>;
};

/**
 * The proxy factory's createProxyWithNonce calldata that makes a Safe of `owners` and
 * `threshold`, with setup as its initializer and the fallback handler set. A fresh salt unless
 * given: the same owners and threshold may make several Safes.
 */
export function safeCreationData(
  contracts: SafeContracts,
  parameters: { owners: readonly LocalAccount[]; threshold: number; saltNonce?: bigint },
): Hex {
  const initializer = encodeFunctionData({
    abi: safeArtifacts.Safe.abi,
    functionName: "setup",
    args: [
      parameters.owners.map((owner) => owner.address),
      BigInt(parameters.threshold),
      zeroAddress,
      "0x",
      contracts.fallbackHandler,
      zeroAddress,
      0n,
      zeroAddress,
    ],
  });
  return encodeFunctionData({
    abi: safeArtifacts.SafeProxyFactory.abi,
    functionName: "createProxyWithNonce",
    args: [
      contracts.singleton,
      initializer,
      parameters.saltNonce ?? hexToBigInt(toHex(crypto.getRandomValues(new Uint8Array(8)))),
    ],
  });
}

/** A Safe not deployed yet: where createProxyWithNonce will put it, and the call that does. */
export type CounterfactualSafe = {
  address: Address;
  factory: Address;
  factoryData: Hex;
  owners: readonly LocalAccount[];
  threshold: number;
  /** As TestSafe's: the owners' SafeMessage signatures of `hash` for the Safe's address. */
  signHash(hash: Hex, signers?: readonly LocalAccount[]): Promise<Hex>;
};

/**
 * A Safe of `owners` and `threshold` that is not deployed: its address is what the factory's
 * createProxyWithNonce answers when simulated (CREATE2 of the singleton, initializer and salt).
 */
export async function counterfactualSafe(
  rpcUrl: string,
  contracts: SafeContracts,
  parameters: { owners: readonly LocalAccount[]; threshold: number; saltNonce?: bigint },
): Promise<CounterfactualSafe> {
  const { owners, threshold } = parameters;
  const { client } = clientsFor(rpcUrl, owners[0]!);
  const factoryData = safeCreationData(contracts, parameters);
  const { data } = await client.call({ to: contracts.proxyFactory, data: factoryData });
  if (!data || size(data) !== 32) throw new Error("The proxy factory answered no Safe address");
  const address = getAddress(`0x${data.slice(-40)}`);
  if (await client.getCode({ address })) throw new Error(`A Safe is deployed at ${address}`);
  return {
    address,
    factory: contracts.proxyFactory,
    factoryData,
    owners,
    threshold,
    signHash: (hash, signers = owners.slice(0, threshold)) =>
      signSafeMessage(address, hash, signers),
  };
}

/** Creates a Safe with `owners` and `threshold` (see safeCreationData), sent by `deployer`. */
export async function createSafe(
  rpcUrl: string,
  contracts: SafeContracts,
  parameters: {
    owners: readonly LocalAccount[];
    threshold: number;
    deployer: LocalAccount;
    saltNonce?: bigint;
  },
): Promise<TestSafe> {
  const { owners, threshold, deployer } = parameters;
  const { wallet, client } = clientsFor(rpcUrl, deployer);
  const safeAbi = safeArtifacts.Safe.abi;
  const factoryAbi = safeArtifacts.SafeProxyFactory.abi;
  const hash = await wallet.sendTransaction({
    to: contracts.proxyFactory,
    data: safeCreationData(contracts, parameters),
  });
  const receipt = await mined(client as PublicClient, hash, "Creating a Safe");
  const [created] = parseEventLogs({
    abi: factoryAbi,
    eventName: "ProxyCreation",
    logs: receipt.logs,
  }) as unknown as { args: { proxy: Address } }[];
  if (!created) throw new Error(`Creating a Safe (transaction ${hash}) made no proxy`);
  const address = getAddress(created.args.proxy);

  async function execTransactionData(
    call: SafeCall,
    signers: readonly LocalAccount[] = owners.slice(0, threshold),
  ): Promise<Hex> {
    const nonce = (await client.readContract({
      address,
      abi: safeAbi,
      functionName: "nonce",
    })) as bigint;
    const safeTx = {
      to: call.to,
      value: call.value ?? 0n,
      data: call.data,
      operation: call.operation ?? SafeOperation.call,
      safeTxGas: call.safeTxGas ?? 0n,
      baseGas: 0n,
      gasPrice: 0n,
      gasToken: zeroAddress,
      refundReceiver: zeroAddress,
    } as const;
    const sorted = [...signers].sort(byAddress);
    // ECDSA signatures of the EIP-712 hash itself: r, s, v with v 27 or 28, as the Safe expects.
    const signatures = await Promise.all(
      sorted.map((signer) =>
        signer.signTypedData({
          domain: { chainId: anvil.id, verifyingContract: address },
          types: safeTxTypes,
          primaryType: "SafeTx",
          message: { ...safeTx, nonce },
        }),
      ),
    );
    return encodeFunctionData({
      abi: safeAbi,
      functionName: "execTransaction",
      args: [
        safeTx.to,
        safeTx.value,
        safeTx.data,
        safeTx.operation,
        safeTx.safeTxGas,
        safeTx.baseGas,
        safeTx.gasPrice,
        safeTx.gasToken,
        safeTx.refundReceiver,
        concatHex(signatures),
      ],
    });
  }

  return {
    address,
    owners,
    threshold,
    signHash: (hash, signers = owners.slice(0, threshold)) =>
      signSafeMessage(address, hash, signers),
    execTransactionData,
    async execute(call, options = {}) {
      const executor = options.executor ?? owners[0]!;
      const data = concatHex([
        await execTransactionData(call, options.signers),
        options.tail ?? "0x",
      ]);
      const sender = clientsFor(rpcUrl, executor);
      const sent = await sender.wallet.sendTransaction({ to: address, data, value: 0n });
      await mined(sender.client as PublicClient, sent, "A Safe transaction");
      return sent;
    },
  };
}

/**
 * A call that makes the Safe run `calls` in order in one transaction: MultiSendCallOnly's
 * multiSend, by DELEGATECALL, with the calls packed (operation, to, value, data length, data).
 */
export function multiSendCall(
  contracts: SafeContracts,
  calls: readonly { to: Address; data: Hex; value?: bigint }[],
): SafeCall {
  const transactions = concatHex(
    calls.map((call) =>
      encodePacked(
        ["uint8", "address", "uint256", "uint256", "bytes"],
        [SafeOperation.call, call.to, call.value ?? 0n, BigInt(size(call.data)), call.data],
      ),
    ),
  );
  return {
    to: contracts.multiSendCallOnly,
    data: encodeFunctionData({
      abi: safeArtifacts.MultiSendCallOnly.abi,
      functionName: "multiSend",
      args: [transactions],
    }),
    operation: SafeOperation.delegateCall,
  };
}
