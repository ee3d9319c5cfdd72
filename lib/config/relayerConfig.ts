import { type LocalAccount, privateKeyToAccount } from "viem/accounts";
import { CURRENCY_SCALE, currencies, isCurrencyCode } from "../money/currencies";
import { ParseDecimalError, parseDecimal } from "../money/decimal";

/** One chain's relayer: the account that pays gas for gasless payments, and its limits. */
export type RelayerChainSetting = {
  /** From RELAYER_PRIVATE_KEY_<id> or RELAYER_PRIVATE_KEY; null: the local chain's dev relayer. */
  account: LocalAccount | null;
  /** Under this balance (wei) the dashboard and /api/health warn. */
  balanceFloor: bigint;
  /** Gas one merchant's payments may spend in 24 hours on this chain (wei). */
  dailyBudget: bigint;
  /**
   * The price of one whole gas token in a currency, at invoice-level precision (18 decimals),
   * from GAS_TOKEN_PRICE_<id>_<CURRENCY>; the merchant's fee cap is checked with it.
   */
  gasTokenPrices: Partial<Record<keyof typeof currencies, bigint>>;
};

export type RelayerConfig = {
  /** Relayer settings by chain id, for every chain the deployment runs on. */
  chains: ReadonlyMap<number, RelayerChainSetting>;
};

type Environment = Record<string, string | undefined>;

class RelayerConfigError extends Error {}

/**
 * Defaults by the chain's gas token, in whole tokens: a balance floor and a merchant's daily
 * budget worth roughly the same whatever the token (ETH on Ethereum and its L2s, POL, BNB, AVAX).
 */
const GAS_TOKEN_DEFAULTS: Record<string, { floor: string; budget: string }> = {
  ETH: { floor: "0.005", budget: "0.05" },
  POL: { floor: "5", budget: "50" },
  MATIC: { floor: "5", budget: "50" },
  BNB: { floor: "0.01", budget: "0.1" },
  AVAX: { floor: "0.1", budget: "1" },
};

function fail(message: string): never {
  throw new RelayerConfigError(message);
}

function wei(name: string, raw: string): bigint {
  try {
    return parseDecimal(raw, 18);
  } catch (error) {
    if (error instanceof ParseDecimalError) {
      fail(`${name} must be an amount of the chain's gas token such as 0.05, not "${raw}".`);
    }
    throw error;
  }
}

/**
 * A private key from env. The error never repeats the value: it is a secret even when malformed.
 */
function accountFrom(name: string, raw: string): LocalAccount {
  const key = raw.trim();
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) {
    fail(`${name} must be a private key: 0x followed by 64 hex digits.`);
  }
  try {
    return privateKeyToAccount(key as `0x${string}`);
  } catch {
    fail(`${name} is not a valid secp256k1 private key.`);
  }
}

/**
 * Reads the relayer's settings for each chain the deployment runs on. `chains` lists each chain's
 * id, gas token symbol and whether it is the local chain.
 */
export function loadRelayerConfig(
  env: Environment,
  chains: readonly { id: number; gasToken: string }[],
  onError: (message: string) => never,
): RelayerConfig {
  try {
    const deploymentKey = env.RELAYER_PRIVATE_KEY
      ? accountFrom("RELAYER_PRIVATE_KEY", env.RELAYER_PRIVATE_KEY)
      : null;
    const settings = new Map<number, RelayerChainSetting>();
    for (const chain of chains) {
      const keyName = `RELAYER_PRIVATE_KEY_${chain.id}`;
      const account = env[keyName] ? accountFrom(keyName, env[keyName] as string) : deploymentKey;
      const defaults = GAS_TOKEN_DEFAULTS[chain.gasToken] ?? GAS_TOKEN_DEFAULTS.ETH!;
      const floorName = `RELAYER_BALANCE_FLOOR_${chain.id}`;
      const budgetName = `RELAYER_DAILY_BUDGET_${chain.id}`;
      const gasTokenPrices: RelayerChainSetting["gasTokenPrices"] = {};
      for (const code of Object.keys(currencies)) {
        const name = `GAS_TOKEN_PRICE_${chain.id}_${code}`;
        const raw = env[name];
        if (!raw || !isCurrencyCode(code)) continue;
        try {
          gasTokenPrices[code] = parseDecimal(raw, CURRENCY_SCALE);
        } catch {
          fail(`${name} must be the price of one ${chain.gasToken} in ${code}, such as 3000.`);
        }
      }
      settings.set(chain.id, {
        account,
        balanceFloor: wei(floorName, env[floorName] || defaults.floor),
        dailyBudget: wei(budgetName, env[budgetName] || defaults.budget),
        gasTokenPrices,
      });
    }
    for (const name of Object.keys(env)) {
      const match =
        /^(?:RELAYER_PRIVATE_KEY|RELAYER_BALANCE_FLOOR|RELAYER_DAILY_BUDGET)_(\d+)$/.exec(name);
      if (match && env[name] && !settings.has(Number(match[1]))) {
        fail(`${name} is set but the deployment does not run chain ${match[1]}; remove it.`);
      }
    }
    return { chains: settings };
  } catch (error) {
    if (error instanceof RelayerConfigError) onError(error.message);
    throw error;
  }
}
