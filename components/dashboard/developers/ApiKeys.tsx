"use client";

import { useId, useState } from "react";
import { DashboardApiError, dashboardFetch } from "@/components/dashboard/api";
import { Button } from "@/components/ui/Button";
import { Card } from "@/components/ui/Card";
import type { ApiKeyView } from "@/lib/merchants/apiKeys";
import { Badge, Field, FormError, formatDate, inputClass, More, SecretOnce } from "./ui";

type Mode = "test" | "live";

/** API keys: create one (its secret shown once), see when each was last used, revoke. */
export function ApiKeys({ initial, modes }: { initial: ApiKeyView[]; modes: Mode[] }) {
  const id = useId();
  const [keys, setKeys] = useState(initial);
  const [label, setLabel] = useState("");
  const [mode, setMode] = useState<Mode>(modes.includes("live") ? "live" : "test");
  const [errors, setErrors] = useState<{ label?: string; mode?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [revokeError, setRevokeError] = useState<string | null>(null);

  async function create(event: React.FormEvent) {
    event.preventDefault();
    setErrors({});
    setFormError(null);
    setBusy(true);
    try {
      const created = await dashboardFetch<ApiKeyView & { secret: string }>(
        "/api/dashboard/api-keys",
        {
          body: { label, mode },
        },
      );
      const { secret: key, ...view } = created;
      setKeys((current) => [...current, view]);
      setSecret(key);
      setLabel("");
    } catch (error) {
      if (
        error instanceof DashboardApiError &&
        (error.param === "label" || error.param === "mode")
      ) {
        setErrors({ [error.param]: error.message });
      } else setFormError(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  }

  async function revoke(keyId: string) {
    setRevokeError(null);
    try {
      const revoked = await dashboardFetch<ApiKeyView>(`/api/dashboard/api-keys/${keyId}/revoke`, {
        method: "POST",
      });
      setKeys((current) => current.map((key) => (key.id === keyId ? revoked : key)));
      setConfirming(null);
    } catch (error) {
      setRevokeError(error instanceof Error ? error.message : String(error));
    }
  }

  return (
    <Card
      title="API keys"
      description={
        <>
          Your server sends a key as <code className="font-mono">Authorization: Bearer sk_…</code>{" "}
          to create invoices and payment links. Keys are stored hashed; a revoked key stops working
          at once.
        </>
      }
    >
      {secret && (
        <div className="mb-5">
          <SecretOnce
            title="Your new API key"
            secret={secret}
            testId="new-api-key"
            onDone={() => setSecret(null)}
          />
        </div>
      )}
      {keys.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No API keys yet.</p>
      ) : (
        <ul className="-mx-4 divide-y divide-slate-200 border-y border-slate-200 sm:-mx-6 dark:divide-slate-800 dark:border-slate-800">
          {keys.map((key) => {
            const name = key.label ?? key.prefix;
            return (
              <li
                key={key.id}
                data-testid="api-key-row"
                data-key-id={key.id}
                className="px-4 py-3 sm:px-6"
              >
                <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
                  <div className="min-w-0 flex-1">
                    <div className="flex flex-wrap items-center gap-2">
                      <span className="font-medium">{key.label ?? "Unlabelled key"}</span>
                      <Badge tone={key.mode === "live" ? "indigo" : "amber"}>
                        {key.mode === "live" ? "Live" : "Test"}
                      </Badge>
                      {key.revoked_at && <Badge tone="red">Revoked</Badge>}
                    </div>
                    <p className="mt-1 font-mono text-xs text-slate-700 dark:text-slate-300">
                      {key.prefix}
                    </p>
                    <dl className="mt-1 flex flex-wrap gap-x-4 gap-y-0.5 text-xs text-slate-600 dark:text-slate-400">
                      <div className="flex gap-1">
                        <dt>Created</dt>
                        <dd>{formatDate(key.created_at)}</dd>
                      </div>
                      <div className="flex gap-1">
                        <dt>Last used</dt>
                        <dd>{key.last_used_at ? formatDate(key.last_used_at) : "never"}</dd>
                      </div>
                      {key.revoked_at && (
                        <div className="flex gap-1">
                          <dt>Revoked</dt>
                          <dd>{formatDate(key.revoked_at)}</dd>
                        </div>
                      )}
                    </dl>
                  </div>
                  {!key.revoked_at && confirming !== key.id && (
                    <Button
                      small
                      variant="danger"
                      className="self-start sm:self-auto"
                      onClick={() => setConfirming(key.id)}
                    >
                      Revoke <More>{name}</More>
                    </Button>
                  )}
                </div>
                {confirming === key.id && (
                  <div
                    role="alertdialog"
                    aria-labelledby={`${id}-${key.id}-confirm`}
                    className="mt-3 rounded-lg bg-red-50 p-3 dark:bg-red-500/10"
                  >
                    <p
                      id={`${id}-${key.id}-confirm`}
                      className="text-sm text-red-900 dark:text-red-100"
                    >
                      Revoke “{name}”? Anything using this key gets 401 errors from its next
                      request. This cannot be undone.
                    </p>
                    <FormError message={revokeError} />
                    <div className="mt-2 flex gap-2">
                      <Button
                        focusOnMount
                        small
                        variant="danger"
                        onClick={() => void revoke(key.id)}
                      >
                        Yes, revoke {name}
                      </Button>
                      <Button small onClick={() => setConfirming(null)}>
                        Cancel
                      </Button>
                    </div>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}

      <form onSubmit={create} noValidate className="mt-5 space-y-3" aria-label="Create an API key">
        <h3 className="text-sm font-semibold">Create a key</h3>
        <div className="grid gap-3 sm:grid-cols-[1fr_auto_auto] sm:items-start">
          <Field
            id={`${id}-label`}
            label="Label"
            error={errors.label}
            hint="What uses it, such as “Shop backend”."
          >
            {(props) => (
              <input
                {...props}
                value={label}
                maxLength={100}
                onChange={(event) => setLabel(event.target.value)}
                className={inputClass}
              />
            )}
          </Field>
          {modes.length > 1 ? (
            <Field id={`${id}-mode`} label="Mode" error={errors.mode}>
              {(props) => (
                <select
                  {...props}
                  value={mode}
                  onChange={(event) => setMode(event.target.value as Mode)}
                  className={inputClass}
                >
                  {modes.map((option) => (
                    <option key={option} value={option}>
                      {option === "live" ? "Live" : "Test"}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : (
            <p className="text-xs text-slate-600 sm:mt-7 dark:text-slate-400">
              Test keys only: this deployment has no live chain.
            </p>
          )}
          <Button type="submit" variant="primary" disabled={busy} className="sm:mt-6">
            {busy ? "Creating…" : "Create key"}
          </Button>
        </div>
        <FormError message={formError} />
      </form>
    </Card>
  );
}
