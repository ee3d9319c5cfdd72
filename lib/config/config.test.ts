import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_CONFIRMATIONS, loadConfig } from "./config";

type Env = Record<string, string>;

const BASE_ENV: Env = { CHAINS: "base", RPC_URL_8453: "https://base.example.com/v2/key" };

/** The ConfigError loadConfig throws for `env`; fails the test if it throws nothing or else. */
function configError(env: Env): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

/** One sentence naming the variable: ends with a period, no line breaks. */
function expectOneSentenceNaming(error: ConfigError, variable: string) {
  expect(error.name).toBe("ConfigError");
  expect(error.message).toContain(variable);
  expect(error.message.endsWith(".")).toBe(true);
  expect(error.message).not.toMatch(/[\r\n]/);
}

describe("loadConfig defaults", () => {
  const config = loadConfig({});

  it("listens on port 3000 at http://localhost:3000", () => {
    expect(config.port).toBe(3000);
    expect(config.publicUrl).toBe("http://localhost:3000");
  });

  it("keeps data in an absolute .data directory", () => {
    expect(isAbsolute(config.dataDir)).toBe(true);
    expect(config.dataDir.endsWith(".data")).toBe(true);
  });

  it("runs the embedded local chain on 8545 with one confirmation and automine", () => {
    expect(config.localChain).toEqual({ port: 8545, blockTime: null, confirmations: 1 });
    expect(config.productionChains).toEqual([]);
  });

  it("has no database URL, token filter or demo key, and a one-day monitoring window", () => {
    expect(config.databaseUrl).toBeNull();
    expect(config.tokenSymbols).toBeNull();
    expect(config.demoApiKey).toBeNull();
    expect(config.monitoringWindowSeconds).toBe(86_400);
  });

  it("treats empty variables as unset", () => {
    const empty = loadConfig({ PORT: "", PUBLIC_URL: "", DATABASE_URL: "", CHAINS: "" });
    expect(empty.port).toBe(3000);
    expect(empty.publicUrl).toBe("http://localhost:3000");
    expect(empty.databaseUrl).toBeNull();
    expect(empty.localChain).not.toBeNull();
  });

  it("derives the public URL from PORT", () => {
    expect(loadConfig({ PORT: "4000" }).publicUrl).toBe("http://localhost:4000");
  });
});

describe("loadConfig settings", () => {
  it("uses production chains instead of the local chain when CHAINS is set", () => {
    const config = loadConfig({
      CHAINS: "base,arbitrum",
      RPC_URL_8453: "https://base.example.com",
      RPC_URL_42161: "https://arb.example.com",
    });
    expect(config.localChain).toBeNull();
    expect(config.productionChains.map((setting) => setting.chain.id)).toEqual([8453, 42161]);
    expect(config.productionChains.map((setting) => setting.rpcUrl)).toEqual([
      "https://base.example.com",
      "https://arb.example.com",
    ]);
    expect(config.productionChains.map((setting) => setting.confirmations)).toEqual([
      DEFAULT_CONFIRMATIONS[8453],
      DEFAULT_CONFIRMATIONS[42161],
    ]);
  });

  it("accepts chain names with spaces and any case", () => {
    const config = loadConfig({ ...BASE_ENV, CHAINS: " Base , " });
    expect(config.productionChains.map((setting) => setting.chain.id)).toEqual([8453]);
  });

  it("lets CONFIRMATIONS_<id> override the default", () => {
    const config = loadConfig({ ...BASE_ENV, CONFIRMATIONS_8453: "5" });
    expect(config.productionChains[0]?.confirmations).toBe(5);
  });

  it("accepts numeric chain ids", () => {
    const config = loadConfig({ CHAINS: "8453", RPC_URL_8453: "https://base.example.com" });
    expect(config.productionChains[0]?.chain.id).toBe(8453);
    expect(config.productionChains[0]?.chain.name).toBe("Base");
  });

  it("strips trailing slashes from URLs", () => {
    const config = loadConfig({
      ...BASE_ENV,
      RPC_URL_8453: "https://base.example.com/",
      PUBLIC_URL: "https://pay.example.com//",
    });
    expect(config.publicUrl).toBe("https://pay.example.com");
    expect(config.productionChains[0]?.rpcUrl).toBe("https://base.example.com");
  });

  it("reads the local chain's port, block time and confirmations", () => {
    const config = loadConfig({
      ANVIL_PORT: "9545",
      ANVIL_BLOCK_TIME: "2",
      CONFIRMATIONS_31337: "3",
    });
    expect(config.localChain).toEqual({ port: 9545, blockTime: 2, confirmations: 3 });
  });

  it("accepts postgres URLs, token lists and a test demo key", () => {
    const config = loadConfig({
      DATABASE_URL: "postgresql://user:pw@db:5432/checkout",
      TOKENS: "usdc, USDT,,",
      DEMO_API_KEY: "sk_test_abcdefghijklmnop",
    });
    expect(config.databaseUrl).toBe("postgresql://user:pw@db:5432/checkout");
    expect(config.tokenSymbols).toEqual(["USDC", "USDT"]);
    expect(config.demoApiKey).toBe("sk_test_abcdefghijklmnop");
  });

  it("resolves a relative DATA_DIR to an absolute path and keeps an absolute one", () => {
    expect(loadConfig({ DATA_DIR: "/var/lib/checkout" }).dataDir).toBe("/var/lib/checkout");
    const relative = loadConfig({ DATA_DIR: "store" }).dataDir;
    expect(isAbsolute(relative)).toBe(true);
    expect(relative.endsWith("store")).toBe(true);
  });
});

describe("loadConfig refuses bad settings with one sentence naming the variable", () => {
  it.each<[string, Env, string]>([
    ["missing RPC URL", { CHAINS: "base" }, "RPC_URL_8453"],
    [
      "missing second RPC URL",
      { CHAINS: "base,arbitrum", RPC_URL_8453: "https://base.example.com" },
      "RPC_URL_42161",
    ],
    ["unknown chain name", { CHAINS: "notachain" }, "CHAINS"],
    ["unknown chain id", { CHAINS: "999999999999" }, "CHAINS"],
    ["duplicate chain", { ...BASE_ENV, CHAINS: "base,base" }, "CHAINS"],
    ["duplicate chain by name and id", { ...BASE_ENV, CHAINS: "base,8453" }, "CHAINS"],
    ["local chain by name", { CHAINS: "anvil" }, "CHAINS"],
    ["local chain by id", { CHAINS: "31337" }, "CHAINS"],
    ["non-numeric PORT", { PORT: "abc" }, "PORT"],
    ["PORT 0", { PORT: "0" }, "PORT"],
    ["PORT above 65535", { PORT: "70000" }, "PORT"],
    ["fractional PORT", { PORT: "3000.5" }, "PORT"],
    ["negative PORT", { PORT: "-1" }, "PORT"],
    ["MySQL DATABASE_URL", { DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    ["bare postgres DATABASE_URL", { DATABASE_URL: "postgres://" }, "DATABASE_URL"],
    ["live DEMO_API_KEY", { DEMO_API_KEY: "sk_live_abcdefghijklmnopqrstuvwxyz" }, "DEMO_API_KEY"],
    ["short DEMO_API_KEY", { DEMO_API_KEY: "sk_test_short" }, "DEMO_API_KEY"],
    ["DEMO_API_KEY without prefix", { DEMO_API_KEY: "abcdefghijklmnopqrstuvwxyz" }, "DEMO_API_KEY"],
    ["ftp PUBLIC_URL", { PUBLIC_URL: "ftp://x" }, "PUBLIC_URL"],
    ["PUBLIC_URL without scheme", { PUBLIC_URL: "pay.example.com" }, "PUBLIC_URL"],
    ["RPC URL that is not a URL", { CHAINS: "base", RPC_URL_8453: "notaurl" }, "RPC_URL_8453"],
    ["websocket RPC URL", { CHAINS: "base", RPC_URL_8453: "wss://x.example.com" }, "RPC_URL_8453"],
    ["zero confirmations", { ...BASE_ENV, CONFIRMATIONS_8453: "0" }, "CONFIRMATIONS_8453"],
    ["too many confirmations", { ...BASE_ENV, CONFIRMATIONS_8453: "1001" }, "CONFIRMATIONS_8453"],
    ["zero local confirmations", { CONFIRMATIONS_31337: "0" }, "CONFIRMATIONS_31337"],
    ["bad ANVIL_PORT", { ANVIL_PORT: "x" }, "ANVIL_PORT"],
    ["zero ANVIL_BLOCK_TIME", { ANVIL_BLOCK_TIME: "0" }, "ANVIL_BLOCK_TIME"],
    ["TOKENS without a symbol", { TOKENS: "," }, "TOKENS"],
    ["negative MONITORING_WINDOW", { MONITORING_WINDOW: "-1" }, "MONITORING_WINDOW"],
    ["MONITORING_WINDOW over 30 days", { MONITORING_WINDOW: "2592001" }, "MONITORING_WINDOW"],
    ["negative DUST_FLOOR", { DUST_FLOOR: "-0.01" }, "DUST_FLOOR"],
    ["DUST_FLOOR in words", { DUST_FLOOR: "a cent" }, "DUST_FLOOR"],
    ["DUST_FLOOR with 7 decimals", { DUST_FLOOR: "0.0000001" }, "DUST_FLOOR"],
    ["DUST_FLOOR above 100", { DUST_FLOOR: "100.5" }, "DUST_FLOOR"],
    [
      "WEBHOOK_RETRY_SCHEDULE with a word",
      { WEBHOOK_RETRY_SCHEDULE: "5,soon" },
      "WEBHOOK_RETRY_SCHEDULE",
    ],
    ["WEBHOOK_RETRY_SCHEDULE with zero", { WEBHOOK_RETRY_SCHEDULE: "0" }, "WEBHOOK_RETRY_SCHEDULE"],
    ["WEBHOOK_TIMEOUT_MS of 10 ms", { WEBHOOK_TIMEOUT_MS: "10" }, "WEBHOOK_TIMEOUT_MS"],
    ["HEALTH_STALL_SECONDS of 0", { HEALTH_STALL_SECONDS: "0" }, "HEALTH_STALL_SECONDS"],
    ["HEALTH_MAX_LAG_BLOCKS in words", { HEALTH_MAX_LAG_BLOCKS: "many" }, "HEALTH_MAX_LAG_BLOCKS"],
    ["SIGNUP in other words", { SIGNUP: "yes" }, "SIGNUP"],
    ["SIGNUP invite-only", { ...BASE_ENV, SIGNUP: "invite" }, "SIGNUP"],
    ["SIGNUP with two values", { SIGNUP: "open,closed" }, "SIGNUP"],
    [
      "WEBHOOK_LEASE_MS shorter than an attempt",
      { WEBHOOK_TIMEOUT_MS: "5000", WEBHOOK_LEASE_MS: "5500" },
      "WEBHOOK_LEASE_MS",
    ],
  ])("%s", (_, env, variable) => {
    expectOneSentenceNaming(configError(env), variable);
  });

  it("reads DUST_FLOOR as an amount of the invoice currency: 0.01 unless set, 0 turns it off", () => {
    expect(loadConfig({}).dustFloor).toBe(10n ** 16n);
    expect(loadConfig({ DUST_FLOOR: "0.5" }).dustFloor).toBe(5n * 10n ** 17n);
    expect(loadConfig({ DUST_FLOOR: "0" }).dustFloor).toBe(0n);
    expect(loadConfig({ DUST_FLOOR: "0.000001" }).dustFloor).toBe(10n ** 12n);
  });

  it("reads SIGNUP: closed on production chains and open on the local demo unless set", () => {
    expect(loadConfig({}).signup).toBe("open");
    expect(loadConfig({ SIGNUP: "" }).signup).toBe("open");
    expect(loadConfig(BASE_ENV).signup).toBe("closed");
    expect(loadConfig({ ...BASE_ENV, SIGNUP: "" }).signup).toBe("closed");
    expect(loadConfig({ ...BASE_ENV, SIGNUP: "open" }).signup).toBe("open");
    expect(loadConfig({ SIGNUP: "closed" }).signup).toBe("closed");
    expect(loadConfig({ ...BASE_ENV, SIGNUP: " Open " }).signup).toBe("open");
    expect(configError({ SIGNUP: "true" }).message).toBe(
      'SIGNUP must be open or closed, not "true".',
    );
  });

  it("names the offending chain entry", () => {
    expect(configError({ ...BASE_ENV, CHAINS: "base,optimismm" }).message).toContain('"optimismm"');
  });

  it("reports the value it refused", () => {
    expect(configError({ PORT: "abc" }).message).toContain('"abc"');
  });

  it("does not repeat a database URL, which may carry a password", () => {
    const message = configError({ DATABASE_URL: "mysql://root:hunter2@db/x" }).message;
    expect(message).not.toContain("hunter2");
  });

  it("does not repeat an RPC URL, which may carry a provider key", () => {
    const message = configError({
      CHAINS: "base",
      RPC_URL_8453: "wss://base.example/v2/SECRETKEY",
    }).message;
    expect(message).toContain("RPC_URL_8453");
    expect(message).not.toContain("SECRETKEY");
  });
});

describe("DATA_DIR must be a directory", () => {
  const scratch = mkdtempSync(join(tmpdir(), "checkout-config-"));
  const file = join(scratch, "a-file");
  writeFileSync(file, "not a directory\n");

  it("takes an existing directory, or one it can create", () => {
    expect(loadConfig({ DATA_DIR: scratch }).dataDir).toBe(scratch);
    expect(loadConfig({ DATA_DIR: join(scratch, "new", "deeper") }).dataDir).toBe(
      join(scratch, "new", "deeper"),
    );
  });

  it("refuses a file, naming DATA_DIR and the path", () => {
    const error = configError({ DATA_DIR: file });
    expectOneSentenceNaming(error, "DATA_DIR");
    expect(error.message).toBe(
      `DATA_DIR (${file}) is a file, not a directory; point DATA_DIR at a directory.`,
    );
  });

  it("refuses a path below a file, naming the file in the way", () => {
    const error = configError({ DATA_DIR: join(file, "data") });
    expectOneSentenceNaming(error, "DATA_DIR");
    expect(error.message).toContain(`because ${file} is a file`);
  });
});

describe("an RPC URL for a chain CHAINS does not list", () => {
  it("with CHAINS empty, stops instead of running the local chain", () => {
    const error = configError({ RPC_URL_8453: "https://base.example/rpc" });
    expectOneSentenceNaming(error, "CHAINS");
    expect(error.message).toBe(
      "RPC_URL_8453 is set but CHAINS does not list chain 8453; set CHAINS=base or remove RPC_URL_8453.",
    );
  });

  it("with other chains listed, says to add it", () => {
    const error = configError({ ...BASE_ENV, RPC_URL_42161: "https://arb.example/rpc" });
    expectOneSentenceNaming(error, "RPC_URL_42161");
    expect(error.message).toContain("add arbitrum to CHAINS (base)");
  });

  it("covers WebSocket URLs and the local chain's id too", () => {
    expectOneSentenceNaming(configError({ RPC_WS_URL_8453: "wss://base.example" }), "CHAINS");
    expectOneSentenceNaming(
      configError({ RPC_URL_31337: "http://127.0.0.1:8545" }),
      "RPC_URL_31337",
    );
  });

  it("ignores an empty one, as an unset variable", () => {
    expect(loadConfig({ RPC_URL_8453: "" }).localChain).not.toBeNull();
  });
});

describe("PAYMASTER_URL_<id>", () => {
  it("is read per chain the app runs, the local chain included, without trailing slashes", () => {
    expect(loadConfig(BASE_ENV).paymasterUrls).toEqual({});
    expect(
      loadConfig({ ...BASE_ENV, PAYMASTER_URL_8453: "https://pm.example/v2/KEY/" }).paymasterUrls,
    ).toEqual({ 8453: "https://pm.example/v2/KEY" });
    expect(loadConfig({ PAYMASTER_URL_31337: "http://127.0.0.1:4337" }).paymasterUrls).toEqual({
      31337: "http://127.0.0.1:4337",
    });
    expect(loadConfig({ ...BASE_ENV, PAYMASTER_URL_8453: "" }).paymasterUrls).toEqual({});
  });

  it("must be an http(s) URL, and is never repeated in the error: it may carry a key", () => {
    const error = configError({ ...BASE_ENV, PAYMASTER_URL_8453: "ftp://pm.example/SECRETKEY" });
    expectOneSentenceNaming(error, "PAYMASTER_URL_8453");
    expect(error.message).not.toContain("SECRETKEY");
  });

  it("is refused for a chain the app does not run", () => {
    const error = configError({ ...BASE_ENV, PAYMASTER_URL_42161: "https://pm.example/KEY" });
    expectOneSentenceNaming(error, "PAYMASTER_URL_42161");
    expect(error.message).toContain("add arbitrum to CHAINS");
    expect(error.message).not.toContain("KEY");
    expectOneSentenceNaming(
      configError({ PAYMASTER_URL_8453: "https://pm.example/KEY" }),
      "PAYMASTER_URL_8453",
    );
  });
});
