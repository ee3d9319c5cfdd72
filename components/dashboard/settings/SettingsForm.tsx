"use client";

import { useRouter } from "next/navigation";
import { type ReactNode, useEffect, useId, useRef, useState } from "react";
import { AddressInput } from "../AddressInput";
import { DashboardApiError, dashboardFetch } from "../api";
import { LogoImageError, logoDataUri } from "./logoImage";
import {
  changesOf,
  draftOf,
  EXPIRY_UNITS,
  type ExpiryUnit,
  fieldMessage,
  type SavedSettings,
  type SettingsDraft,
  tokenKey,
} from "./settingsDraft";

export type SettingsChain = {
  id: number;
  name: string;
  tokens: { symbol: string; name: string }[];
};

type Problem = { param: string | null; message: string };

const MAX_ORIGINS = 20;

const FIELD_LABELS: [prefix: string, label: string][] = [
  ["name", "Store name"],
  ["logo_url", "Logo"],
  ["settlement_address", "Settlement address"],
  ["settlement_overrides", "Settlement address per chain"],
  ["accepted_tokens", "Accepted tokens"],
  ["allowed_origins", "Allowed embed origins"],
  ["default_expires_in", "Default expiry"],
  ["underpayment_tolerance_bps", "Underpayment tolerance"],
];

const labelOf = (param: string | null) =>
  FIELD_LABELS.find(([prefix]) => param === prefix || param?.startsWith(`${prefix}.`))?.[1];

const fieldClass =
  "rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 placeholder:text-slate-500 focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 disabled:bg-slate-100 disabled:text-slate-600 aria-[invalid=true]:border-red-600 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100 dark:placeholder:text-slate-400 dark:disabled:bg-slate-900 dark:disabled:text-slate-400 dark:aria-[invalid=true]:border-red-400";
const inputClass = `mt-1 w-full ${fieldClass}`;
const hintClass = "mt-1 text-xs text-slate-600 dark:text-slate-400";
const secondaryButton =
  "rounded-lg px-3 py-1.5 text-sm font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-100 disabled:opacity-60 dark:text-slate-200 dark:ring-slate-700 dark:hover:bg-slate-800";

/** The store's settings, saved together; only what changed is sent. Owners edit, members read. */
export function SettingsForm({
  initial,
  chains,
  canEdit,
}: {
  initial: SavedSettings;
  chains: SettingsChain[];
  canEdit: boolean;
}) {
  const router = useRouter();
  const chainIds = chains.map((chain) => chain.id);
  const tokenOrder = chains.flatMap((chain) =>
    chain.tokens.map((token) => tokenKey(chain.id, token.symbol)),
  );
  const [saved, setSaved] = useState(initial);
  const [draft, setDraft] = useState<SettingsDraft>(() => draftOf(initial, chainIds));
  const [problem, setProblem] = useState<Problem | null>(null);
  const [logoProblem, setLogoProblem] = useState<string | null>(null);
  const [status, setStatus] = useState<"idle" | "saving" | "saved" | "unchanged">("idle");
  const formId = useId();
  const formRef = useRef<HTMLFormElement>(null);

  // Take the keyboard (and the eye) to the field the problem is about.
  useEffect(() => {
    if (!problem) return;
    const field = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (field ?? formRef.current?.querySelector<HTMLElement>('[role="alert"]'))?.focus();
  }, [problem]);

  const update = (change: Partial<SettingsDraft>) => {
    setDraft((current) => ({ ...current, ...change }));
    setStatus("idle");
  };

  /** The message for the field `param` (or any of its parts, such as `allowed_origins.2`). */
  const errorFor = (param: string, exact = false): string | null => {
    if (!problem?.param) return null;
    const matches = exact
      ? problem.param === param
      : problem.param === param || problem.param.startsWith(`${param}.`);
    return matches ? fieldMessage(problem.message) : null;
  };
  const errorId = (param: string) => `${formId}-${param.replaceAll(".", "-")}-error`;
  const describedBy = (param: string, hint?: string, exact = false) =>
    [hint, errorFor(param, exact) ? errorId(param) : undefined].filter(Boolean).join(" ") ||
    undefined;

  const save = async () => {
    setProblem(null);
    const result = changesOf(saved, draft, tokenOrder);
    if ("problem" in result) {
      setProblem(result.problem);
      setStatus("idle");
      return;
    }
    if (Object.keys(result.changes).length === 0) {
      setStatus("unchanged");
      return;
    }
    setStatus("saving");
    try {
      const { merchant } = await dashboardFetch<{ merchant: SavedSettings }>(
        "/api/dashboard/settings",
        { body: result.changes },
      );
      setSaved(merchant);
      setDraft(draftOf(merchant, chainIds));
      setStatus("saved");
      // The header shows the store's name.
      if (result.changes.name !== undefined) router.refresh();
    } catch (caught) {
      setProblem(
        caught instanceof DashboardApiError
          ? { param: caught.param, message: caught.message }
          : { param: null, message: "The settings could not be saved; try again." },
      );
      setStatus("idle");
    }
  };

  const logoIsUpload = draft.logoUrl?.startsWith("data:") ?? false;
  const problemLabel = problem ? labelOf(problem.param) : undefined;

  return (
    <form
      ref={formRef}
      aria-label="Store settings"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
      className="space-y-6"
    >
      {!canEdit && (
        <p className="rounded-xl bg-amber-50 px-4 py-3 text-sm text-amber-950 ring-1 ring-amber-200 dark:bg-amber-400/10 dark:text-amber-100 dark:ring-amber-400/30">
          You are a member of this store: only an owner can change its settings.
        </p>
      )}
      <fieldset disabled={!canEdit || status === "saving"} className="min-w-0 space-y-6">
        <legend className="sr-only">Store settings</legend>
        <Card title="Store" description="What shoppers see on the checkout page.">
          <div>
            <label htmlFor={`${formId}-name`} className="block text-sm font-medium">
              Store name
            </label>
            <input
              id={`${formId}-name`}
              value={draft.name}
              maxLength={100}
              onChange={(event) => update({ name: event.target.value })}
              aria-invalid={Boolean(errorFor("name"))}
              aria-describedby={describedBy("name")}
              className={inputClass}
            />
            <FieldError id={errorId("name")} message={errorFor("name")} />
          </div>

          <div>
            <p className="text-sm font-medium" id={`${formId}-logo-label`}>
              Logo
            </p>
            <div className="mt-2 flex items-center gap-4">
              <div className="flex size-14 shrink-0 items-center justify-center overflow-hidden rounded-xl bg-slate-100 ring-1 ring-slate-200 dark:bg-slate-800 dark:ring-slate-700">
                {draft.logoUrl ? (
                  // The merchant's own image (https or data:), as the checkout shows it.
                  // biome-ignore lint/performance/noImgElement: see above.
                  <img
                    src={draft.logoUrl}
                    alt="Logo preview"
                    className="size-10 rounded-lg object-contain"
                  />
                ) : (
                  <span className="text-xs text-slate-600 dark:text-slate-400">None</span>
                )}
              </div>
              <div className="flex flex-wrap items-center gap-2">
                <label
                  className={`${secondaryButton} cursor-pointer focus-within:ring-2 focus-within:ring-indigo-500 has-[:disabled]:cursor-not-allowed has-[:disabled]:opacity-60`}
                >
                  Upload image
                  <input
                    type="file"
                    accept="image/png,image/jpeg,image/gif,image/webp,image/svg+xml"
                    className="sr-only"
                    aria-describedby={`${formId}-logo-hint`}
                    onChange={async (event) => {
                      const file = event.target.files?.[0];
                      event.target.value = "";
                      if (!file) return;
                      setLogoProblem(null);
                      try {
                        update({ logoUrl: await logoDataUri(file) });
                      } catch (caught) {
                        setLogoProblem(
                          caught instanceof LogoImageError
                            ? caught.message
                            : "This image could not be used.",
                        );
                      }
                    }}
                  />
                </label>
                {draft.logoUrl && (
                  <button
                    type="button"
                    className={secondaryButton}
                    onClick={() => {
                      setLogoProblem(null);
                      update({ logoUrl: null });
                    }}
                  >
                    Remove logo
                  </button>
                )}
              </div>
            </div>
            <label htmlFor={`${formId}-logo-url`} className="mt-3 block text-sm font-medium">
              Logo URL
            </label>
            <input
              id={`${formId}-logo-url`}
              type="url"
              inputMode="url"
              placeholder={
                logoIsUpload ? "Uploaded image" : canEdit ? "https://shop.example/logo.png" : ""
              }
              value={logoIsUpload ? "" : (draft.logoUrl ?? "")}
              onChange={(event) => update({ logoUrl: event.target.value || null })}
              aria-invalid={Boolean(errorFor("logo_url"))}
              aria-describedby={describedBy("logo_url", `${formId}-logo-hint`)}
              className={inputClass}
            />
            <p id={`${formId}-logo-hint`} className={hintClass}>
              An https URL, or upload a PNG, JPEG, GIF, WebP or SVG image (scaled down to 128 px; at
              most 40 KB once scaled).
            </p>
            <FieldError id={`${formId}-logo-file-error`} message={logoProblem} />
            <FieldError id={errorId("logo_url")} message={errorFor("logo_url")} />
          </div>
        </Card>

        <Card
          title="Payments"
          description="Where payments go, and which tokens shoppers may pay with."
        >
          <div>
            <label htmlFor={`${formId}-settlement`} className="block text-sm font-medium">
              Settlement address
            </label>
            <AddressInput
              id={`${formId}-settlement`}
              value={draft.settlementAddress}
              onValueChange={(settlementAddress) => update({ settlementAddress })}
              aria-invalid={Boolean(errorFor("settlement_address"))}
              aria-describedby={describedBy("settlement_address", `${formId}-settlement-hint`)}
              className={inputClass}
            />
            <p id={`${formId}-settlement-hint`} className={hintClass}>
              Every payment goes to this address unless its chain has its own below.
            </p>
            <FieldError
              id={errorId("settlement_address")}
              message={errorFor("settlement_address")}
            />
          </div>

          <fieldset className="min-w-0">
            <legend className="text-sm font-medium">Settlement address per chain</legend>
            <p className={hintClass}>Empty: the settlement address above.</p>
            <div className="mt-2 space-y-3">
              {chains.map((chain) => {
                const param = `settlement_overrides.${chain.id}`;
                return (
                  <div key={chain.id}>
                    <label
                      htmlFor={`${formId}-override-${chain.id}`}
                      className="block text-sm text-slate-700 dark:text-slate-300"
                    >
                      {chain.name}{" "}
                      <span className="text-slate-600 dark:text-slate-400">(chain {chain.id})</span>
                    </label>
                    <AddressInput
                      id={`${formId}-override-${chain.id}`}
                      value={draft.overrides[String(chain.id)] ?? ""}
                      placeholder={canEdit ? "Same as the settlement address" : undefined}
                      onValueChange={(address) =>
                        update({ overrides: { ...draft.overrides, [String(chain.id)]: address } })
                      }
                      aria-invalid={Boolean(errorFor(param))}
                      aria-describedby={describedBy(param)}
                      className={inputClass}
                    />
                    <FieldError id={errorId(param)} message={errorFor(param)} />
                  </div>
                );
              })}
            </div>
            <FieldError
              id={errorId("settlement_overrides")}
              message={errorFor("settlement_overrides", true)}
            />
          </fieldset>

          <fieldset className="min-w-0" aria-describedby={describedBy("accepted_tokens")}>
            <legend className="text-sm font-medium">Accepted tokens</legend>
            <label className="mt-2 flex items-start gap-2 text-sm">
              <input
                type="checkbox"
                checked={draft.acceptAll}
                onChange={(event) =>
                  update({
                    acceptAll: event.target.checked,
                    // Unticking "every token" starts from every token ticked.
                    accepted:
                      !event.target.checked && draft.accepted.length === 0
                        ? tokenOrder
                        : draft.accepted,
                  })
                }
                className="mt-0.5 size-4 accent-indigo-600"
              />
              <span>
                Every token on every chain this deployment offers
                <span className="block text-xs text-slate-600 dark:text-slate-400">
                  Including tokens added to the deployment later.
                </span>
              </span>
            </label>
            {!draft.acceptAll && (
              <div className="mt-3 grid gap-3 sm:grid-cols-2">
                {chains.map((chain) => (
                  <fieldset
                    key={chain.id}
                    className="rounded-xl p-3 ring-1 ring-slate-200 dark:ring-slate-700"
                  >
                    <legend className="px-1 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">
                      {chain.name}
                    </legend>
                    <div className="space-y-1.5">
                      {chain.tokens.map((token) => {
                        const key = tokenKey(chain.id, token.symbol);
                        return (
                          <label key={key} className="flex items-center gap-2 text-sm">
                            <input
                              type="checkbox"
                              checked={draft.accepted.includes(key)}
                              onChange={(event) =>
                                update({
                                  accepted: event.target.checked
                                    ? [...draft.accepted, key]
                                    : draft.accepted.filter((candidate) => candidate !== key),
                                })
                              }
                              className="size-4 accent-indigo-600"
                              aria-label={`${token.symbol} on ${chain.name}`}
                            />
                            <span aria-hidden="true">
                              <span className="font-medium">{token.symbol}</span>{" "}
                              <span className="text-slate-600 dark:text-slate-400">
                                {token.name}
                              </span>
                            </span>
                          </label>
                        );
                      })}
                    </div>
                  </fieldset>
                ))}
              </div>
            )}
            <FieldError id={errorId("accepted_tokens")} message={errorFor("accepted_tokens")} />
          </fieldset>
        </Card>

        <Card
          title="Checkout"
          description="How new invoices behave, and where the checkout may be embedded."
        >
          <div>
            <label htmlFor={`${formId}-expiry`} className="block text-sm font-medium">
              Default expiry for new invoices
            </label>
            <div className="mt-1 flex gap-2">
              <input
                id={`${formId}-expiry`}
                inputMode="numeric"
                placeholder={canEdit ? "30 (default)" : "Default"}
                value={draft.expiryAmount}
                onChange={(event) => update({ expiryAmount: event.target.value })}
                aria-invalid={Boolean(errorFor("default_expires_in"))}
                aria-describedby={describedBy("default_expires_in", `${formId}-expiry-hint`)}
                className={`${fieldClass} w-36`}
              />
              <select
                aria-label="Unit of the default expiry"
                value={draft.expiryUnit}
                onChange={(event) => update({ expiryUnit: event.target.value as ExpiryUnit })}
                className="rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm disabled:bg-slate-100 dark:border-slate-700 dark:bg-slate-950 dark:disabled:bg-slate-900"
              >
                {EXPIRY_UNITS.map((unit) => (
                  <option key={unit.unit} value={unit.unit}>
                    {unit.label}
                  </option>
                ))}
              </select>
            </div>
            <p id={`${formId}-expiry-hint`} className={hintClass}>
              How long a new invoice stays payable when the request does not say: 1 minute to 7
              days. Empty: 30 minutes.
            </p>
            <FieldError
              id={errorId("default_expires_in")}
              message={errorFor("default_expires_in")}
            />
          </div>

          <div>
            <label htmlFor={`${formId}-tolerance`} className="block text-sm font-medium">
              Underpayment tolerance
            </label>
            <div className="mt-1 flex items-center gap-2">
              <input
                id={`${formId}-tolerance`}
                inputMode="decimal"
                value={draft.tolerancePercent}
                onChange={(event) => update({ tolerancePercent: event.target.value })}
                aria-invalid={Boolean(errorFor("underpayment_tolerance_bps"))}
                aria-describedby={describedBy(
                  "underpayment_tolerance_bps",
                  `${formId}-tolerance-hint`,
                )}
                className={`${fieldClass} w-28`}
              />
              <span className="text-sm text-slate-700 dark:text-slate-300">%</span>
            </div>
            <p id={`${formId}-tolerance-hint`} className={hintClass}>
              0 to 5%, up to two decimals. A new invoice counts as paid when at most this share of
              its amount is missing (network fees, rounding). Invoices keep the tolerance they were
              created with.
            </p>
            <FieldError
              id={errorId("underpayment_tolerance_bps")}
              message={errorFor("underpayment_tolerance_bps")}
            />
          </div>

          <fieldset className="min-w-0">
            <legend className="text-sm font-medium">Allowed embed origins</legend>
            <p className={hintClass}>
              Sites that may show the checkout in a frame (embed.js), such as https://shop.example.
              http only for localhost.
            </p>
            <ul className="mt-2 space-y-2">
              {draft.origins.map((origin, index) => {
                const param = `allowed_origins.${index}`;
                return (
                  // Rows have no identity but their place in the list.
                  // biome-ignore lint/suspicious/noArrayIndexKey: see above.
                  <li key={index}>
                    <div className="flex gap-2">
                      <input
                        aria-label={`Allowed origin ${index + 1}`}
                        value={origin}
                        type="url"
                        inputMode="url"
                        placeholder="https://shop.example"
                        spellCheck={false}
                        onChange={(event) =>
                          update({
                            origins: draft.origins.map((value, at) =>
                              at === index ? event.target.value : value,
                            ),
                          })
                        }
                        aria-invalid={Boolean(errorFor(param))}
                        aria-describedby={describedBy(param)}
                        className={`${fieldClass} w-full min-w-0`}
                      />
                      <button
                        type="button"
                        className={secondaryButton}
                        aria-label={`Remove allowed origin ${index + 1}`}
                        onClick={() =>
                          update({ origins: draft.origins.filter((_, at) => at !== index) })
                        }
                      >
                        Remove
                      </button>
                    </div>
                    <FieldError id={errorId(param)} message={errorFor(param)} />
                  </li>
                );
              })}
            </ul>
            {draft.origins.length === 0 && (
              <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">
                None: only this app frames the checkout.
              </p>
            )}
            <button
              type="button"
              className={`${secondaryButton} mt-3`}
              disabled={draft.origins.length >= MAX_ORIGINS}
              onClick={() => update({ origins: [...draft.origins, ""] })}
            >
              Add origin
            </button>
            <FieldError
              id={errorId("allowed_origins")}
              message={errorFor("allowed_origins", true)}
            />
          </fieldset>
        </Card>
      </fieldset>

      {canEdit && (
        <div className="flex flex-wrap items-center justify-end gap-3">
          <p role="status" className="mr-auto text-sm text-slate-700 dark:text-slate-300">
            {status === "saved" && "Settings saved. New invoices use them."}
            {status === "unchanged" && "Nothing to save: no setting changed."}
          </p>
          <button
            type="submit"
            disabled={status === "saving"}
            className="rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60"
          >
            {status === "saving" ? "Saving…" : "Save settings"}
          </button>
        </div>
      )}
      {problem && (
        <p
          role="alert"
          tabIndex={-1}
          className="rounded-xl bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200 dark:bg-red-500/10 dark:text-red-200 dark:ring-red-500/30"
        >
          Not saved. {problemLabel ? `${problemLabel}: ` : ""}
          {problemLabel ? fieldMessage(problem.message) : problem.message}
        </p>
      )}
    </form>
  );
}

export function Card({
  title,
  description,
  children,
}: {
  title: string;
  description?: string;
  children: ReactNode;
}) {
  return (
    <section className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-6 dark:bg-slate-900 dark:ring-slate-800">
      <h2 className="text-base font-semibold">{title}</h2>
      {description && (
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{description}</p>
      )}
      <div className="mt-5 space-y-5">{children}</div>
    </section>
  );
}

function FieldError({ id, message }: { id: string; message: string | null }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-1 text-sm text-red-700 dark:text-red-300">
      {message}
    </p>
  );
}
