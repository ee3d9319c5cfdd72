import { formatTolerancePercent, parseTolerancePercent } from "@/lib/merchants/tolerance";

/*
 * The settings form's state and what a save sends: only the fields that differ from what is
 * saved, in the body POST /api/dashboard/settings takes. Pure, so it is tested on its own.
 */

/** The merchant's settings as GET /api/dashboard/settings shows them (the fields the form edits). */
export type SavedSettings = {
  name: string;
  logo_url: string | null;
  settlement_address: string;
  settlement_overrides: Record<string, string>;
  accepted_tokens: { chain_id: number; symbol: string }[] | null;
  allowed_origins: string[];
  default_expires_in: number | null;
  underpayment_tolerance_bps: number;
  gasless_enabled: boolean;
  gasless_fee_caps: Record<string, string>;
};

export type ExpiryUnit = "seconds" | "minutes" | "hours" | "days";
export const EXPIRY_UNITS: { unit: ExpiryUnit; seconds: number; label: string }[] = [
  { unit: "seconds", seconds: 1, label: "seconds" },
  { unit: "minutes", seconds: 60, label: "minutes" },
  { unit: "hours", seconds: 3600, label: "hours" },
  { unit: "days", seconds: 86_400, label: "days" },
];

export type SettingsDraft = {
  name: string;
  logoUrl: string | null;
  settlementAddress: string;
  /** Per chain id; "" means no override (payments go to the settlement address). */
  overrides: Record<string, string>;
  acceptAll: boolean;
  /** "chainId:SYMBOL" of each accepted token, when not acceptAll. */
  accepted: string[];
  /** Rows of the origins editor; blank rows are dropped on save. */
  origins: string[];
  /** "" means the 30-minute default. */
  expiryAmount: string;
  expiryUnit: ExpiryUnit;
  /** Percent, as typed ("1.25"). */
  tolerancePercent: string;
  gaslessEnabled: boolean;
  /** Per chain id, as typed; "" means the default cap (0.05). */
  feeCaps: Record<string, string>;
};

export const tokenKey = (chainId: number, symbol: string) => `${chainId}:${symbol}`;

/** 90 -> 90 seconds, 5400 -> 90 minutes, 7200 -> 2 hours, 172800 -> 2 days; null -> "". */
export function expiryFields(seconds: number | null): { amount: string; unit: ExpiryUnit } {
  if (seconds === null) return { amount: "", unit: "minutes" };
  const unit =
    [...EXPIRY_UNITS].reverse().find((candidate) => seconds % candidate.seconds === 0) ??
    EXPIRY_UNITS[0]!;
  return { amount: String(seconds / unit.seconds), unit: unit.unit };
}

export function draftOf(saved: SavedSettings, chainIds: number[]): SettingsDraft {
  const expiry = expiryFields(saved.default_expires_in);
  return {
    name: saved.name,
    logoUrl: saved.logo_url,
    settlementAddress: saved.settlement_address,
    overrides: Object.fromEntries(
      chainIds.map((id) => [String(id), saved.settlement_overrides[String(id)] ?? ""]),
    ),
    acceptAll: saved.accepted_tokens === null,
    accepted: (saved.accepted_tokens ?? []).map((token) => tokenKey(token.chain_id, token.symbol)),
    origins: saved.allowed_origins.length ? [...saved.allowed_origins] : [],
    expiryAmount: expiry.amount,
    expiryUnit: expiry.unit,
    tolerancePercent: formatTolerancePercent(saved.underpayment_tolerance_bps),
    gaslessEnabled: saved.gasless_enabled,
    feeCaps: Object.fromEntries(
      chainIds.map((id) => [String(id), saved.gasless_fee_caps[String(id)] ?? ""]),
    ),
  };
}

/** A problem found before sending, named like the server's (param = the body's field). */
export type DraftProblem = { param: string; message: string };

export type SettingsChanges = Partial<SavedSettings>;

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The body of a save: only what changed. Values are sent as typed (trimmed); the server checks
 * them. Only what the server could not be told (a malformed percentage, a missing token choice)
 * is refused here.
 */
export function changesOf(
  saved: SavedSettings,
  draft: SettingsDraft,
  tokenOrder: string[],
): { changes: SettingsChanges } | { problem: DraftProblem } {
  const changes: SettingsChanges = {};
  if (draft.name !== saved.name) changes.name = draft.name;
  const logo = draft.logoUrl?.trim() || null;
  if (logo !== saved.logo_url) changes.logo_url = logo;
  if (draft.settlementAddress.trim() !== saved.settlement_address) {
    changes.settlement_address = draft.settlementAddress.trim();
  }

  const overrides = withoutBlanks(draft.overrides);
  if (!sameJson(sortedKeys(overrides), sortedKeys(saved.settlement_overrides))) {
    changes.settlement_overrides = overrides;
  }

  let accepted: SavedSettings["accepted_tokens"] = null;
  if (!draft.acceptAll) {
    if (draft.accepted.length === 0) {
      return {
        problem: {
          param: "accepted_tokens",
          message: "Choose at least one token, or accept every token.",
        },
      };
    }
    accepted = tokenOrder
      .filter((key) => draft.accepted.includes(key))
      .map((key) => {
        const [chainId, symbol] = key.split(":");
        return { chain_id: Number(chainId), symbol: symbol! };
      });
  }
  const savedAccepted =
    saved.accepted_tokens &&
    tokenOrder.filter((key) =>
      saved.accepted_tokens!.some((token) => tokenKey(token.chain_id, token.symbol) === key),
    );
  const draftAccepted =
    accepted === null ? null : accepted.map((token) => tokenKey(token.chain_id, token.symbol));
  if (!sameJson(draftAccepted, savedAccepted)) changes.accepted_tokens = accepted;

  const origins = draft.origins.map((origin) => origin.trim()).filter(Boolean);
  if (!sameJson(origins, saved.allowed_origins)) changes.allowed_origins = origins;

  const amount = draft.expiryAmount.trim();
  let expiry: number | null = null;
  if (amount !== "") {
    if (!/^\d{1,7}$/.test(amount)) {
      return {
        problem: {
          param: "default_expires_in",
          message: "Enter a whole number, or leave it empty for 30 minutes.",
        },
      };
    }
    const unit = EXPIRY_UNITS.find((candidate) => candidate.unit === draft.expiryUnit)!;
    expiry = Number(amount) * unit.seconds;
  }
  if (expiry !== saved.default_expires_in) changes.default_expires_in = expiry;

  const bps = parseTolerancePercent(draft.tolerancePercent);
  if (bps === null) {
    return {
      problem: {
        param: "underpayment_tolerance_bps",
        message: "Enter a percentage from 0 to 5 with at most two decimals, such as 0.5.",
      },
    };
  }
  if (bps !== saved.underpayment_tolerance_bps) changes.underpayment_tolerance_bps = bps;

  if (draft.gaslessEnabled !== saved.gasless_enabled) {
    changes.gasless_enabled = draft.gaslessEnabled;
  }
  const feeCaps = withoutBlanks(draft.feeCaps);
  if (!sameJson(sortedKeys(feeCaps), sortedKeys(saved.gasless_fee_caps))) {
    changes.gasless_fee_caps = feeCaps;
  }
  return { changes };
}

/** A per-chain map as typed: values trimmed, blank rows (the default) left out. */
function withoutBlanks(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(record)
      .map(([chainId, value]) => [chainId, value.trim()] as const)
      .filter(([, value]) => value !== ""),
  );
}

function sortedKeys(record: Record<string, string>): [string, string][] {
  return Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
}

/** "Invalid default_expires_in: must be at least 60 seconds (1 minute)." -> "Must be at least …" */
export function fieldMessage(message: string): string {
  const bare = message.replace(/^Invalid [\w.]+: /, "");
  return bare.charAt(0).toUpperCase() + bare.slice(1);
}
