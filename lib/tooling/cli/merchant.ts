/**
 * `npm run merchant -- <command>`: merchants and their API keys, until the dashboard exists.
 *
 * With DATABASE_URL it works on that PostgreSQL directly. On the embedded database (PGlite, one
 * process per data dir) it sends the command to the running server when one holds DATA_DIR
 * (see lib/db/dataDirLock), and otherwise takes DATA_DIR's lock and opens the database itself.
 * Either way the same function runs the command: lib/merchants/adminCommands.
 */
import { realpathSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { registerLocalChainTokens } from "../../chains/registry";
import { type AppConfig, ConfigError, loadConfig } from "../../config/config";
import { type Database, openDatabase } from "../../db/client";
import {
  busyError,
  DataDirBusyError,
  type LockHolder,
  readAdminToken,
  readServerInfo,
  tryAcquireDataDirLock,
} from "../../db/dataDirLock";
import { localTestTokens } from "../../demo/testTokens";
import { DomainError, type ErrorCode } from "../../errors";
import {
  type AdminCommand,
  type AdminCommandName,
  type AdminResult,
  type AdminResults,
  runAdminCommand,
} from "../../merchants/adminCommands";
import type { ApiKeyView } from "../../merchants/apiKeys";
import type { MerchantView } from "../../merchants/merchants";
import { formatTolerancePercent, parseTolerancePercent } from "../../merchants/tolerance";

export const USAGE = `Manage merchants and their API keys.

Usage: npm run merchant -- <command> [options]

  create --name <name> --address <0x…> [--owner <0x…>] [--live] [--label <text>]
         [--override <chain_id>=<0x…>]... [--accept <chain_id>:<symbol>]...
                      a merchant and its first API key (test mode; --live for a live key)
  list                every merchant
  show <merchant_id>  a merchant and its keys
  update <merchant_id> [--name <name>] [--address <0x…>]
         [--override <chain_id>=<0x…>]... | --no-overrides
         [--accept <chain_id>:<symbol>]... | --accept-all
         [--logo <https URL | data:image/…> | --no-logo]
         [--allow-origin <https://shop.example>]... | --no-origins
         [--default-expiry <seconds> | --no-default-expiry] [--tolerance <percent>]
         [--gasless on|off] [--fee-cap <chain_id>=<amount>]... | --no-fee-caps
  key create --merchant <merchant_id> [--mode test|live] [--label <text>]
  key list --merchant <merchant_id>
  key revoke --merchant <merchant_id> --key <key_id>
  help

Every command takes --json for machine-readable output. A new API key is printed once, by the
command that creates it; store it then. Results go to stdout, notes and errors to stderr; exit
code 2 means the command line was wrong, 1 that the command failed.

--owner names the wallet that signs in to the merchant's dashboard as its owner (and can add other
wallets there); on a deployment with SIGNUP=closed this is how a merchant gets its first owner.
Settlement overrides send payments on one chain to another address; --accept limits the merchant
to some tokens (default: every token on this deployment's chains). --logo shows a logo on the
checkout page; --allow-origin lets that site embed the checkout in a frame (embed.js).
--default-expiry sets how long new invoices stay payable (60 to 604800 seconds; default 1800);
--tolerance how much may be missing for an invoice to count as paid (0 to 5, such as 0.5).
--gasless off stops offering new invoices' shoppers to pay by signature (the deployment's relayer
pays the gas); --fee-cap sets the most one such payment's gas may be worth on a chain, in the
invoice currency (every cap at once; a chain not named, or --no-fee-caps: 0.05).

It uses the same settings as the server: DATABASE_URL when set, otherwise the embedded database
in DATA_DIR (default .data), through the running server when there is one.
`;

/** The command line is wrong: one sentence, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

type OptionSpec = Record<string, { type: "string" | "boolean"; multiple?: boolean }>;
type OptionValues = Record<string, string | boolean | string[] | undefined>;

const HELP_HINT = 'run "npm run merchant -- help" for the commands';

/**
 * node's parseArgs reads the command line; its own errors (several sentences, naming the option
 * as typed) are replaced by one sentence each, so it runs lenient and the tokens are checked here.
 */
function parseOptions(
  commandName: string,
  args: string[],
  spec: OptionSpec,
): { values: OptionValues; positionals: string[] } {
  const { values, positionals, tokens } = parseArgs({
    args,
    options: spec,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== "option") continue;
    const { name } = token;
    if (!Object.hasOwn(spec, name)) {
      throw new UsageError(`"${commandName}" has no option ${token.rawName}; ${HELP_HINT}.`);
    }
    const option = spec[name]!;
    if (option.type === "boolean") {
      if (token.value !== undefined) throw new UsageError(`--${name} takes no value.`);
    } else if (
      token.value === undefined ||
      // parseArgs takes the next argument even when it is the next option.
      (!token.inlineValue && token.value.startsWith("--"))
    ) {
      throw new UsageError(`--${name} needs a value.`);
    }
    if (!option.multiple && seen.has(name)) throw new UsageError(`--${name} is given twice.`);
    seen.add(name);
  }
  return { values: values as OptionValues, positionals };
}

function required(values: OptionValues, name: string, what: string): string {
  const value = values[name];
  if (typeof value !== "string") throw new UsageError(`Missing --${name}: ${what}.`);
  return value;
}

function optional(values: OptionValues, name: string): string | undefined {
  return typeof values[name] === "string" ? (values[name] as string) : undefined;
}

function onePositional(commandName: string, positionals: string[], what: string): string {
  if (positionals.length === 0) throw new UsageError(`"${commandName}" needs ${what}.`);
  if (positionals.length > 1) {
    throw new UsageError(`Unexpected argument "${positionals[1]}"; ${HELP_HINT}.`);
  }
  return positionals[0]!;
}

function noPositionals(commandName: string, positionals: string[]): void {
  if (positionals.length > 0) {
    throw new UsageError(
      `Unexpected argument "${positionals[0]}" after "${commandName}"; ${HELP_HINT}.`,
    );
  }
}

function parseOverrides(entries: string[] | undefined): Record<string, string> | undefined {
  if (!entries) return undefined;
  const overrides: Record<string, string> = {};
  for (const entry of entries) {
    const match = /^(\d+)=(.+)$/.exec(entry);
    if (!match) {
      throw new UsageError(
        `--override takes <chain_id>=<address>, such as 8453=0x…, not "${entry}".`,
      );
    }
    if (overrides[match[1]!] !== undefined) {
      throw new UsageError(`--override names chain ${match[1]} twice.`);
    }
    overrides[match[1]!] = match[2]!;
  }
  return overrides;
}

function parseAccepted(
  entries: string[] | undefined,
): { chain_id: number; symbol: string }[] | undefined {
  if (!entries) return undefined;
  return entries
    .flatMap((entry) => entry.split(","))
    .map((entry) => {
      const match = /^(\d+):([A-Za-z0-9.₮-]+)$/.exec(entry.trim());
      if (!match) {
        throw new UsageError(
          `--accept takes <chain_id>:<symbol>, such as 31337:USDC, not "${entry.trim()}".`,
        );
      }
      return { chain_id: Number(match[1]), symbol: match[2]! };
    });
}

function parseDefaultExpiry(values: OptionValues): number | null | undefined {
  if (values["no-default-expiry"]) return null;
  const text = optional(values, "default-expiry");
  if (text === undefined) return undefined;
  if (!/^\d{1,7}$/.test(text)) {
    throw new UsageError(`--default-expiry takes whole seconds, such as 3600, not "${text}".`);
  }
  return Number(text);
}

function parseTolerance(values: OptionValues): number | undefined {
  const text = optional(values, "tolerance");
  if (text === undefined) return undefined;
  const bps = parseTolerancePercent(text);
  if (bps === null) {
    throw new UsageError(
      `--tolerance takes a percentage with up to two decimals, such as 0.5, not "${text}".`,
    );
  }
  return bps;
}

function parseGasless(values: OptionValues): boolean | undefined {
  const text = optional(values, "gasless");
  if (text === undefined) return undefined;
  if (text !== "on" && text !== "off") {
    throw new UsageError(`--gasless takes on or off, not "${text}".`);
  }
  return text === "on";
}

function parseFeeCaps(values: OptionValues): Record<string, string> | undefined {
  if (values["no-fee-caps"]) return {};
  const entries = values["fee-cap"] as string[] | undefined;
  if (!entries) return undefined;
  const caps: Record<string, string> = {};
  for (const entry of entries) {
    const match = /^(\d+)=(.+)$/.exec(entry);
    if (!match) {
      throw new UsageError(
        `--fee-cap takes <chain_id>=<amount>, such as 8453=0.05, not "${entry}".`,
      );
    }
    if (caps[match[1]!] !== undefined)
      throw new UsageError(`--fee-cap names chain ${match[1]} twice.`);
    caps[match[1]!] = match[2]!;
  }
  return caps;
}

function keyMode(values: OptionValues): "test" | "live" {
  const mode = optional(values, "mode") ?? "test";
  if (mode !== "test" && mode !== "live") {
    throw new UsageError(`--mode must be test or live, not "${mode}".`);
  }
  return mode;
}

/**
 * merchant.update with the gasless settings; they are sent only when given, so the command stays
 * what runAdminCommand takes for every other change.
 */
type UpdateCommand = Extract<AdminCommand, { command: "merchant.update" }> & {
  gasless_enabled?: boolean;
  gasless_fee_caps?: Record<string, string>;
};

export type CommandLine = { kind: "help" } | { kind: "run"; command: AdminCommand; json: boolean };

const JSON_OPTION = { json: { type: "boolean" } } as const;
const MERCHANT_FIELDS = {
  name: { type: "string" },
  address: { type: "string" },
  override: { type: "string", multiple: true },
  accept: { type: "string", multiple: true },
} as const;

/** Reads the arguments after `npm run merchant --`; a wrong command line throws a UsageError. */
export function parseCommandLine(argv: string[]): CommandLine {
  const [first, ...rest] = argv;
  if (first === undefined) {
    throw new UsageError(
      "Name a command: create, list, show, update, key create, key list or key revoke.",
    );
  }
  if (first === "help" || first === "--help" || first === "-h") return { kind: "help" };

  switch (first) {
    case "create": {
      const { values, positionals } = parseOptions("create", rest, {
        ...MERCHANT_FIELDS,
        owner: { type: "string" },
        live: { type: "boolean" },
        label: { type: "string" },
        ...JSON_OPTION,
      });
      noPositionals("create", positionals);
      return {
        kind: "run",
        json: values.json === true,
        command: {
          command: "merchant.create",
          name: required(values, "name", 'the merchant\'s name, such as --name "Shop"'),
          settlement_address: required(
            values,
            "address",
            "the address that receives the merchant's payments, 0x followed by 40 hex digits",
          ),
          settlement_overrides: parseOverrides(values.override as string[] | undefined),
          accepted_tokens: parseAccepted(values.accept as string[] | undefined),
          key_mode: values.live === true ? "live" : "test",
          key_label: optional(values, "label"),
          owner: optional(values, "owner"),
        },
      };
    }
    case "list": {
      const { values, positionals } = parseOptions("list", rest, JSON_OPTION);
      noPositionals("list", positionals);
      return { kind: "run", json: values.json === true, command: { command: "merchant.list" } };
    }
    case "show": {
      const { values, positionals } = parseOptions("show", rest, JSON_OPTION);
      const merchantId = onePositional("show", positionals, "a merchant id, such as mer_…");
      return {
        kind: "run",
        json: values.json === true,
        command: { command: "merchant.show", merchant_id: merchantId },
      };
    }
    case "update": {
      const { values, positionals } = parseOptions("update", rest, {
        ...MERCHANT_FIELDS,
        "no-overrides": { type: "boolean" },
        "accept-all": { type: "boolean" },
        logo: { type: "string" },
        "no-logo": { type: "boolean" },
        "allow-origin": { type: "string", multiple: true },
        "no-origins": { type: "boolean" },
        "default-expiry": { type: "string" },
        "no-default-expiry": { type: "boolean" },
        tolerance: { type: "string" },
        gasless: { type: "string" },
        "fee-cap": { type: "string", multiple: true },
        "no-fee-caps": { type: "boolean" },
        ...JSON_OPTION,
      });
      const merchantId = onePositional("update", positionals, "a merchant id, such as mer_…");
      if (values.override && values["no-overrides"]) {
        throw new UsageError("Give either --override or --no-overrides, not both.");
      }
      if (values.accept && values["accept-all"]) {
        throw new UsageError("Give either --accept or --accept-all, not both.");
      }
      if (values.logo && values["no-logo"]) {
        throw new UsageError("Give either --logo or --no-logo, not both.");
      }
      if (values["allow-origin"] && values["no-origins"]) {
        throw new UsageError("Give either --allow-origin or --no-origins, not both.");
      }
      if (values["default-expiry"] && values["no-default-expiry"]) {
        throw new UsageError("Give either --default-expiry or --no-default-expiry, not both.");
      }
      if (values["fee-cap"] && values["no-fee-caps"]) {
        throw new UsageError("Give either --fee-cap or --no-fee-caps, not both.");
      }
      const gasless = parseGasless(values);
      const feeCaps = parseFeeCaps(values);
      const command: UpdateCommand = {
        command: "merchant.update" as const,
        merchant_id: merchantId,
        name: optional(values, "name"),
        settlement_address: optional(values, "address"),
        settlement_overrides: values["no-overrides"]
          ? {}
          : parseOverrides(values.override as string[] | undefined),
        accepted_tokens: values["accept-all"]
          ? null
          : parseAccepted(values.accept as string[] | undefined),
        logo_url: values["no-logo"] ? null : optional(values, "logo"),
        allowed_origins: values["no-origins"]
          ? []
          : (values["allow-origin"] as string[] | undefined),
        default_expires_in: parseDefaultExpiry(values),
        underpayment_tolerance_bps: parseTolerance(values),
        ...(gasless === undefined ? {} : { gasless_enabled: gasless }),
        ...(feeCaps === undefined ? {} : { gasless_fee_caps: feeCaps }),
      };
      const { name, settlement_address, settlement_overrides, accepted_tokens } = command;
      if (
        [
          name,
          settlement_address,
          settlement_overrides,
          accepted_tokens,
          command.logo_url,
          command.allowed_origins,
          command.default_expires_in,
          command.underpayment_tolerance_bps,
          gasless,
          feeCaps,
        ].every((v) => v === undefined)
      ) {
        throw new UsageError(
          "Say what to change: --name, --address, --override, --no-overrides, --accept, --accept-all, --logo, --no-logo, --allow-origin, --no-origins, --default-expiry, --no-default-expiry, --tolerance, --gasless, --fee-cap or --no-fee-caps.",
        );
      }
      return { kind: "run", json: values.json === true, command };
    }
    case "key":
      return parseKeyCommand(rest);
    default:
      throw new UsageError(`Unknown command "${first}"; ${HELP_HINT}.`);
  }
}

function parseKeyCommand(argv: string[]): CommandLine {
  const [sub, ...rest] = argv;
  const merchantHint = "the merchant's id (mer_…), as list shows it";
  switch (sub) {
    case "create": {
      const { values, positionals } = parseOptions("key create", rest, {
        merchant: { type: "string" },
        mode: { type: "string" },
        label: { type: "string" },
        ...JSON_OPTION,
      });
      noPositionals("key create", positionals);
      return {
        kind: "run",
        json: values.json === true,
        command: {
          command: "key.create",
          merchant_id: required(values, "merchant", merchantHint),
          mode: keyMode(values),
          label: optional(values, "label"),
        },
      };
    }
    case "list": {
      const { values, positionals } = parseOptions("key list", rest, {
        merchant: { type: "string" },
        ...JSON_OPTION,
      });
      noPositionals("key list", positionals);
      return {
        kind: "run",
        json: values.json === true,
        command: { command: "key.list", merchant_id: required(values, "merchant", merchantHint) },
      };
    }
    case "revoke": {
      const { values, positionals } = parseOptions("key revoke", rest, {
        merchant: { type: "string" },
        key: { type: "string" },
        ...JSON_OPTION,
      });
      noPositionals("key revoke", positionals);
      return {
        kind: "run",
        json: values.json === true,
        command: {
          command: "key.revoke",
          merchant_id: required(values, "merchant", merchantHint),
          key_id: required(values, "key", "the id of the key to revoke, as key list shows it"),
        },
      };
    }
    case undefined:
      throw new UsageError('"key" needs a subcommand: create, list or revoke.');
    default:
      throw new UsageError(`Unknown command "key ${sub}"; use key create, key list or key revoke.`);
  }
}

// ─── Output ─────────────────────────────────────────────────────────────────────────────────

const time = (iso: string | null) => (iso ? iso.replace(/\.\d{3}Z$/, "Z") : "-");

/** "field  value" lines: easy to read, and `awk '$1 == "api_key" { print $2 }'` finds a value. */
function fields(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join("\n");
}

/** Aligned columns; free text goes last so the other columns split on whitespace. */
function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => row[column]!.length)),
  );
  return [headers, ...rows]
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

function merchantFields(merchant: MerchantView): [string, string][] {
  const overrides = Object.entries(merchant.settlement_overrides);
  const feeCaps = Object.entries(merchant.gasless_fee_caps);
  return [
    ["merchant_id", merchant.id],
    ["name", merchant.name],
    ["settlement_address", merchant.settlement_address],
    [
      "settlement_overrides",
      overrides.length ? overrides.map(([chain, address]) => `${chain}=${address}`).join(" ") : "-",
    ],
    [
      "accepted_tokens",
      merchant.accepted_tokens
        ? merchant.accepted_tokens.map((token) => `${token.chain_id}:${token.symbol}`).join(" ")
        : "all",
    ],
    ["logo_url", merchant.logo_url ? merchant.logo_url.slice(0, 80) : "-"],
    ["allowed_origins", merchant.allowed_origins.length ? merchant.allowed_origins.join(" ") : "-"],
    ["default_expiry", `${merchant.default_expires_in ?? 1800}s`],
    ["tolerance", `${formatTolerancePercent(merchant.underpayment_tolerance_bps)}%`],
    ["gasless", merchant.gasless_enabled ? "on" : "off"],
    ["fee_caps", feeCaps.length ? feeCaps.map(([chain, cap]) => `${chain}=${cap}`).join(" ") : "-"],
    ["created_at", time(merchant.created_at)],
    ["updated_at", time(merchant.updated_at)],
  ];
}

function keyTable(keys: ApiKeyView[]): string {
  return table(
    ["KEY_ID", "MODE", "STATUS", "CREATED", "LAST_USED", "PREFIX", "LABEL"],
    keys.map((key) => [
      key.id,
      key.mode,
      key.revoked_at ? "revoked" : "active",
      time(key.created_at),
      time(key.last_used_at),
      key.prefix,
      key.label ?? "-",
    ]),
  );
}

function newKeyFields(apiKey: string, key: ApiKeyView): [string, string][] {
  return [
    ["key_id", key.id],
    ["key_mode", key.mode],
    ["key_label", key.label ?? "-"],
    ["api_key", apiKey],
  ];
}

const SHOWN_ONCE = "The API key is shown only this once: store it now (it cannot be shown again).";

/** What a command prints: stdout carries the result, stderr the notes for a person. */
export function formatResult(
  name: AdminCommandName,
  result: AdminResult,
): { stdout: string; stderr?: string } {
  switch (name) {
    case "merchant.create": {
      const { merchant, owner, api_key, key } = result as AdminResults["merchant.create"];
      return {
        stdout: fields([
          ["merchant_id", merchant.id],
          ["name", merchant.name],
          ["settlement_address", merchant.settlement_address],
          ["owner", owner ?? "-"],
          ...newKeyFields(api_key, key),
        ]),
        stderr: SHOWN_ONCE,
      };
    }
    case "merchant.list": {
      const { data } = result as AdminResults["merchant.list"];
      if (data.length === 0) {
        return {
          stdout: "",
          stderr: 'No merchants yet: npm run merchant -- create --name "Shop" --address 0x…',
        };
      }
      return {
        stdout: table(
          ["MERCHANT_ID", "SETTLEMENT_ADDRESS", "CREATED", "NAME"],
          data.map((merchant) => [
            merchant.id,
            merchant.settlement_address,
            time(merchant.created_at),
            merchant.name,
          ]),
        ),
      };
    }
    case "merchant.show": {
      const { merchant, keys } = result as AdminResults["merchant.show"];
      return {
        stdout: `${fields(merchantFields(merchant))}\n\n${keys.length ? keyTable(keys) : "(no API keys)"}`,
      };
    }
    case "merchant.update": {
      const { merchant } = result as AdminResults["merchant.update"];
      return { stdout: fields(merchantFields(merchant)) };
    }
    case "key.create": {
      const { api_key, key } = result as AdminResults["key.create"];
      return { stdout: fields(newKeyFields(api_key, key)), stderr: SHOWN_ONCE };
    }
    case "key.list": {
      const { data } = result as AdminResults["key.list"];
      return data.length ? { stdout: keyTable(data) } : { stdout: "", stderr: "No API keys." };
    }
    case "key.revoke": {
      const { key } = result as AdminResults["key.revoke"];
      return {
        stdout: fields([
          ["key_id", key.id],
          ["key_mode", key.mode],
          ["prefix", key.prefix],
          ["status", "revoked"],
          ["revoked_at", time(key.revoked_at)],
        ]),
        stderr: "Requests with this key are refused from now on.",
      };
    }
  }
}

// ─── Running a command ──────────────────────────────────────────────────────────────────────

/** How long the CLI waits for another CLI to finish, or for a starting server to answer. */
const WAIT_MS = 30_000;
const POLL_MS = 150;

async function runOnDatabase(
  open: () => Promise<{ db: Database; close(): Promise<void> }>,
  command: AdminCommand,
): Promise<AdminResult> {
  const handle = await open();
  try {
    return await runAdminCommand(handle.db, command);
  } finally {
    await handle.close();
  }
}

class ServerNotAnswering extends Error {}

async function runOnServer(port: number, token: string, command: AdminCommand) {
  const url = `http://127.0.0.1:${port}/api/internal/admin`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(command),
      signal: AbortSignal.timeout(120_000),
    });
  } catch (error) {
    // Refused: nothing was sent, so trying again (or locally, once the server is gone) is safe.
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (code === "ECONNREFUSED") throw new ServerNotAnswering();
    throw new Error(`The server at 127.0.0.1:${port} did not answer (${code ?? String(error)}).`);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(
      `The server at 127.0.0.1:${port} answered HTTP ${response.status} without JSON; is it this app, and up to date?`,
    );
  }
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string; param?: string | null } })
      .error;
    throw new DomainError(
      (error?.code ?? "internal_error") as ErrorCode,
      error?.message ?? `The server answered HTTP ${response.status}.`,
      error?.param ?? null,
    );
  }
  return body as AdminResult;
}

/**
 * Runs the command where the data is: PostgreSQL directly; the embedded database through the
 * server that holds it, or directly under DATA_DIR's lock when no server does.
 */
export async function executeCommand(
  config: AppConfig,
  command: AdminCommand,
  tell: (note: string) => void,
): Promise<AdminResult> {
  const { databaseUrl, dataDir } = config;
  if (databaseUrl) {
    return runOnDatabase(
      () => openDatabase({ kind: "postgres", url: databaseUrl, maxConnections: 2 }),
      command,
    );
  }

  const deadline = Date.now() + WAIT_MS;
  let lastHolder: LockHolder | null = null;
  let refusedPort: number | null = null;
  let told = false;
  for (;;) {
    const attempt = tryAcquireDataDirLock(dataDir, "cli");
    if (attempt.acquired) {
      try {
        return await runOnDatabase(
          () => openDatabase({ kind: "pglite", dataDir: join(dataDir, "pglite") }),
          command,
        );
      } finally {
        attempt.lock.release();
      }
    }
    lastHolder = attempt.holder;
    if (attempt.holder?.role === "server") {
      const server = readServerInfo(dataDir);
      const token = readAdminToken(dataDir);
      if (server && server.pid === attempt.holder.pid && token) {
        try {
          return await runOnServer(server.port, token, command);
        } catch (error) {
          if (!(error instanceof ServerNotAnswering)) throw error;
          refusedPort = server.port;
        }
      }
    }
    if (Date.now() >= deadline) {
      if (refusedPort !== null && lastHolder?.role === "server") {
        throw new DataDirBusyError(
          `The server (pid ${lastHolder.pid}) holds the embedded database in ${dataDir} but does not answer at 127.0.0.1:${refusedPort}; try again once it is up.`,
          lastHolder,
        );
      }
      throw busyError(dataDir, lastHolder);
    }
    if (!told) {
      told = true;
      tell(
        attempt.holder?.role === "server"
          ? `Waiting for the server (pid ${attempt.holder.pid}) to answer…`
          : `Waiting for process ${attempt.holder?.pid ?? "?"} to release the embedded database in ${dataDir}…`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function write(stream: NodeJS.WriteStream, text: string | undefined): void {
  if (text) stream.write(text.endsWith("\n") ? text : `${text}\n`);
}

export async function main(argv: string[]): Promise<number> {
  // Merchants accept the local chain's tokens too; this process is one that knows where they are.
  registerLocalChainTokens(localTestTokens());
  let commandLine: CommandLine;
  try {
    commandLine = parseCommandLine(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      write(process.stderr, error.message);
      return 2;
    }
    throw error;
  }
  if (commandLine.kind === "help") {
    write(process.stdout, USAGE);
    return 0;
  }

  try {
    const config = loadConfig();
    const result = await executeCommand(config, commandLine.command, (note) =>
      write(process.stderr, note),
    );
    if (commandLine.json) {
      write(process.stdout, JSON.stringify(result, null, 2));
    } else {
      const output = formatResult(commandLine.command.command, result);
      write(process.stdout, output.stdout);
      write(process.stderr, output.stderr);
    }
    return 0;
  } catch (error) {
    if (
      error instanceof DomainError ||
      error instanceof ConfigError ||
      error instanceof DataDirBusyError
    ) {
      write(process.stderr, error.message);
    } else {
      write(process.stderr, `The command failed: ${(error as Error).message ?? String(error)}`);
    }
    return 1;
  }
}

/** Runs this process's command line and exits with its code (run.mjs calls it when compiled). */
export async function runCommandLine(): Promise<void> {
  // An interrupted command still releases DATA_DIR's lock (its "exit" handler runs).
  process.on("SIGINT", () => process.exit(130));
  process.on("SIGTERM", () => process.exit(143));
  const code = await main(process.argv.slice(2));
  // Exit now: an idle HTTP keep-alive socket must not hold the process open.
  process.stdout.write("", () => process.exit(code));
}

const invokedDirectly =
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;

if (invokedDirectly) await runCommandLine();
