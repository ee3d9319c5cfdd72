import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import solc from "solc";
import {
  type Abi,
  type Account,
  type Address,
  type Chain,
  concatHex,
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  type Hash,
  type Hex,
  http,
  type PrivateKeyAccount,
  type PublicClient,
  parseAbi,
  type Transport,
  type WalletClient,
} from "viem";
import type { HDAccount } from "viem/accounts";
import { anvil } from "viem/chains";

/**
 * Small contracts tests and benchmarks deploy on the local chain to send the transactions a
 * stranger could: a batch of calls run in order (a multicall), a sprayer of many transfers in one
 * transaction (PaymentHarness.sol), and a smart-contract wallet that signs by ERC-1271
 * (Erc1271Wallet.sol). Compiled with the solc package, once per process.
 */
const SOURCES = {
  BatchCaller: "PaymentHarness.sol",
  Sprayer: "PaymentHarness.sol",
  Erc1271Wallet: "Erc1271Wallet.sol",
} as const;
const contractsDir = fileURLToPath(new URL("./contracts/", import.meta.url));
const nodeModules = fileURLToPath(new URL("../../../node_modules/", import.meta.url));

export const batchCallerAbi = parseAbi([
  "struct Call { address target; bytes data; }",
  "function execute(Call[] calls)",
]);
export const sprayerAbi = parseAbi([
  "function spray(address token, address to, uint256 amount, uint256 count)",
]);

export const erc1271WalletAbi = parseAbi([
  "function owner() view returns (address)",
  "function isValidSignature(bytes32 hash, bytes signature) view returns (bytes4)",
  "function execute(address to, uint256 value, bytes data) payable returns (bytes)",
]);

type Compiled = Record<keyof typeof SOURCES, { abi: Abi; bytecode: Hex }>;
let compiled: Compiled | undefined;

// solc-js has no file system: it asks for each import, which all come from node_modules.
function findImports(path: string): { contents: string } | { error: string } {
  try {
    return { contents: readFileSync(join(nodeModules, path), "utf8") };
  } catch {
    return { error: `File not found: ${path} (looked in node_modules; run npm install)` };
  }
}

function compile(): Compiled {
  if (compiled) return compiled;
  const sources = Object.fromEntries(
    [...new Set(Object.values(SOURCES))].map((source) => [
      source,
      { content: readFileSync(join(contractsDir, source), "utf8") },
    ]),
  );
  const input = {
    language: "Solidity",
    sources,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: "cancun",
      outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports })) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>;
  };
  const errors = (output.errors ?? []).filter((error) => error.severity === "error");
  if (errors.length > 0) throw new Error(errors.map((error) => error.formattedMessage).join("\n"));
  const contract = (name: keyof Compiled) => {
    const found = output.contracts[SOURCES[name]]![name]!;
    return { abi: found.abi, bytecode: `0x${found.evm.bytecode.object}` as Hex };
  };
  compiled = {
    BatchCaller: contract("BatchCaller"),
    Sprayer: contract("Sprayer"),
    Erc1271Wallet: contract("Erc1271Wallet"),
  };
  return compiled;
}

export type Harness = {
  batchCaller: Address;
  sprayer: Address;
  /** Sends execute(calls) to the batch caller from `account`, with `tail` appended; waits for it. */
  batch(calls: readonly { target: Address; data: Hex }[], tail?: Hex): Promise<Hash>;
  /** Sends spray(...) from `account`, with `tail` appended (ignored by the contract). */
  spray(parameters: {
    token: Address;
    to: Address;
    amount: bigint;
    count: number;
    tail?: Hex;
  }): Promise<Hash>;
};

/** Deploys the batch caller and the sprayer from `account` on the chain at `rpcUrl`. */
export async function deployHarness(
  rpcUrl: string,
  account: HDAccount | PrivateKeyAccount,
): Promise<Harness> {
  const chain = { ...anvil, rpcUrls: { default: { http: [rpcUrl] } } };
  const wallet = createWalletClient({ account, chain, transport: http(rpcUrl) });
  const client = createPublicClient({ chain, transport: http(rpcUrl), pollingInterval: 50 });
  const contracts = compile();
  const deploy = async (name: keyof Compiled) => {
    const hash = await wallet.deployContract({
      abi: contracts[name].abi,
      bytecode: contracts[name].bytecode,
    });
    const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    return receipt.contractAddress!;
  };
  const batchCaller = await deploy("BatchCaller");
  const sprayer = await deploy("Sprayer");
  const send = async (to: Address, data: Hex) => {
    const hash = await wallet.sendTransaction({ to, data, gas: 29_000_000n });
    const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    if (receipt.status !== "success") throw new Error(`harness transaction ${hash} reverted`);
    return hash;
  };
  return {
    batchCaller,
    sprayer,
    batch: (calls, tail = "0x") =>
      send(
        batchCaller,
        concatHex([
          encodeFunctionData({ abi: batchCallerAbi, functionName: "execute", args: [calls] }),
          tail,
        ]),
      ),
    spray: ({ token, to, amount, count, tail = "0x" }) =>
      send(
        sprayer,
        concatHex([
          encodeFunctionData({
            abi: sprayerAbi,
            functionName: "spray",
            args: [token, to, amount, BigInt(count)],
          }),
          tail,
        ]),
      ),
  };
}

/**
 * Deploys an Erc1271Wallet owned by `owner` (sent by `walletClient`'s account, which pays the gas)
 * and returns its address. The wallet accepts `owner`'s signatures under ERC-1271 and runs the
 * calls `owner` sends it through execute(to, value, data).
 */
export async function deployErc1271Wallet(
  walletClient: WalletClient<Transport, Chain, Account>,
  publicClient: PublicClient,
  owner: Address,
): Promise<Address> {
  const { abi, bytecode } = compile().Erc1271Wallet;
  const hash = await walletClient.deployContract({ abi, bytecode, args: [owner] });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success" || !receipt.contractAddress) {
    throw new Error(`Deploying Erc1271Wallet failed (transaction ${hash}).`);
  }
  return receipt.contractAddress;
}
