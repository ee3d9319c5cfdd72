import { spawn } from "node:child_process";
import { mkdtempSync, openSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import {
  type Abi,
  type Address,
  concatHex,
  createPublicClient,
  createTestClient,
  createWalletClient,
  decodeFunctionData,
  encodeFunctionData,
  getAddress,
  getContractAddress,
  type Hash,
  type Hex,
  http,
  type LocalAccount,
  type PublicClient,
  parseEther,
} from "viem";
import {
  type BundlerClient,
  createBundlerClient,
  entryPoint08Abi,
  getUserOperationTypedData,
  type PaymasterClient,
  type SmartAccount,
  toSmartAccount,
  type UserOperationReceipt,
} from "viem/account-abstraction";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { anvil } from "viem/chains";
import { CREATE2_FACTORY } from "../../demo/testTokens";
import { freePort } from "./free-port";

/**
 * ERC-4337 on the local chain, from the compiled artifacts of the npm package
 * @account-abstraction/contracts 0.8.0 (EntryPoint v0.8, SimpleAccount, SimpleAccountFactory), with
 * a real bundler (@pimlico/alto) running as a child process against the chain. A shopper's
 * SimpleAccount pays by a user operation: the bundler wraps it in EntryPoint.handleOps and sends
 * that transaction from its own executor key; the account's call runs inside it.
 */
const require = createRequire(import.meta.url);

type Artifact = { abi: Abi; bytecode: Hex };
const artifact = (name: string): Artifact => {
  const { abi, bytecode } = require(
    `@account-abstraction/contracts/artifacts/${name}.json`,
  ) as Artifact;
  return { abi, bytecode };
};

export const erc4337Artifacts = {
  EntryPoint: artifact("EntryPoint"),
  SimpleAccount: artifact("SimpleAccount"),
  SimpleAccountFactory: artifact("SimpleAccountFactory"),
};

/**
 * The salt EntryPoint v0.8 was deployed with everywhere, through the deterministic deployment
 * proxy: with the package's bytecode they give its canonical address, 0x4337084D…f108. The bundler
 * recognises a v0.8 EntryPoint by that address, so it must sit there.
 */
const ENTRY_POINT_08_SALT: Hex =
  "0x0a59dbff790c23c976a548690c27297883cc66b4c67024f9117b0238995e35e9";

/** Where EntryPoint v0.8 sits: its canonical address. */
const entryPointAddress: Address = getContractAddress({
  opcode: "CREATE2",
  from: CREATE2_FACTORY,
  salt: ENTRY_POINT_08_SALT,
  bytecode: erc4337Artifacts.EntryPoint.bytecode,
});

export type Erc4337Contracts = { entryPoint: Address; accountFactory: Address };

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

/**
 * Deploys EntryPoint v0.8 at its canonical address (kept when an earlier run put it there) and a
 * SimpleAccountFactory for it, sent by `deployer`.
 */
export async function deployErc4337Contracts(
  rpcUrl: string,
  deployer: LocalAccount,
): Promise<Erc4337Contracts> {
  const { wallet, client } = clientsFor(rpcUrl, deployer);
  const pc = client as PublicClient;
  if (!(await client.getCode({ address: CREATE2_FACTORY }))) {
    throw new Error(`The chain at ${rpcUrl} has no deterministic deployer`);
  }
  const entryPoint = entryPointAddress;
  // Another file of the run may have put it there already: CREATE2 to a taken address fails.
  if (!(await client.getCode({ address: entryPoint }))) {
    const hash = await wallet.sendTransaction({
      to: CREATE2_FACTORY,
      data: concatHex([ENTRY_POINT_08_SALT, erc4337Artifacts.EntryPoint.bytecode]),
    });
    await mined(pc, hash, "Deploying the EntryPoint");
  }
  if (!(await client.getCode({ address: entryPoint }))) {
    throw new Error(`No EntryPoint at ${entryPoint} after deploying it`);
  }
  const { abi, bytecode } = erc4337Artifacts.SimpleAccountFactory;
  const hash = await wallet.deployContract({ abi, bytecode, args: [entryPoint] });
  const accountFactory = (await mined(pc, hash, "Deploying SimpleAccountFactory")).contractAddress!;
  return { entryPoint, accountFactory };
}

export type TestBundler = {
  /** The bundler's JSON-RPC endpoint (eth_sendUserOperation and the rest). */
  url: string;
  /** The address its bundle transactions come from. */
  executor: Address;
  /** Stops the bundler's whole process group and waits for it. */
  stop(): Promise<void>;
};

/**
 * Starts @pimlico/alto against the chain at `rpcUrl` for `entryPoint` (deployed already: it refuses
 * to start otherwise), on a free port, and resolves once it answers eth_supportedEntryPoints. Its
 * executor and utility keys are new ones given ETH here (anvil_setBalance), so its nonces collide
 * with no dev account a test sends from. Safe mode is off: it needs a node's JavaScript tracer
 * (debug_traceCall), which anvil lacks. Its simulation contracts come from the package and are
 * deployed at start-up by the utility key.
 */
export async function startBundler(
  rpcUrl: string,
  entryPoint: Address,
  options: { logPath?: string } = {},
): Promise<TestBundler> {
  const executorKey = generatePrivateKey();
  const utilityKey = generatePrivateKey();
  const executor = privateKeyToAccount(executorKey).address;
  const testClient = createTestClient({ chain: anvil, mode: "anvil", transport: http(rpcUrl) });
  for (const address of [executor, privateKeyToAccount(utilityKey).address]) {
    await testClient.setBalance({ address, value: parseEther("100") });
  }

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // Its own working directory: alto reads a .env from there, and the project's is not its.
  const workDir = mkdtempSync(join(tmpdir(), "checkout-bundler-"));
  const output = options.logPath ? openSync(options.logPath, "a") : "ignore";
  // The package exports only its library; its bin (esm/cli/alto.js) sits beside it.
  const cli = join(dirname(require.resolve("@pimlico/alto")), "cli", "alto.js");
  const child = spawn(
    process.execPath,
    [
      cli,
      "--entrypoints",
      entryPoint,
      "--executor-private-keys",
      executorKey,
      "--utility-private-key",
      utilityKey,
      "--rpc-url",
      rpcUrl,
      "--port",
      String(port),
      "--safe-mode",
      "false",
      // anvil mines each transaction at once; the bundler looks for new blocks this often (ms).
      "--block-time",
      "100",
      "--min-bundle-interval",
      "50",
      "--utility-wallet-monitor",
      "false",
      "--refilling-wallets",
      "false",
      "--log-level",
      "warn",
    ],
    {
      cwd: workDir,
      env: { PATH: process.env.PATH ?? "", HOME: workDir, NODE_ENV: "production" },
      stdio: ["ignore", output, output],
      // Its own process group, so stop() ends whatever it started too.
      detached: true,
    },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  const stopOnExit = () => killGroup("SIGKILL");
  process.once("exit", stopOnExit);

  const stop = async () => {
    process.off("exit", stopOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      killGroup("SIGTERM");
      const timer = setTimeout(() => killGroup("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(workDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(
        `The bundler exited with code ${child.exitCode} before it answered${options.logPath ? `; see ${options.logPath}` : ""}`,
      );
    }
    if (await answers(url, entryPoint)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The bundler did not answer on ${url} within 60 seconds`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, executor, stop };
}

async function answers(url: string, entryPoint: Address): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "eth_supportedEntryPoints",
        params: [],
      }),
      signal: AbortSignal.timeout(500),
    });
    const body = (await response.json()) as { result?: string[] };
    return (body.result ?? []).some(
      (address) => address.toLowerCase() === entryPoint.toLowerCase(),
    );
  } catch {
    return false;
  }
}

/** A dummy signature of the right shape, for gas estimation before the owner signs. */
const STUB_SIGNATURE: Hex =
  "0xfffffffffffffffffffffffffffffff0000000000000000000000000000000007aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1c";

/**
 * A SimpleAccount (v0.8) owned by `owner`, as viem's account-abstraction clients use it: its
 * address is the factory's CREATE2 address for (owner, salt), its first user operation deploys it
 * (createAccount through the EntryPoint's SenderCreator), one call is `execute` and several are
 * `executeBatch`, and the owner signs the user operation's EIP-712 hash. viem has no SimpleAccount
 * of its own; permissionless's needs an older `ox` than viem's and breaks the dependency tree.
 */
export async function toTestSimpleAccount(parameters: {
  rpcUrl: string;
  contracts: Erc4337Contracts;
  owner: LocalAccount;
  salt?: bigint;
}): Promise<SmartAccount> {
  const { contracts, owner } = parameters;
  const salt = parameters.salt ?? 0n;
  const { client } = clientsFor(parameters.rpcUrl, owner);
  const accountAbi = erc4337Artifacts.SimpleAccount.abi;
  const factoryAbi = erc4337Artifacts.SimpleAccountFactory.abi;
  const address = getAddress(
    (await client.readContract({
      address: contracts.accountFactory,
      abi: factoryAbi,
      functionName: "getAddress",
      args: [owner.address, salt],
    })) as Address,
  );
  const entryPoint = {
    abi: entryPoint08Abi,
    address: contracts.entryPoint,
    version: "0.8",
  } as const;

  return toSmartAccount({
    client,
    entryPoint,
    async getAddress() {
      return address;
    },
    async getFactoryArgs() {
      return {
        factory: contracts.accountFactory,
        factoryData: encodeFunctionData({
          abi: factoryAbi,
          functionName: "createAccount",
          args: [owner.address, salt],
        }),
      };
    },
    async encodeCalls(calls) {
      if (calls.length === 1) {
        const [call] = calls;
        return encodeFunctionData({
          abi: accountAbi,
          functionName: "execute",
          args: [call!.to, call!.value ?? 0n, call!.data ?? "0x"],
        });
      }
      return encodeFunctionData({
        abi: accountAbi,
        functionName: "executeBatch",
        args: [
          calls.map((call) => ({
            target: call.to,
            value: call.value ?? 0n,
            data: call.data ?? "0x",
          })),
        ],
      });
    },
    async decodeCalls(data) {
      const { functionName, args } = decodeFunctionData({ abi: accountAbi, data });
      if (functionName === "execute") {
        const [to, value, callData] = args as [Address, bigint, Hex];
        return [{ to, value, data: callData }];
      }
      if (functionName === "executeBatch") {
        const [calls] = args as [{ target: Address; value: bigint; data: Hex }[]];
        return calls.map((call) => ({ to: call.target, value: call.value, data: call.data }));
      }
      throw new Error(`A SimpleAccount call is execute or executeBatch, not ${functionName}`);
    },
    async getStubSignature() {
      return STUB_SIGNATURE;
    },
    async signMessage() {
      throw new Error("A SimpleAccount signs user operations only");
    },
    async signTypedData() {
      throw new Error("A SimpleAccount signs user operations only");
    },
    async signUserOperation({ chainId = anvil.id, ...userOperation }) {
      return owner.signTypedData(
        getUserOperationTypedData({
          chainId,
          entryPointAddress: contracts.entryPoint,
          userOperation: { ...userOperation, sender: address },
        }),
      );
    },
  });
}

/**
 * A bundler client for `account`: user operations are estimated and sent through the bundler,
 * with the gas prices the bundler asks for (pimlico_getUserOperationGasPrice), since it refuses
 * ones below its own. Without `paymaster` the account pays its own prefund; with one (an ERC-7677
 * service's client), the paymaster does.
 */
export function bundlerClientFor(
  rpcUrl: string,
  bundler: Pick<TestBundler, "url">,
  account: SmartAccount,
  paymaster?: PaymasterClient,
): BundlerClient {
  const chain = { ...anvil, rpcUrls: { default: { http: [rpcUrl] } } };
  const client = createPublicClient({ chain, transport: http(rpcUrl), pollingInterval: 50 });
  return createBundlerClient({
    account,
    client,
    chain,
    transport: http(bundler.url),
    pollingInterval: 50,
    paymaster,
    userOperation: {
      async estimateFeesPerGas({ bundlerClient }) {
        const { fast } = (await bundlerClient.request({
          // biome-ignore lint/suspicious/noExplicitAny: alto's own method, not in viem's schema.
          method: "pimlico_getUserOperationGasPrice" as any,
          params: [],
        })) as unknown as { fast: { maxFeePerGas: Hex; maxPriorityFeePerGas: Hex } };
        return {
          maxFeePerGas: BigInt(fast.maxFeePerGas),
          maxPriorityFeePerGas: BigInt(fast.maxPriorityFeePerGas),
        };
      },
    },
  });
}

/** One call of a user operation. */
export type UserOperationCall = { to: Address; data: Hex; value?: bigint };

export type SentUserOperation = {
  userOperationHash: Hash;
  /** The bundle transaction that carried it (EntryPoint.handleOps, from the bundler's executor). */
  transactionHash: Hash;
  receipt: UserOperationReceipt;
};

/**
 * Sends a user operation running `calls` from the bundler client's account and waits until it is
 * mined. The receipt's `success` says whether the account's calls ran; the bundle transaction
 * succeeds either way. `gas` skips the bundler's estimation (which refuses calls that revert).
 */
export async function sendUserOperation(
  bundlerClient: BundlerClient,
  calls: readonly UserOperationCall[],
  options: {
    gas?: { callGasLimit: bigint; verificationGasLimit: bigint; preVerificationGas: bigint };
  } = {},
): Promise<SentUserOperation> {
  const userOperationHash = await bundlerClient.sendUserOperation({
    calls: calls.map((call) => ({ to: call.to, data: call.data, value: call.value ?? 0n })),
    ...options.gas,
  });
  const receipt = await bundlerClient.waitForUserOperationReceipt({
    hash: userOperationHash,
    pollingInterval: 50,
    timeout: 30_000,
  });
  return { userOperationHash, transactionHash: receipt.receipt.transactionHash, receipt };
}
