import { type SchemaRow, schemaRows } from "@/lib/api/schemaRows";

type JsonSchema = Record<string, unknown>;
type Operation = {
  tags: string[];
  summary: string;
  description?: string;
  operationId: string;
  security?: unknown[];
  parameters?: JsonSchema[];
  requestBody?: { content: { "application/json": { schema: JsonSchema } } };
  responses: Record<
    string,
    {
      description: string;
      content?: Record<string, { schema: JsonSchema; "x-event-data"?: JsonSchema }>;
    }
  >;
};

const METHOD_COLORS: Record<string, string> = {
  get: "bg-emerald-100 text-emerald-800 dark:bg-emerald-500/15 dark:text-emerald-300",
  post: "bg-indigo-100 text-indigo-800 dark:bg-indigo-500/15 dark:text-indigo-300",
  delete: "bg-red-100 text-red-800 dark:bg-red-500/15 dark:text-red-300",
};

function Fields({ rows }: { rows: SchemaRow[] }) {
  if (rows.length === 0) return null;
  return (
    <div className="mt-2 overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">
          <tr>
            <th className="py-1.5 pr-4 font-medium">Field</th>
            <th className="py-1.5 pr-4 font-medium">Type</th>
            <th className="py-1.5 font-medium">Description</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {rows.map((row) => (
            <tr key={row.name} className="align-top">
              <td className="py-1.5 pr-4 font-mono text-[13px]">
                {row.name}
                {row.required && (
                  <span className="ml-1 text-xs text-red-600 dark:text-red-400">required</span>
                )}
              </td>
              <td className="py-1.5 pr-4 font-mono text-[13px] text-slate-600 dark:text-slate-300">
                {row.type}
              </td>
              <td className="py-1.5 text-slate-700 dark:text-slate-300">{row.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function curlFor(baseUrl: string, method: string, path: string, operation: Operation): string {
  const lines = [
    `curl -s${method === "get" ? "" : ` -X ${method.toUpperCase()}`} ${baseUrl}${path.replace("{id}", "<id>")}`,
  ];
  if (operation.security?.length !== 0) lines.push(`  -H "Authorization: Bearer $API_KEY"`);
  if (operation.requestBody) {
    lines.push(`  -H "Content-Type: application/json"`);
    const example: Record<string, string> = path.includes("payment-links")
      ? { amount: "25.00", currency: "USD", description: "Yoga class" }
      : path.includes("checkout")
        ? { chain_id: "31337", tx_hash: "0x…" }
        : { amount: "12.50", currency: "USD", order_id: "A-100" };
    lines.push(`  -d '${JSON.stringify(example).replace('"31337"', "31337")}'`);
  }
  return lines.join(" \\\n");
}

export function ApiReference({ document }: { document: JsonSchema }) {
  const components = ((document.components as JsonSchema).schemas ?? {}) as Record<
    string,
    JsonSchema
  >;
  const paths = document.paths as Record<string, Record<string, Operation>>;
  const baseUrl = ((document.servers as { url: string }[])[0]?.url ?? "").replace(/\/$/, "");
  const tags = document.tags as { name: string; description: string }[];
  const operations = Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
  );

  return (
    <div className="mx-auto max-w-5xl px-5 py-10 lg:flex lg:gap-10">
      <nav
        aria-label="Endpoints"
        className="mb-8 shrink-0 text-sm lg:sticky lg:top-8 lg:mb-0 lg:w-56 lg:self-start"
      >
        <p className="font-semibold">API reference</p>
        <a
          href="/api/v1/openapi.json"
          className="mt-1 block text-indigo-700 underline underline-offset-2 dark:text-indigo-300"
        >
          openapi.json
        </a>
        {tags.map((tag) => (
          <div key={tag.name} className="mt-4">
            <p className="text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
              {tag.name}
            </p>
            <ul className="mt-1 space-y-1">
              {operations
                .filter(({ operation }) => operation.tags.includes(tag.name))
                .map(({ operation }) => (
                  <li key={operation.operationId}>
                    <a
                      href={`#${operation.operationId}`}
                      className="text-slate-700 hover:underline dark:text-slate-300"
                    >
                      {operation.summary}
                    </a>
                  </li>
                ))}
            </ul>
          </div>
        ))}
      </nav>

      <main className="min-w-0 flex-1">
        <h1 className="text-3xl font-semibold tracking-tight">
          {(document.info as { title: string }).title}
        </h1>
        <p className="mt-3 text-slate-700 dark:text-slate-300">
          {(document.info as { description: string }).description}
        </p>
        <ul className="mt-4 list-disc space-y-1 pl-5 text-sm text-slate-700 dark:text-slate-300">
          <li>
            Errors are{" "}
            <code className="font-mono">{`{ "error": { "type", "code", "message", "param" } }`}</code>{" "}
            with the matching HTTP status; every answer carries{" "}
            <code className="font-mono">x-request-id</code>.
          </li>
          <li>
            Send <code className="font-mono">Idempotency-Key</code> with any POST to retry it safely
            for 24 hours.
          </li>
          <li>
            Lists are newest first: <code className="font-mono">limit</code> (1 to 100) and{" "}
            <code className="font-mono">starting_after</code> page through them;{" "}
            <code className="font-mono">has_more</code> says when to stop.
          </li>
          <li>
            Too many requests per key, or per address on public endpoints, answer 429 with{" "}
            <code className="font-mono">Retry-After</code>.
          </li>
        </ul>

        {operations.map(({ path, method, operation }) => {
          const body = operation.requestBody?.content["application/json"].schema;
          const parameters = (operation.parameters ?? []).filter((parameter) => !parameter.$ref);
          return (
            <section
              key={operation.operationId}
              id={operation.operationId}
              className="mt-12 scroll-mt-8"
            >
              <h2 className="text-xl font-semibold">{operation.summary}</h2>
              <p className="mt-2 flex flex-wrap items-center gap-2 font-mono text-sm">
                <span
                  className={`rounded px-1.5 py-0.5 text-xs font-bold uppercase ${METHOD_COLORS[method] ?? ""}`}
                >
                  {method}
                </span>
                <span className="break-all">{path}</span>
                {operation.security?.length === 0 && (
                  <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">
                    public
                  </span>
                )}
              </p>
              {operation.description && (
                <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">
                  {operation.description}
                </p>
              )}
              {parameters.length > 0 && (
                <>
                  <h3 className="mt-4 text-sm font-semibold">Parameters</h3>
                  <Fields
                    rows={parameters.map((parameter) => ({
                      name: `${String(parameter.name)} (${String(parameter.in)})`,
                      type: String((parameter.schema as JsonSchema).type ?? "string"),
                      required: parameter.required === true,
                      description: String(parameter.description ?? ""),
                    }))}
                  />
                </>
              )}
              {body && (
                <>
                  <h3 className="mt-4 text-sm font-semibold">Body</h3>
                  <Fields rows={schemaRows(body, components)} />
                </>
              )}
              <h3 className="mt-4 text-sm font-semibold">Example</h3>
              <pre className="mt-2 overflow-x-auto rounded-lg bg-slate-900 p-3 text-[13px] leading-relaxed text-slate-100">
                {curlFor(baseUrl, method, path, operation)}
              </pre>
              <h3 className="mt-4 text-sm font-semibold">Responses</h3>
              <ul className="mt-2 space-y-1 text-sm">
                {Object.entries(operation.responses).map(([status, response]) => {
                  // JSON answers, or an event stream's event data (the checkout's events).
                  const ref = (response.content?.["application/json"]?.schema.$ref ??
                    response.content?.["text/event-stream"]?.["x-event-data"]?.$ref) as
                    | string
                    | undefined;
                  return (
                    <li key={status}>
                      <span
                        className={`font-mono font-semibold ${Number(status) < 300 ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}`}
                      >
                        {status}
                      </span>{" "}
                      {response.description}
                      {ref && (
                        <>
                          {" "}
                          <a
                            href={`#schema-${ref.split("/").at(-1)}`}
                            className="font-mono text-indigo-700 underline underline-offset-2 dark:text-indigo-300"
                          >
                            {ref.split("/").at(-1)}
                          </a>
                        </>
                      )}
                    </li>
                  );
                })}
              </ul>
            </section>
          );
        })}

        <h2 className="mt-16 text-2xl font-semibold">Objects</h2>
        {Object.entries(components)
          .filter(([name]) => !name.endsWith("List"))
          .map(([name, schema]) => (
            <section key={name} id={`schema-${name}`} className="mt-8 scroll-mt-8">
              <h3 className="font-mono text-lg font-semibold">{name}</h3>
              {typeof schema.description === "string" && (
                <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
                  {schema.description}
                </p>
              )}
              <Fields rows={schemaRows(schema, components)} />
            </section>
          ))}
      </main>
    </div>
  );
}
