import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import { readJsonBody } from "./request";
import { checkPathParams, unstorableTextPath } from "./text";

function jsonRequest(body: string | ReadableStream<Uint8Array>): Request {
  return new Request("http://checkout.test/", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
    // biome-ignore lint/suspicious/noExplicitAny: Node's fetch needs duplex for a stream body.
    ...({ duplex: "half" } as any),
  });
}

async function refusal(run: Promise<unknown>): Promise<{ code: string; param: string | null }> {
  try {
    await run;
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, param: error.param };
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("readJsonBody", () => {
  it("refuses a NUL or an unpaired surrogate anywhere in the body, naming the field", async () => {
    const cases: [string, string][] = [
      ['{"description":"tea\\u0000"}', "description"],
      ['{"metadata":{"note":"\\ud800"}}', "metadata.note"],
      ['{"items":[{"name":"a"},{"name":"\\udc00b"}]}', "items.1.name"],
      ['{"metadata":{"k\\u0000":"v"}}', "metadata.k\u0000"],
    ];
    for (const [body, param] of cases) {
      expect(await refusal(readJsonBody(jsonRequest(body))), body).toEqual({
        code: "parameter_invalid",
        param,
      });
    }
  });

  it("keeps text that is well formed, emoji and all", async () => {
    const body = { description: "Two ☕ and a 🥐", metadata: { note: "𝄞" } };
    expect(await readJsonBody(jsonRequest(JSON.stringify(body)))).toEqual(body);
  });

  it("answers 408 when the body trickles in past the deadline", async () => {
    const encoder = new TextEncoder();
    let timer: ReturnType<typeof setInterval> | undefined;
    const trickle = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode('{"a":"'));
        timer = setInterval(() => controller.enqueue(encoder.encode("x")), 20);
      },
      cancel() {
        clearInterval(timer);
      },
    });
    const started = Date.now();
    expect(await refusal(readJsonBody(jsonRequest(trickle), { timeoutMs: 200 }))).toEqual({
      code: "request_timeout",
      param: null,
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    clearInterval(timer);
  });
});

describe("path parameters and text", () => {
  it("an id that cannot be stored is a 404 before any query", () => {
    expect(() => checkPathParams({ id: "inv_\u0000" })).toThrow(DomainError);
    expect(() => checkPathParams({ id: "\ud800" })).toThrow("No such object.");
    expect(() => checkPathParams({ id: "inv_01m883hj1m37h8eehqa0k8fx3a" })).not.toThrow();
  });

  it("finds the first unstorable string or key, and nothing in clean values", () => {
    expect(unstorableTextPath({ a: [1, true, null, "ok"] })).toBeNull();
    expect(unstorableTextPath(["\u0000"])).toBe("0");
  });
});
