import { describe, expect, it } from "vitest";
import type { ApiKeyView } from "../../merchants/apiKeys";
import type { MerchantView } from "../../merchants/merchants";
import { formatResult, parseCommandLine, UsageError } from "./merchant";

const ADDRESS = "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720";

function usageErrorOf(argv: string[]): string {
  try {
    parseCommandLine(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error(`expected a usage error for ${argv.join(" ")}`);
}

describe("parseCommandLine", () => {
  it("reads create with a test key by default and a live key with --live", () => {
    expect(parseCommandLine(["create", "--name", "My Shop", "--address", ADDRESS])).toEqual({
      kind: "run",
      json: false,
      command: {
        command: "merchant.create",
        name: "My Shop",
        settlement_address: ADDRESS,
        settlement_overrides: undefined,
        accepted_tokens: undefined,
        key_mode: "test",
        key_label: undefined,
        owner: undefined,
      },
    });
    const live = parseCommandLine(["create", "--name=Shop", `--address=${ADDRESS}`, "--live"]);
    expect(live).toMatchObject({ command: { key_mode: "live", name: "Shop" } });
  });

  it("reads the owner wallet of create as given (the lib checks and checksums it)", () => {
    const owner = ADDRESS.toLowerCase();
    expect(
      parseCommandLine(["create", "--name", "Shop", "--address", ADDRESS, "--owner", owner]),
    ).toMatchObject({ command: { command: "merchant.create", owner } });
    expect(usageErrorOf(["create", "--name", "Shop", "--address", ADDRESS, "--owner"])).toBe(
      "--owner needs a value.",
    );
    expect(
      usageErrorOf(["create", "--name", "S", "--address", ADDRESS, "--owner=0x1", "--owner=0x2"]),
    ).toBe("--owner is given twice.");
    expect(usageErrorOf(["update", "mer_1", "--owner", ADDRESS])).toContain(
      '"update" has no option --owner',
    );
  });

  it("reads the checkout's logo and allowed origins on update, and their removal", () => {
    expect(
      parseCommandLine([
        "update",
        "mer_1",
        "--logo",
        "https://shop.example/logo.png",
        "--allow-origin",
        "https://shop.example",
        "--allow-origin=http://localhost:8080",
      ]),
    ).toMatchObject({
      command: {
        command: "merchant.update",
        logo_url: "https://shop.example/logo.png",
        allowed_origins: ["https://shop.example", "http://localhost:8080"],
      },
    });
    expect(parseCommandLine(["update", "mer_1", "--no-logo", "--no-origins"])).toMatchObject({
      command: { logo_url: null, allowed_origins: [] },
    });
    expect(usageErrorOf(["update", "mer_1", "--logo", "x", "--no-logo"])).toBe(
      "Give either --logo or --no-logo, not both.",
    );
    expect(usageErrorOf(["update", "mer_1", "--allow-origin", "x", "--no-origins"])).toBe(
      "Give either --allow-origin or --no-origins, not both.",
    );
  });

  it("reads the default expiry in seconds and the tolerance as a percentage", () => {
    expect(
      parseCommandLine(["update", "mer_1", "--default-expiry", "3600", "--tolerance", "1.25"]),
    ).toMatchObject({
      command: { default_expires_in: 3600, underpayment_tolerance_bps: 125 },
    });
    expect(
      parseCommandLine(["update", "mer_1", "--no-default-expiry", "--tolerance=0"]),
    ).toMatchObject({
      command: { default_expires_in: null, underpayment_tolerance_bps: 0 },
    });
    expect(usageErrorOf(["update", "mer_1", "--default-expiry", "1h"])).toBe(
      '--default-expiry takes whole seconds, such as 3600, not "1h".',
    );
    expect(usageErrorOf(["update", "mer_1", "--tolerance", "0.125"])).toBe(
      '--tolerance takes a percentage with up to two decimals, such as 0.5, not "0.125".',
    );
    expect(usageErrorOf(["update", "mer_1", "--default-expiry", "60", "--no-default-expiry"])).toBe(
      "Give either --default-expiry or --no-default-expiry, not both.",
    );
  });

  it("shows the default expiry and the tolerance", () => {
    const output = formatResult("merchant.update", {
      merchant: { ...merchant, default_expires_in: 7200, underpayment_tolerance_bps: 50 },
    });
    expect(field(output.stdout, "default_expiry")).toBe("7200s");
    expect(field(output.stdout, "tolerance")).toBe("0.5%");
    expect(field(formatResult("merchant.update", { merchant }).stdout, "default_expiry")).toBe(
      "1800s",
    );
  });

  it("reads gasless on or off and the fee caps, sending only what is given", () => {
    expect(
      parseCommandLine([
        "update",
        "mer_1",
        "--gasless",
        "off",
        "--fee-cap",
        "8453=0.02",
        "--fee-cap=31337=1",
      ]),
    ).toMatchObject({
      command: {
        command: "merchant.update",
        gasless_enabled: false,
        gasless_fee_caps: { "8453": "0.02", "31337": "1" },
      },
    });
    expect(parseCommandLine(["update", "mer_1", "--gasless=on"])).toMatchObject({
      command: { gasless_enabled: true },
    });
    expect(parseCommandLine(["update", "mer_1", "--no-fee-caps"])).toMatchObject({
      command: { gasless_fee_caps: {} },
    });
    // Not given: not in the command at all, so the change names only what was asked.
    const tolerance = parseCommandLine(["update", "mer_1", "--tolerance", "1"]);
    expect(tolerance.kind === "run" && Object.keys(tolerance.command)).not.toContain(
      "gasless_enabled",
    );
    expect(tolerance.kind === "run" && Object.keys(tolerance.command)).not.toContain(
      "gasless_fee_caps",
    );
    expect(usageErrorOf(["update", "mer_1", "--gasless", "no"])).toBe(
      '--gasless takes on or off, not "no".',
    );
    expect(usageErrorOf(["update", "mer_1", "--fee-cap", "0.05"])).toBe(
      '--fee-cap takes <chain_id>=<amount>, such as 8453=0.05, not "0.05".',
    );
    expect(usageErrorOf(["update", "mer_1", "--fee-cap", "1=1", "--fee-cap", "1=2"])).toBe(
      "--fee-cap names chain 1 twice.",
    );
    expect(usageErrorOf(["update", "mer_1", "--fee-cap", "1=1", "--no-fee-caps"])).toBe(
      "Give either --fee-cap or --no-fee-caps, not both.",
    );
    expect(usageErrorOf(["update", "mer_1", "--gasless"])).toBe("--gasless needs a value.");
  });

  it("reads overrides and accepted tokens", () => {
    const parsed = parseCommandLine([
      "create",
      "--name",
      "Shop",
      "--address",
      ADDRESS,
      "--override",
      `8453=${ADDRESS}`,
      "--accept",
      "31337:USDC,31337:USDT",
      "--accept",
      "8453:EURC",
      "--json",
    ]);
    expect(parsed).toMatchObject({
      json: true,
      command: {
        settlement_overrides: { "8453": ADDRESS },
        accepted_tokens: [
          { chain_id: 31337, symbol: "USDC" },
          { chain_id: 31337, symbol: "USDT" },
          { chain_id: 8453, symbol: "EURC" },
        ],
      },
    });
  });

  it("reads every other command", () => {
    expect(parseCommandLine(["list", "--json"])).toEqual({
      kind: "run",
      json: true,
      command: { command: "merchant.list" },
    });
    expect(parseCommandLine(["show", "mer_1"])).toMatchObject({
      command: { command: "merchant.show", merchant_id: "mer_1" },
    });
    expect(parseCommandLine(["update", "mer_1", "--accept-all", "--no-overrides"])).toMatchObject({
      command: {
        command: "merchant.update",
        merchant_id: "mer_1",
        accepted_tokens: null,
        settlement_overrides: {},
      },
    });
    expect(
      parseCommandLine(["key", "create", "--merchant", "mer_1", "--mode", "live", "--label", "x"]),
    ).toMatchObject({
      command: { command: "key.create", merchant_id: "mer_1", mode: "live", label: "x" },
    });
    expect(parseCommandLine(["key", "create", "--merchant", "mer_1"])).toMatchObject({
      command: { mode: "test" },
    });
    expect(parseCommandLine(["key", "list", "--merchant", "mer_1"])).toMatchObject({
      command: { command: "key.list", merchant_id: "mer_1" },
    });
    expect(
      parseCommandLine(["key", "revoke", "--merchant", "mer_1", "--key", "key_1"]),
    ).toMatchObject({ command: { command: "key.revoke", merchant_id: "mer_1", key_id: "key_1" } });
    // After "--" everything is an argument, as in other command lines.
    expect(parseCommandLine(["show", "--", "mer_1"])).toMatchObject({
      command: { command: "merchant.show", merchant_id: "mer_1" },
    });
    expect(parseCommandLine(["help"])).toEqual({ kind: "help" });
    expect(parseCommandLine(["--help"])).toEqual({ kind: "help" });
  });

  it.each([
    [[], "Name a command"],
    [["frobnicate"], 'Unknown command "frobnicate"'],
    [["create", "--address", ADDRESS], "Missing --name: the merchant's name"],
    [["create", "--name", "Shop"], "Missing --address: the address that receives"],
    [["create", "--name", "--address", ADDRESS], "--name needs a value."],
    [["create", "--name", "A", "--name", "B", "--address", ADDRESS], "--name is given twice."],
    [["create", "--name", "A", "--address", ADDRESS, "--mode", "live"], "has no option --mode"],
    [["create", "--name", "A", "--address", ADDRESS, "--live=yes"], "--live takes no value."],
    [["create", "--name", "A", "--address", ADDRESS, "extra"], 'Unexpected argument "extra"'],
    [["create", "--name", "A", "--address", ADDRESS, "--override", "base"], "--override takes"],
    [["create", "--name", "A", "--address", ADDRESS, "--accept", "USDC"], "--accept takes"],
    [["show"], '"show" needs a merchant id'],
    [["show", "a", "b"], 'Unexpected argument "b"'],
    [["update", "mer_1"], "Say what to change"],
    [["update", "mer_1", "--accept", "1:USDC", "--accept-all"], "not both"],
    [["key"], '"key" needs a subcommand'],
    [["key", "delete"], 'Unknown command "key delete"'],
    [["key", "create"], "Missing --merchant"],
    [
      ["key", "create", "--merchant", "m", "--mode", "prod"],
      '--mode must be test or live, not "prod".',
    ],
    [["key", "revoke", "--merchant", "m"], "Missing --key"],
    [["show", "-x", "mer_1"], '"show" has no option -x'],
    [["list", "--constructor"], '"list" has no option --constructor'],
    [["key", "list", "--merchant"], "--merchant needs a value."],
    [["create", "--name", "--", "--address", ADDRESS], "--name needs a value."],
  ])("%j is a usage error: %s", (argv, message) => {
    const sentence = usageErrorOf(argv);
    expect(sentence).toContain(message);
    expect(sentence.split("\n")).toHaveLength(1);
  });
});

const merchant: MerchantView = {
  id: "mer_01m8853rzvhfat5qprfqg7skag",
  object: "merchant",
  name: "My Shop",
  settlement_address: ADDRESS,
  settlement_overrides: {},
  accepted_tokens: null,
  logo_url: null,
  allowed_origins: [],
  default_expires_in: null,
  underpayment_tolerance_bps: 0,
  gasless_enabled: true,
  gasless_fee_caps: {},
  created_at: "2026-11-25T01:28:51.123Z",
  updated_at: "2026-11-25T01:28:51.123Z",
};
const key: ApiKeyView = {
  id: "key_01m8853s06qfgqaaf1cc4r94z8",
  mode: "test",
  prefix: "sk_test_NTeE…",
  label: null,
  created_at: "2026-11-25T01:28:51.123Z",
  last_used_at: null,
  revoked_at: null,
};
const apiKey = "sk_test_NTeEb89lfyqZRibBWDM3CR9XY2bI0i6q";

/** What `awk '$1 == name { print $2 }'` would find. */
const field = (output: string, name: string) =>
  output
    .split("\n")
    .map((line) => line.split(/\s+/))
    .find((words) => words[0] === name)?.[1];

describe("formatResult", () => {
  it("prints a new merchant's id, owner and key as field lines, the warning apart", () => {
    const output = formatResult("merchant.create", { merchant, owner: null, api_key: apiKey, key });
    expect(field(output.stdout, "merchant_id")).toBe(merchant.id);
    expect(field(output.stdout, "owner")).toBe("-");
    const owned = formatResult("merchant.create", {
      merchant,
      owner: ADDRESS,
      api_key: apiKey,
      key,
    });
    expect(field(owned.stdout, "owner")).toBe(ADDRESS);
    expect(field(output.stdout, "api_key")).toBe(apiKey);
    expect(field(output.stdout, "key_mode")).toBe("test");
    expect(output.stdout).toContain("name                My Shop");
    expect(output.stderr).toContain("shown only this once");
  });

  it("lists keys in columns, with their status and never a key", () => {
    const revoked = {
      ...key,
      id: "key_2",
      revoked_at: "2026-11-26T00:00:00.000Z",
      label: "old one",
    };
    const output = formatResult("key.list", { data: [key, revoked] });
    const lines = output.stdout.split("\n");
    expect(lines[0]).toMatch(/^KEY_ID\s+MODE\s+STATUS\s+CREATED\s+LAST_USED\s+PREFIX\s+LABEL$/);
    expect(lines[1]!.split(/\s+/)).toEqual([
      key.id,
      "test",
      "active",
      "2026-11-25T01:28:51Z",
      "-",
      "sk_test_NTeE…",
      "-",
    ]);
    expect(lines[2]!.split(/\s+/).slice(0, 3)).toEqual(["key_2", "test", "revoked"]);
    expect(lines[2]).toMatch(/old one$/);
    expect(output.stdout).not.toContain(apiKey);
  });

  it("shows a merchant with its overrides, accepted tokens and keys", () => {
    const output = formatResult("merchant.show", {
      merchant: {
        ...merchant,
        settlement_overrides: { "8453": ADDRESS },
        accepted_tokens: [{ chain_id: 31337, symbol: "USDC" }],
      },
      keys: [key],
    });
    expect(output.stdout).toContain(`settlement_overrides  8453=${ADDRESS}`);
    expect(output.stdout).toContain("accepted_tokens       31337:USDC");
    expect(output.stdout).toContain(key.id);
  });

  it("shows whether gasless is on and the fee caps", () => {
    const on = formatResult("merchant.show", { merchant, keys: [] });
    expect(field(on.stdout, "gasless")).toBe("on");
    expect(field(on.stdout, "fee_caps")).toBe("-");
    const off = formatResult("merchant.update", {
      merchant: { ...merchant, gasless_enabled: false, gasless_fee_caps: { "8453": "0.02" } },
    });
    expect(field(off.stdout, "gasless")).toBe("off");
    expect(field(off.stdout, "fee_caps")).toBe("8453=0.02");
  });

  it("lists merchants with the name last, so names with spaces stay parseable", () => {
    const output = formatResult("merchant.list", { data: [merchant] });
    expect(output.stdout.split("\n")[1]).toBe(
      `${merchant.id}  ${ADDRESS}  2026-11-25T01:28:51Z  My Shop`,
    );
  });
});
