import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { DomainError, ERROR_CODES } from "../errors";
import { asDomainError, errorResponse, HTTP_STATUS, httpError } from "./errors";

describe("the edge's map from codes to HTTP", () => {
  it("gives every code a status", () => {
    for (const code of ERROR_CODES) expect(HTTP_STATUS[code]).toBeGreaterThanOrEqual(400);
  });

  it("answers { error: { type, code, message, param } }", () => {
    expect(httpError(new DomainError("parameter_invalid", "Invalid amount.", "amount"))).toEqual({
      status: 400,
      body: {
        error: {
          type: "invalid_request_error",
          code: "parameter_invalid",
          message: "Invalid amount.",
          param: "amount",
        },
      },
    });
  });

  it.each([
    ["parameter_invalid", 400, "invalid_request_error"],
    ["api_key_invalid", 401, "authentication_error"],
    ["csrf_failed", 403, "authentication_error"],
    ["resource_not_found", 404, "invalid_request_error"],
    ["method_not_allowed", 405, "invalid_request_error"],
    ["invoice_not_cancelable", 409, "invalid_request_error"],
    ["body_too_large", 413, "invalid_request_error"],
    ["unsupported_content_type", 415, "invalid_request_error"],
    ["reference_mismatch", 422, "payment_error"],
    ["rate_limited", 429, "rate_limit_error"],
    ["internal_error", 500, "api_error"],
    ["chain_unavailable", 503, "api_error"],
  ] as const)("answers %s with %i and the type %s", (code, status, type) => {
    const answer = httpError(new DomainError(code, "x"));
    expect(answer.status).toBe(status);
    expect(answer.body.error.type).toBe(type);
  });

  it("sends Retry-After when asking again later makes sense", async () => {
    const response = errorResponse(new DomainError("rate_limited", "Slow down.", null, 7), "req_1");
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
    expect(await response.json()).toMatchObject({ error: { code: "rate_limited" } });
  });

  it("answers zod's errors as the field they name, and anything else as ours, logged", () => {
    const zod = z.strictObject({ n: z.number() }).safeParse({ n: "1" });
    expect(asDomainError(zod.error, "req_2").code).toBe("parameter_invalid");
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const ours = asDomainError(new Error("secret detail"), "req_3");
    expect([ours.code, ours.message]).toEqual([
      "internal_error",
      "Something went wrong on our side.",
    ]);
    expect(log).toHaveBeenCalledOnce();
    log.mockRestore();
  });
});
