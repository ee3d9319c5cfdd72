import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import solc from "solc";
import {
  type Abi,
  type Address,
  concatHex,
  createPublicClient,
  createWalletClient,
  encodeAbiParameters,
  type Hex,
  http,
  type LocalAccount,
  numberToHex,
  parseEther,
} from "viem";
import {
  formatUserOperation,
  type RpcUserOperation,
  toPackedUserOperation,
  type UserOperation,
} from "viem/account-abstraction";
import { anvil } from "viem/chains";

/**
 * A merchant's paymaster on the local chain: TestVerifyingPaymaster.sol (a verifying paymaster
 * on @account-abstraction/contracts 0.8's BasePaymaster, compiled here with the solc package),
 * deposited and staked on the EntryPoint, and a small ERC-7677 web service that signs for it with
 * the sponsor's key, as a provider's service would. The service sponsors whatever it is asked:
 * deciding what deserves it is the checkout's proxy's job. It counts the requests it gets.
 */
const contractsDir = fileURLToPath(new URL("./contracts/", import.meta.url));
const nodeModules = fileURLToPath(new URL("../../../node_modules/", import.meta.url));
const SOURCE = "TestVerifyingPaymaster.sol";

type Compiled = { abi: Abi; bytecode: Hex };
let compiled: Compiled | undefined;

function findImports(path: string): { contents: string } | { error: string } {
  try {
    return { contents: readFileSync(join(nodeModules, path), "utf8") };
  } catch {
    return { error: `File not found: ${path} (looked in node_modules; run npm install)` };
  }
}

export function compileTestPaymaster(): Compiled {
  if (compiled) return compiled;
  const input = {
    language: "Solidity",
    sources: { [SOURCE]: { content: readFileSync(join(contractsDir, SOURCE), "utf8") } },
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: "cancun",
      outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports })) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts?: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>;
  };
  const errors = (output.errors ?? []).filter((error) => error.severity === "error");
  if (errors.length > 0) {
    throw new Error(`solc failed:\n${errors.map((error) => error.formattedMessage).join("\n")}`);
  }
  const contract = output.contracts?.[SOURCE]?.TestVerifyingPaymaster;
  if (!contract) throw new Error(`solc produced no TestVerifyingPaymaster from ${SOURCE}`);
  compiled = { abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}` };
  return compiled;
}

/**
 * Deploys the paymaster for `sponsor`, owned by `owner`, which deposits `deposit` wei on the
 * EntryPoint (the gas it pays comes from there) and stakes 1 ETH for a day.
 */
export async function deployTestPaymaster(parameters: {
  rpcUrl: string;
  entryPoint: Address;
  owner: LocalAccount;
  sponsor: Address;
  deposit?: bigint;
}): Promise<Address> {
  const { rpcUrl, entryPoint, owner, sponsor } = parameters;
  const chain = { ...anvil, rpcUrls: { default: { http: [rpcUrl] } } };
  const wallet = createWalletClient({ account: owner, chain, transport: http(rpcUrl) });
  const client = createPublicClient({ chain, transport: http(rpcUrl), pollingInterval: 50 });
  const { abi, bytecode } = compileTestPaymaster();
  const mined = async (hash: Hex, what: string) => {
    const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    if (receipt.status !== "success") throw new Error(`${what} reverted`);
    return receipt;
  };
  const deployed = await mined(
    await wallet.deployContract({ abi, bytecode, args: [entryPoint, sponsor] }),
    "Deploying the paymaster",
  );
  const paymaster = deployed.contractAddress!;
  await mined(
    await wallet.writeContract({
      address: paymaster,
      abi,
      functionName: "deposit",
      value: parameters.deposit ?? parseEther("1"),
    }),
    "The paymaster's deposit",
  );
  await mined(
    await wallet.writeContract({
      address: paymaster,
      abi,
      functionName: "addStake",
      args: [86_400],
      value: parseEther("1"),
    }),
    "The paymaster's stake",
  );
  return paymaster;
}

export type PaymasterServiceRequest = { method: string; params: unknown };

export type TestPaymasterService = {
  url: string;
  /** Every JSON-RPC request the service got, in order. */
  requests: PaymasterServiceRequest[];
  stop(): Promise<void>;
};

const VERIFICATION_GAS = 100_000n;
const POST_OP_GAS = 0n;
/** The window's 64 bytes and a 65-byte signature of the right shape, recovering to nobody. */
const STUB_SIGNATURE: Hex = `0x${"ff".repeat(32)}${"7a".repeat(32)}1c`;

/** An ERC-7677 service for `paymaster` that signs every user operation with `sponsor`. */
export async function startPaymasterService(parameters: {
  rpcUrl: string;
  paymaster: Address;
  sponsor: LocalAccount;
}): Promise<TestPaymasterService> {
  const { rpcUrl, paymaster, sponsor } = parameters;
  const chain = { ...anvil, rpcUrls: { default: { http: [rpcUrl] } } };
  const client = createPublicClient({ chain, transport: http(rpcUrl) });
  const { abi } = compileTestPaymaster();
  const requests: PaymasterServiceRequest[] = [];

  const window = async () => {
    const block = await client.getBlock();
    return { validUntil: Number(block.timestamp) + 600, validAfter: 0 };
  };
  const encodeWindow = (validUntil: number, validAfter: number) =>
    encodeAbiParameters([{ type: "uint48" }, { type: "uint48" }], [validUntil, validAfter]);

  async function answer(method: string, params: unknown[]): Promise<unknown> {
    const userOperation = formatUserOperation(params[0] as RpcUserOperation);
    const verificationGas = userOperation.paymasterVerificationGasLimit ?? VERIFICATION_GAS;
    const postOpGas = userOperation.paymasterPostOpGasLimit ?? POST_OP_GAS;
    if (method === "pm_getPaymasterStubData") {
      const { validUntil, validAfter } = await window();
      return {
        paymaster,
        paymasterData: concatHex([encodeWindow(validUntil, validAfter), STUB_SIGNATURE]),
        paymasterVerificationGasLimit: numberToHex(VERIFICATION_GAS),
        paymasterPostOpGasLimit: numberToHex(POST_OP_GAS),
        sponsor: { name: "Test Shop" },
      };
    }
    const { validUntil, validAfter } = await window();
    const packed = toPackedUserOperation({
      ...(userOperation as UserOperation<"0.8">),
      paymaster,
      paymasterVerificationGasLimit: verificationGas,
      paymasterPostOpGasLimit: postOpGas,
      paymasterData: "0x",
    });
    const hash = (await client.readContract({
      address: paymaster,
      abi,
      functionName: "getHash",
      args: [packed, validUntil, validAfter],
    })) as Hex;
    const signature = await sponsor.signMessage({ message: { raw: hash } });
    return {
      paymaster,
      paymasterData: concatHex([encodeWindow(validUntil, validAfter), signature]),
      paymasterVerificationGasLimit: numberToHex(verificationGas),
      paymasterPostOpGasLimit: numberToHex(postOpGas),
    };
  }

  const server = createServer(async (request, response) => {
    let id: unknown = null;
    try {
      const body = JSON.parse(await readBody(request)) as {
        id: unknown;
        method: string;
        params: unknown[];
      };
      id = body.id;
      requests.push({ method: body.method, params: body.params });
      if (body.method !== "pm_getPaymasterStubData" && body.method !== "pm_getPaymasterData") {
        throw Object.assign(new Error(`Method not found: ${body.method}`), { code: -32601 });
      }
      const result = await answer(body.method, body.params);
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ jsonrpc: "2.0", id, result }));
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      response.writeHead(200, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          jsonrpc: "2.0",
          id,
          error: { code: typeof code === "number" ? code : -32603, message: String(error) },
        }),
      );
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/rpc/SECRET-PROVIDER-KEY`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
