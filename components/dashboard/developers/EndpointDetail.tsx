"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { dashboardFetch } from "@/components/dashboard/api";
import { Button } from "@/components/ui/Button";
import { Card } from "@/components/ui/Card";
import type { ApiWebhookDelivery } from "@/lib/webhooks/deliveries";
import type { ApiWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { DeliveryLog } from "./DeliveryLog";
import { EndpointEditForm } from "./EndpointEditForm";
import { Badge, FormError, formatDate, SecretOnce } from "./ui";

type DeliveryList = { data: ApiWebhookDelivery[]; has_more: boolean };

/** One endpoint: send a test event, pause or resume it, rotate its secret, delete it, and its log. */
export function EndpointDetail({
  initial,
  initialDeliveries,
}: {
  initial: ApiWebhookEndpoint;
  initialDeliveries: DeliveryList;
}) {
  const router = useRouter();
  const [endpoint, setEndpoint] = useState(initial);
  const [deliveries, setDeliveries] = useState(initialDeliveries);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<"rotate" | "delete" | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const base = `/api/dashboard/webhook-endpoints/${endpoint.id}`;

  const refresh = useCallback(async () => {
    setDeliveries(await dashboardFetch<DeliveryList>(`${base}/deliveries?limit=50`));
  }, [base]);

  // While a delivery is pending, look again every second (the sender works within a second).
  const polls = useRef(0);
  useEffect(() => {
    const pending = deliveries.data.some((delivery) => delivery.status === "pending");
    if (!pending || polls.current >= 20) return;
    const timer = setTimeout(() => {
      polls.current += 1;
      void refresh().catch(() => {});
    }, 1000);
    return () => clearTimeout(timer);
  }, [deliveries, refresh]);

  async function run(name: string, action: () => Promise<void>) {
    setBusy(name);
    setError(null);
    setNotice(null);
    try {
      await action();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="space-y-6">
      <div>
        <Link
          href="/dashboard/developers"
          className="text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-300"
        >
          ← Developers
        </Link>
        <h1 className="mt-2 break-all font-mono text-lg font-semibold sm:text-xl">
          {endpoint.url}
        </h1>
        <div className="mt-2 flex flex-wrap items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
          {endpoint.enabled ? (
            <Badge tone="green">Enabled</Badge>
          ) : (
            <Badge tone="slate">Disabled</Badge>
          )}
          {endpoint.flagged_at && (
            <Badge tone="red">Failing since {formatDate(endpoint.flagged_at)}</Badge>
          )}
          <span>
            {endpoint.enabled_events.includes("*")
              ? "All events"
              : endpoint.enabled_events.join(", ")}
          </span>
        </div>
        {endpoint.description && (
          <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">{endpoint.description}</p>
        )}
      </div>

      <Card title="Endpoint">
        {secret && (
          <div className="mb-4">
            <SecretOnce
              title="The new signing secret"
              secret={secret}
              testId="new-webhook-secret"
              onDone={() => setSecret(null)}
            />
            <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
              For 24 hours deliveries are signed with both the old and the new secret, so you can
              deploy the new one without missing a delivery.
            </p>
          </div>
        )}
        {notice && (
          <p role="status" className="mb-3 text-sm text-emerald-800 dark:text-emerald-300">
            {notice}
          </p>
        )}
        <div className="flex flex-wrap gap-2">
          <Button
            variant="primary"
            disabled={busy !== null || !endpoint.enabled}
            onClick={() =>
              run("test", async () => {
                await dashboardFetch(`${base}/test`, { method: "POST" });
                polls.current = 0;
                await refresh();
                setNotice("Test event queued: it is delivered within a second.");
              })
            }
          >
            Send test event
          </Button>
          <Button
            disabled={busy !== null}
            onClick={() =>
              run("toggle", async () => {
                setEndpoint(
                  await dashboardFetch<ApiWebhookEndpoint>(base, {
                    body: { enabled: !endpoint.enabled },
                  }),
                );
              })
            }
          >
            {endpoint.enabled ? "Disable" : "Enable"}
          </Button>
          <Button disabled={busy !== null} onClick={() => setConfirm("rotate")}>
            Rotate secret
          </Button>
          <Button variant="danger" disabled={busy !== null} onClick={() => setConfirm("delete")}>
            Delete
          </Button>
        </div>
        {!endpoint.enabled && (
          <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
            Disabled: nothing is sent to it until you enable it again.
          </p>
        )}
        {confirm && (
          <div
            role="alertdialog"
            aria-labelledby="endpoint-confirm"
            className="mt-4 rounded-lg bg-red-50 p-3 dark:bg-red-500/10"
          >
            <p id="endpoint-confirm" className="text-sm text-red-900 dark:text-red-100">
              {confirm === "rotate"
                ? "Make a new signing secret? The old one keeps working for 24 hours."
                : "Delete this endpoint? Nothing more is sent to it; its delivery log is kept."}
            </p>
            <div className="mt-2 flex gap-2">
              <Button
                key={confirm}
                focusOnMount
                small
                variant="danger"
                disabled={busy !== null}
                onClick={() =>
                  confirm === "rotate"
                    ? run("rotate", async () => {
                        const rotated = await dashboardFetch<
                          ApiWebhookEndpoint & { secret: string }
                        >(`${base}/rotate-secret`, { method: "POST" });
                        const { secret: signing, ...rest } = rotated;
                        setEndpoint(rest);
                        setSecret(signing);
                        setConfirm(null);
                      })
                    : run("delete", async () => {
                        await dashboardFetch(base, { method: "DELETE" });
                        router.push("/dashboard/developers");
                        router.refresh();
                      })
                }
              >
                {confirm === "rotate" ? "Yes, rotate the secret" : "Yes, delete it"}
              </Button>
              <Button small onClick={() => setConfirm(null)}>
                Cancel
              </Button>
            </div>
          </div>
        )}
        <div className="mt-3">
          <FormError message={error} />
        </div>
      </Card>

      <DeliveryLog
        endpointId={endpoint.id}
        deliveries={deliveries}
        onRefresh={() => run("refresh", refresh)}
        onResent={(delivery) =>
          setDeliveries((current) => ({
            ...current,
            data: current.data.map((entry) => (entry.id === delivery.id ? delivery : entry)),
          }))
        }
      />

      <Card title="Settings">
        <EndpointEditForm endpoint={endpoint} onSaved={setEndpoint} />
      </Card>
    </div>
  );
}
