"use client";

import { useState } from "react";
import { dashboardFetch } from "@/components/dashboard/api";
import { Button } from "@/components/ui/Button";
import { Card } from "@/components/ui/Card";
import type { ApiWebhookDelivery } from "@/lib/webhooks/deliveries";
import { Badge, formatDate, More } from "./ui";

const STATUS = {
  succeeded: { tone: "green", text: "Succeeded" },
  pending: { tone: "amber", text: "Pending" },
  failed: { tone: "red", text: "Failed" },
} as const;

function responseText(code: number | null, error: string | null): string {
  if (code !== null) return String(code);
  return error ? "No response" : "—";
}

/** An endpoint's deliveries, newest first: status, attempts, response, latency, next try. */
export function DeliveryLog({
  endpointId,
  deliveries,
  onRefresh,
  onResent,
}: {
  endpointId: string;
  deliveries: { data: ApiWebhookDelivery[]; has_more: boolean };
  onRefresh: () => void;
  onResent: (delivery: ApiWebhookDelivery) => void;
}) {
  const [resending, setResending] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});

  async function resend(delivery: ApiWebhookDelivery) {
    setResending(delivery.id);
    setErrors((current) => ({ ...current, [delivery.id]: "" }));
    try {
      onResent(
        await dashboardFetch<ApiWebhookDelivery>(
          `/api/dashboard/webhook-endpoints/${endpointId}/deliveries/${delivery.id}/redeliver`,
          { method: "POST" },
        ),
      );
    } catch (error) {
      setErrors((current) => ({
        ...current,
        [delivery.id]: error instanceof Error ? error.message : String(error),
      }));
    } finally {
      setResending(null);
    }
  }

  return (
    <Card
      title="Delivery log"
      description="Each event sent to this endpoint. Failed deliveries are retried for about 3 days."
      actions={
        <Button small onClick={onRefresh}>
          Refresh
        </Button>
      }
    >
      {deliveries.data.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Nothing sent yet. Send a test event to try the endpoint.
        </p>
      ) : (
        <ul
          data-testid="delivery-log"
          className="-mx-4 -mb-4 divide-y divide-slate-200 border-t border-slate-200 sm:-mx-6 sm:-mb-6 dark:divide-slate-800 dark:border-slate-800"
        >
          {deliveries.data.map((delivery) => {
            const status = STATUS[delivery.status];
            return (
              <li
                key={delivery.id}
                data-testid="delivery-row"
                data-delivery-id={delivery.id}
                data-status={delivery.status}
                className="px-4 py-3 sm:px-6"
              >
                <div className="flex flex-col gap-2 sm:flex-row sm:items-start">
                  <div className="min-w-0 flex-1">
                    <div className="flex flex-wrap items-center gap-2">
                      <span className="font-mono text-sm font-medium">{delivery.event_type}</span>
                      <Badge tone={status.tone}>{status.text}</Badge>
                    </div>
                    <dl className="mt-1 grid grid-cols-2 gap-x-4 gap-y-0.5 text-xs text-slate-700 sm:flex sm:flex-wrap dark:text-slate-300">
                      <div className="flex gap-1">
                        <dt className="text-slate-600 dark:text-slate-400">Response</dt>
                        <dd data-testid="delivery-response">
                          {responseText(delivery.last_status_code, delivery.last_error)}
                        </dd>
                      </div>
                      <div className="flex gap-1">
                        <dt className="text-slate-600 dark:text-slate-400">Attempts</dt>
                        <dd data-testid="delivery-attempts">{delivery.attempts}</dd>
                      </div>
                      <div className="flex gap-1">
                        <dt className="text-slate-600 dark:text-slate-400">Latency</dt>
                        <dd>
                          {delivery.last_latency_ms === null
                            ? "—"
                            : `${delivery.last_latency_ms} ms`}
                        </dd>
                      </div>
                      {delivery.next_attempt_at && (
                        <div className="col-span-2 flex gap-1">
                          <dt className="text-slate-600 dark:text-slate-400">Next attempt</dt>
                          <dd>{formatDate(delivery.next_attempt_at)}</dd>
                        </div>
                      )}
                      <div className="col-span-2 flex gap-1">
                        <dt className="text-slate-600 dark:text-slate-400">Created</dt>
                        <dd>{formatDate(delivery.created_at)}</dd>
                      </div>
                    </dl>
                    {delivery.last_error && (
                      <p className="mt-1 text-xs break-words text-red-700 dark:text-red-300">
                        {delivery.last_error}
                      </p>
                    )}
                  </div>
                  <Button
                    small
                    className="self-start"
                    disabled={resending !== null}
                    onClick={() => void resend(delivery)}
                  >
                    {resending === delivery.id ? "Resending…" : "Resend"}
                    <More>
                      {delivery.event_type} delivery {delivery.id}
                    </More>
                  </Button>
                </div>
                {errors[delivery.id] && (
                  <p role="alert" className="mt-1 text-xs text-red-700 dark:text-red-300">
                    {errors[delivery.id]}
                  </p>
                )}
                {delivery.attempt_history.length > 0 && (
                  <details className="mt-2 text-xs">
                    <summary className="cursor-pointer font-medium text-indigo-700 dark:text-indigo-300">
                      {delivery.attempt_history.length === 1
                        ? "1 attempt"
                        : `${delivery.attempt_history.length} attempts`}
                    </summary>
                    <section
                      className="mt-2 overflow-x-auto"
                      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
                      tabIndex={0}
                      aria-label={`Attempts of delivery ${delivery.id}`}
                    >
                      <table className="w-full min-w-[28rem] text-left">
                        <caption className="sr-only">Attempts of delivery {delivery.id}</caption>
                        <thead className="text-slate-600 dark:text-slate-400">
                          <tr>
                            <th scope="col" className="py-1 pr-3 font-medium">
                              #
                            </th>
                            <th scope="col" className="py-1 pr-3 font-medium">
                              Sent
                            </th>
                            <th scope="col" className="py-1 pr-3 font-medium">
                              Response
                            </th>
                            <th scope="col" className="py-1 pr-3 font-medium">
                              Latency
                            </th>
                            <th scope="col" className="py-1 font-medium">
                              Error
                            </th>
                          </tr>
                        </thead>
                        <tbody>
                          {delivery.attempt_history.map((attempt) => (
                            <tr
                              key={attempt.attempt}
                              className="border-t border-slate-100 dark:border-slate-800"
                            >
                              <td className="py-1 pr-3">{attempt.attempt}</td>
                              <td className="py-1 pr-3 whitespace-nowrap">
                                {formatDate(attempt.started_at)}
                              </td>
                              <td className="py-1 pr-3">{attempt.status_code ?? "—"}</td>
                              <td className="py-1 pr-3">{attempt.latency_ms} ms</td>
                              <td className="py-1 break-words">{attempt.error ?? ""}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </section>
                  </details>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {deliveries.has_more && (
        <p className="mt-3 text-xs text-slate-600 dark:text-slate-400">
          Showing the latest 50 deliveries; the API lists them all (GET /api/v1/webhook-endpoints/
          {endpointId}/deliveries).
        </p>
      )}
    </Card>
  );
}
