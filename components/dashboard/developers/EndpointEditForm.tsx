"use client";

import { useId, useState } from "react";
import { DashboardApiError, dashboardFetch } from "@/components/dashboard/api";
import { Button } from "@/components/ui/Button";
import type { ApiWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { EventPicker } from "./EventPicker";
import { Field, FormError, inputClass } from "./ui";

type Errors = Partial<Record<"url" | "enabled_events" | "description", string>>;

/** Change where an endpoint points, which events it gets, and its description. */
export function EndpointEditForm({
  endpoint,
  onSaved,
}: {
  endpoint: ApiWebhookEndpoint;
  onSaved: (endpoint: ApiWebhookEndpoint) => void;
}) {
  const id = useId();
  const [url, setUrl] = useState(endpoint.url);
  const [events, setEvents] = useState(endpoint.enabled_events);
  const [description, setDescription] = useState(endpoint.description ?? "");
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setErrors({});
    setFormError(null);
    setSaved(false);
    setBusy(true);
    try {
      onSaved(
        await dashboardFetch<ApiWebhookEndpoint>(
          `/api/dashboard/webhook-endpoints/${endpoint.id}`,
          {
            body: {
              url: url.trim(),
              enabled_events: events,
              description: description.trim() || null,
            },
          },
        ),
      );
      setSaved(true);
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
    <form onSubmit={save} noValidate aria-label="Edit the endpoint" className="space-y-4">
      <Field id={`${id}-url`} label="Endpoint URL" error={errors.url}>
        {(props) => (
          <input
            {...props}
            type="url"
            inputMode="url"
            value={url}
            onChange={(event) => setUrl(event.target.value)}
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
      {saved && (
        <p role="status" className="text-sm text-emerald-800 dark:text-emerald-300">
          Saved.
        </p>
      )}
      <Button type="submit" variant="primary" disabled={busy}>
        {busy ? "Saving…" : "Save changes"}
      </Button>
    </form>
  );
}
