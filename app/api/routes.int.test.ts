import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { HTTP_METHODS, type HttpMethod } from "@/lib/api/methods";
import * as catchAll from "./v1/[[...path]]/route";

type Handler = (request: Request, context: { params: Promise<unknown> }) => Promise<Response>;

/** Every route module under app/api: the merchant API, checkout, health, dashboard and admin. */
function routeFiles(): string[] {
  const api = join(process.cwd(), "app", "api");
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name === "route.ts") found.push(path);
    }
  };
  for (const area of ["v1", "checkout", "health", "dashboard", "internal"]) walk(join(api, area));
  return found.filter((path) => !path.includes("[[...path]]")).sort();
}

function call(handler: Handler, method: string, path: string) {
  return handler(new Request(`http://checkout.test${path}`, { method }), {
    params: Promise.resolve({ id: "inv_unknown", delivery_id: "whd_unknown" }),
  });
}

describe("unsupported methods on API routes", () => {
  const files = routeFiles();

  it("finds the routes", () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
  });

  it.each(files.map((file) => [relative(process.cwd(), file), file]))(
    "%s answers every other method with a JSON 405 naming the allowed ones",
    async (_, file) => {
      const module = (await import(/* @vite-ignore */ file)) as Partial<
        Record<HttpMethod, Handler>
      >;
      // Every method has a handler: none is left to the framework's empty 405.
      for (const method of HTTP_METHODS) expect(typeof module[method], method).toBe("function");

      const options = await call(module.OPTIONS!, "OPTIONS", "/api/x");
      expect(options.status).toBe(204);
      const allow = options.headers.get("allow")!.split(", ");
      const served = HTTP_METHODS.filter(
        (method) => allow.includes(method) && method !== "OPTIONS",
      );
      expect(served.length).toBeGreaterThan(0);
      if (served.includes("GET")) expect(allow).toContain("HEAD");

      for (const method of HTTP_METHODS) {
        if (method === "OPTIONS") continue;
        const response = await call(module[method]!, method, "/api/some/path");
        if (served.includes(method)) {
          // The route's own handler (a 401, 404, 400… without a key or body), never a 405.
          expect(response.status, method).not.toBe(405);
          continue;
        }
        expect(response.status, method).toBe(405);
        expect(response.headers.get("allow")).toBe(options.headers.get("allow"));
        expect(response.headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{32}$/);
        const body = (await response.json()) as { error: Record<string, unknown> };
        expect(body.error).toMatchObject({
          type: "invalid_request_error",
          code: "method_not_allowed",
          param: null,
        });
        expect(body.error.message).toBe(
          `${method} is not allowed on /api/some/path; use ${served.join(", ").replace(/, ([A-Z]+)$/, " or $1")}.`,
        );
      }
    },
  );
});

describe("an unknown /api/v1 path", () => {
  it.each(HTTP_METHODS.filter((method) => method !== "OPTIONS"))(
    "%s is a JSON 404 route_not_found with a request id",
    async (method) => {
      const handler = (catchAll as Record<string, Handler>)[method]!;
      const response = await call(handler, method, "/api/v1/invoicez/inv_1");
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(response.headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{32}$/);
      expect(await response.json()).toEqual({
        error: {
          type: "invalid_request_error",
          code: "route_not_found",
          message: `No endpoint at ${method} /api/v1/invoicez/inv_1; see /docs/api for the API's endpoints.`,
          param: null,
        },
      });
    },
  );
});
