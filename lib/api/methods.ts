import "server-only";
import { DomainError } from "../errors";
import { answer, newRequestId } from "./route";

/** The methods a route module may export handlers for (HEAD comes with GET). */
export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

type Handler = (request: Request) => Promise<Response>;

/** What a route answers to, as an Allow header lists it. */
function allowHeader(allowed: readonly HttpMethod[]): string {
  const methods = new Set<string>(allowed);
  if (methods.has("GET")) methods.add("HEAD");
  methods.add("OPTIONS");
  return [...methods].join(", ");
}

/** "GET", "GET or POST", "GET, POST or DELETE". */
function listed(methods: readonly string[]): string {
  return methods.length < 2
    ? (methods[0] ?? "")
    : `${methods.slice(0, -1).join(", ")} or ${methods[methods.length - 1]}`;
}

/**
 * Handlers for the methods a route does not serve, to export beside its own, so that those get
 * a JSON 405 naming the ones it does (with an Allow header and a request id) instead of Next's
 * empty one; OPTIONS answers 204 with the Allow header.
 *
 *   export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
 */
export function otherMethods<const Allowed extends Exclude<HttpMethod, "OPTIONS">>(
  ...allowed: Allowed[]
): Record<Exclude<HttpMethod, Allowed>, Handler> {
  const allow = allowHeader(allowed);
  const handlers = {} as Record<HttpMethod, Handler>;
  for (const method of HTTP_METHODS) {
    handlers[method] = async (request) => {
      if (method === "OPTIONS") {
        return new Response(null, { status: 204, headers: { allow } });
      }
      const response = await answer(newRequestId(), async () => {
        const path = new URL(request.url).pathname;
        throw new DomainError(
          "method_not_allowed",
          `${request.method} is not allowed on ${path}; use ${listed(allowed)}.`,
        );
      });
      response.headers.set("allow", allow);
      return response;
    };
  }
  return handlers;
}

/**
 * Handlers for every method of a path no route serves (the API's catch-all): a JSON 404 with a
 * request id, like every other API error, instead of the framework's HTML page.
 */
export function unknownRoute(): Record<HttpMethod, Handler> {
  const handler: Handler = (request) =>
    answer(newRequestId(), async () => {
      const path = new URL(request.url).pathname;
      throw new DomainError(
        "route_not_found",
        `No endpoint at ${request.method} ${path}; see /docs/api for the API's endpoints.`,
      );
    });
  return Object.fromEntries(HTTP_METHODS.map((method) => [method, handler])) as Record<
    HttpMethod,
    Handler
  >;
}
