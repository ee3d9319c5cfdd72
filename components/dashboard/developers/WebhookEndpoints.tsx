"use client";

import Link from "next/link";
import { useId, useState } from "react";
import { DashboardApiError, dashboardFetch } from "@/components/dashboard/api";
import { Button } from "@/components/ui/Button";
import { Card } from "@/components/ui/Card";
import type { ApiWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { EventPicker } from "./EventPicker";
import { Badge, Field, FormError, formatDate, inputClass, More, SecretOnce } from "./ui";

type Errors = Partial<Record<"url" | "enabled_events" | "description", string>>;

/** Webhook endpoints: the list, and a form to add one (its signing secret shown once). */
export function WebhookEndpoints({
  initial,
  livemode,
}: {
  initial: ApiWebhookEndpoint[];
  livemode: boolean;
}) {
  const id = useId();
  const [endpoints, setEndpoints] = useState(initial);
  const [adding, setAdding] = useState(false);
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<string[]>(["*"]);
  const [description, setDescription] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);

  async function create(event: React.FormEvent) {
    event.preventDefault();
    setErrors({});
    setFormError(null);
    setBusy(true);
    try {
      const { secret: signing, ...endpoint } = await dashboardFetch<
        ApiWebhookEndpoint & { secret: string }
      >("/api/dashboard/webhook-endpoints", {
        body: {
          url: url.trim(),
          enabled_events: events,
          ...(description.trim() ? { description: description.trim() } : {}),
        },
      });
      setEndpoints((current) => [endpoint, ...current]);
      setSecret(signing);
      setAdding(false);
      setUrl("");
      setDescription("");
      setEvents(["*"]);
    } catch (error) {
      const param = error instanceof DashboardApiError ? error.param?.split(".")[0] : undefined;
      if (param === "url" || param === "enabled_events" || param === "description") {
        setErrors({ [param]: (error as Error).message });
      } else setFormError(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card
      title="Webhook endpoints"
      description="Your server gets a signed POST (Standard Webhooks) when an invoice changes: paid, expired, and more."
      actions={
        !adding && (
          <Button variant="primary" onClick={() => setAdding(true)}>
            Add endpoint
          </Button>
        )
      }
    >
      {secret && (
        <div className="mb-5">
          <SecretOnce
            title="Your endpoint's signing secret"
            secret={secret}
            testId="new-webhook-secret"
            onDone={() => setSecret(null)}
          />
        </div>
      )}
      {adding && (
        <form
          onSubmit={create}
          noValidate
          aria-label="Add a webhook endpoint"
          className="mb-5 space-y-4 rounded-xl bg-slate-50 p-4 ring-1 ring-slate-200 dark:bg-slate-950/40 dark:ring-slate-800"
        >
          <Field
            id={`${id}-url`}
            label="Endpoint URL"
            error={errors.url}
            hint={
              livemode
                ? "An https URL on a public address."
                : "https, or http://127.0.0.1 while you develop (test mode)."
            }
          >
            {(props) => (
              <input
                {...props}
                type="url"
                inputMode="url"
                value={url}
                onChange={(event) => setUrl(event.target.value)}
                placeholder="https://shop.example/webhooks/checkout"
                className={inputClass}
              />
            )}
          </Field>
          <EventPicker
            id={`${id}-events`}
            value={events}
            onChange={setEvents}
            error={errors.enabled_events}
          />
          <Field id={`${id}-description`} label="Description (optional)" error={errors.description}>
            {(props) => (
              <input
                {...props}
                value={description}
                maxLength={500}
                onChange={(event) => setDescription(event.target.value)}
                className={inputClass}
              />
            )}
          </Field>
          <FormError message={formError} />
          <div className="flex gap-2">
            <Button type="submit" variant="primary" disabled={busy}>
              {busy ? "Adding…" : "Add endpoint"}
            </Button>
            <Button onClick={() => setAdding(false)} disabled={busy}>
              Cancel
            </Button>
          </div>
        </form>
      )}
      {endpoints.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No webhook endpoints yet.</p>
      ) : (
        <ul className="-mx-4 -mb-4 divide-y divide-slate-200 border-t border-slate-200 sm:-mx-6 sm:-mb-6 dark:divide-slate-800 dark:border-slate-800">
          {endpoints.map((endpoint) => (
            <li
              key={endpoint.id}
              data-testid="endpoint-row"
              className="flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-center sm:px-6"
            >
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-center gap-2">
                  <Link
                    href={`/dashboard/developers/webhooks/${endpoint.id}`}
                    className="break-all font-mono text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-300"
                  >
                    {endpoint.url}
                  </Link>
                  {endpoint.enabled ? (
                    <Badge tone="green">Enabled</Badge>
                  ) : (
                    <Badge tone="slate">Disabled</Badge>
                  )}
                  {endpoint.flagged_at && <Badge tone="red">Failing</Badge>}
                </div>
                <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
                  {endpoint.description ? `${endpoint.description} · ` : ""}
                  {endpoint.enabled_events.includes("*")
                    ? "All events"
                    : endpoint.enabled_events.join(", ")}{" "}
                  · Created {formatDate(endpoint.created_at)}
                </p>
              </div>
              <Link
                href={`/dashboard/developers/webhooks/${endpoint.id}`}
                className="inline-flex items-center self-start rounded-lg px-2.5 py-1 text-xs font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50 sm:self-auto dark:text-slate-100 dark:ring-slate-700 dark:hover:bg-slate-800"
              >
                Deliveries &amp; settings
                <More>of {endpoint.url}</More>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
