import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import {
  type Abi,
  type Address,
  concatHex,
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  type Hash,
  type Hex,
  http,
  isAddressEqual,
  type PrivateKeyAccount,
  parseAbi,
  size,
  sliceHex,
  zeroAddress,
} from "viem";
import type { HDAccount } from "viem/accounts";
import { anvil } from "viem/chains";

/**
 * EIP-7702 accounts on the local chain (anvil's default hardfork, its latest, takes type-4
 * transactions since Prague; an older anvil needs `--hardfork prague` in lib/demo/anvil.ts): an
 * account delegates its code to eth-infinitism's Simple7702Account (@account-abstraction/contracts
 * 0.8, its compiled artifact) and sends itself one transaction running a batch of calls, as a
 * wallet's "smart account" upgrade does. The delegate runs a call only when the account itself (or
 * the ERC-4337 EntryPoint) sends it, and answers ERC-1271 for the account's own ECDSA signatures.
 */
export const simple7702AccountAbi = parseAbi([
  "struct Call { address target; uint256 value; bytes data; }",
  "function execute(address target, uint256 value, bytes data)",
  "function executeBatch(Call[] calls)",
  "function isValidSignature(bytes32 hash, bytes signature) view returns (bytes4)",
]);

/** The code an account delegated to `implementation` holds: 0xef0100 followed by its address. */
const DELEGATION_PREFIX = "0xef0100";

type Artifact = { abi: Abi; bytecode: Hex };
let artifact: Artifact | undefined;

/** Simple7702Account as @account-abstraction/contracts compiled it (no constructor arguments). */
export function simple7702AccountArtifact(): Artifact {
  if (artifact) return artifact;
  const path = createRequire(import.meta.url).resolve(
    "@account-abstraction/contracts/artifacts/Simple7702Account.json",
  );
  const { abi, bytecode } = JSON.parse(readFileSync(path, "utf8")) as Artifact;
  artifact = { abi, bytecode };
  return artifact;
}

export type BatchCall = { to: Address; data: Hex; value?: bigint };

export type DelegatedAccount = {
  address: Address;
  implementation: Address;
  /** executeBatch(calls)'s calldata, with `tail` appended (the delegate ignores what follows). */
  executeBatchData(calls: readonly BatchCall[], tail?: Hex): Hex;
  /**
   * Sends executeBatch(calls) to itself and waits for it. While the account is not delegated to
   * the implementation, the same transaction carries its signed authorization (type 4).
   */
  executeBatch(calls: readonly BatchCall[], options?: { tail?: Hex }): Promise<Hash>;
  /**
   * Sends only the authorization, in a transaction of the account's that calls no code (to the
   * zero address), so any implementation can be delegated to, one without a receive function too.
   */
  delegate(): Promise<Hash>;
  /** The implementation the account's code points to, or null when it has none. */
  delegation(): Promise<Address | null>;
  /** Delegates to the zero address, which clears the account's code (a plain account again). */
  revoke(): Promise<Hash>;
};

/** Deploys a Simple7702Account from `deployer` on the chain at `rpcUrl` and returns its address. */
export async function deploySimple7702Account(
  rpcUrl: string,
  deployer: HDAccount | PrivateKeyAccount,
): Promise<Address> {
  const { wallet, client } = clients(rpcUrl, deployer);
  const { abi, bytecode } = simple7702AccountArtifact();
  const hash = await wallet.deployContract({ abi, bytecode });
  const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
  if (receipt.status !== "success" || !receipt.contractAddress) {
    throw new Error(`Deploying Simple7702Account failed (transaction ${hash}).`);
  }
  return receipt.contractAddress;
}

/**
 * `account` as an EIP-7702 account delegating to `implementation` (a Simple7702Account). Nothing
 * is sent until the first batch, which carries the authorization.
 */
export function delegatedAccount(
  rpcUrl: string,
  account: HDAccount | PrivateKeyAccount,
  implementation: Address,
): DelegatedAccount {
  const { wallet, client } = clients(rpcUrl, account);
  const delegation = async (): Promise<Address | null> => {
    const code = await client.getCode({ address: account.address });
    if (!code || code === "0x") return null;
    if (size(code) !== 23 || !code.startsWith(DELEGATION_PREFIX)) {
      throw new Error(`${account.address} holds contract code, not an EIP-7702 delegation`);
    }
    return sliceHex(code, 3);
  };
  const send = async (to: Address, data: Hex, delegateTo: Address | null) => {
    // The account sends the transaction itself, so its authorization takes the nonce after it.
    const authorizationList =
      delegateTo === null
        ? undefined
        : [
            await wallet.signAuthorization({
              account,
              contractAddress: delegateTo,
              executor: "self",
            }),
          ];
    const hash = await wallet.sendTransaction({ to, data, authorizationList });
    const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
    return hash;
  };
  const executeBatchData = (calls: readonly BatchCall[], tail: Hex = "0x") =>
    concatHex([
      encodeFunctionData({
        abi: simple7702AccountAbi,
        functionName: "executeBatch",
        args: [
          calls.map((call) => ({ target: call.to, value: call.value ?? 0n, data: call.data })),
        ],
      }),
      tail,
    ]);
  return {
    address: account.address,
    implementation,
    executeBatchData,
    delegation,
    async executeBatch(calls, options = {}) {
      const current = await delegation();
      const delegated = current !== null && isAddressEqual(current, implementation);
      const data = executeBatchData(calls, options.tail);
      return send(account.address, data, delegated ? null : implementation);
    },
    delegate: () => send(zeroAddress, "0x", implementation),
    revoke: () => send(zeroAddress, "0x", zeroAddress),
  };
}

function clients(rpcUrl: string, account: HDAccount | PrivateKeyAccount) {
  const chain = { ...anvil, rpcUrls: { default: { http: [rpcUrl] } } };
  return {
    wallet: createWalletClient({ account, chain, transport: http(rpcUrl) }),
    client: createPublicClient({ chain, transport: http(rpcUrl), pollingInterval: 50 }),
  };
}
