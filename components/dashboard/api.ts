/**
 * fetch for the dashboard's own endpoints: same-origin, JSON, and the session's CSRF token (from
 * the page's `<meta name="csrf-token">`) on every request. Throws the API's error message.
 */
export async function dashboardFetch<T = unknown>(
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  const token = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? "";
  const response = await fetch(path, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    credentials: "same-origin",
    headers: {
      "x-csrf-token": token,
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const json = (await response.json().catch(() => null)) as
    | (T & { error?: { message?: string; param?: string | null } })
    | null;
  if (!response.ok) {
    throw new DashboardApiError(
      json?.error?.message ?? `The server answered ${response.status}.`,
      json?.error?.param ?? null,
      response.status,
    );
  }
  return json as T;
}

export class DashboardApiError extends Error {
  constructor(
    message: string,
    readonly param: string | null,
    readonly status: number,
  ) {
    super(message);
  }
}
