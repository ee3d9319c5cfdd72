import {
  type Address,
  createWalletClient,
  defineChain,
  type Hex,
  hexToBigInt,
  http,
  isAddressEqual,
  numberToHex,
  type TypedDataDefinition,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

/** What the server hands the page for a demo wallet, on the local chain only. */
export type DemoWalletProps = {
  address: string;
  privateKey: string;
  chainId: number;
  rpcUrl: string;
};

/** The demo wallets: one with ETH for gas, one with test tokens and no ETH (pays by signature). */
export type DemoWallets = { withGas: DemoWalletProps; withoutGas: DemoWalletProps };

type Listener = (payload: unknown) => void;

class ProviderRpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * An EIP-1193 provider that signs in this page with the demo account's key and sends to the
 * local chain's RPC: a wallet for trying the checkout with no extension installed. It behaves like
 * a real one (no accounts until the page asks, only its own chain).
 */
export function createDemoProvider(demo: DemoWalletProps) {
  const account = privateKeyToAccount(demo.privateKey as Hex);
  const chain = defineChain({
    id: demo.chainId,
    name: "Local chain",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [demo.rpcUrl] } },
  });
  const client = createWalletClient({ account, chain, transport: http(demo.rpcUrl) });
  const listeners = new Map<string, Set<Listener>>();
  let connected = false;
  let rpcId = 0;

  const emit = (event: string, payload: unknown) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };

  async function forward(method: string, params: unknown): Promise<unknown> {
    const response = await fetch(demo.rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: ++rpcId, method, params: params ?? [] }),
    });
    const body = (await response.json()) as {
      result?: unknown;
      error?: { code: number; message: string };
    };
    if (body.error) throw new ProviderRpcError(body.error.code, body.error.message);
    return body.result ?? null;
  }

  const provider = {
    isDemoWallet: true,
    async request({ method, params }: { method: string; params?: unknown }): Promise<unknown> {
      const list = Array.isArray(params) ? params : [];
      switch (method) {
        case "eth_requestAccounts":
          if (!connected) {
            connected = true;
            emit("connect", { chainId: numberToHex(demo.chainId) });
            emit("accountsChanged", [account.address]);
          }
          return [account.address];
        case "eth_accounts":
          return connected ? [account.address] : [];
        case "eth_chainId":
          return numberToHex(demo.chainId);
        case "net_version":
          return String(demo.chainId);
        case "wallet_switchEthereumChain": {
          const chainId = Number((list[0] as { chainId?: string } | undefined)?.chainId);
          if (chainId === demo.chainId) return null;
          throw new ProviderRpcError(4902, "The demo wallet works on the local chain only.");
        }
        case "wallet_revokePermissions":
          connected = false;
          emit("accountsChanged", []);
          return null;
        case "eth_sendTransaction": {
          if (!connected) throw new ProviderRpcError(4100, "Not connected.");
          const tx = list[0] as Partial<Record<"to" | "data" | "value" | "gas", Hex>>;
          return client.sendTransaction({
            to: tx.to,
            data: tx.data,
            value: tx.value ? hexToBigInt(tx.value) : 0n,
            gas: tx.gas ? hexToBigInt(tx.gas) : undefined,
          });
        }
        case "personal_sign": {
          if (!connected) throw new ProviderRpcError(4100, "Not connected.");
          return account.signMessage({ message: { raw: list[0] as Hex } });
        }
        case "eth_signTypedData_v4": {
          if (!connected) throw new ProviderRpcError(4100, "Not connected.");
          const [address, raw] = list as [Address, string | object];
          if (!isAddressEqual(address, account.address)) {
            throw new ProviderRpcError(4100, "The demo wallet signs for its own account only.");
          }
          // The JSON of EIP-712 carries the domain's type too; viem derives it from the domain.
          const typed = (typeof raw === "string" ? JSON.parse(raw) : raw) as TypedDataDefinition & {
            types: Record<string, unknown>;
          };
          const { EIP712Domain: _domain, ...types } = typed.types;
          return account.signTypedData({ ...typed, types } as TypedDataDefinition);
        }
        default:
          if (/^(eth_sign|wallet_|personal_|anvil_|evm_|hardhat_)/.test(method)) {
            throw new ProviderRpcError(4200, `The demo wallet does not support ${method}.`);
          }
          return forward(method, params);
      }
    },
    on(event: string, listener: Listener) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener);
      return provider;
    },
    removeListener(event: string, listener: Listener) {
      listeners.get(event)?.delete(listener);
      return provider;
    },
  };
  return provider;
}
