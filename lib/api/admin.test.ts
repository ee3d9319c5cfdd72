import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import { checkAdminToken } from "./admin";
import { HTTP_STATUS } from "./errors";

const TOKEN = "ab".repeat(32);
const request = (authorization?: string) =>
  new Request("http://127.0.0.1/api/internal/admin", {
    method: "POST",
    headers: authorization ? { authorization } : {},
  });

function statusOf(run: () => void): number | "ok" {
  try {
    run();
    return "ok";
  } catch (error) {
    if (error instanceof DomainError) return HTTP_STATUS[error.code];
    throw error;
  }
}

describe("checkAdminToken", () => {
  it("lets the token file's content through", () => {
    expect(statusOf(() => checkAdminToken(request(`Bearer ${TOKEN}`), TOKEN))).toBe("ok");
  });

  it("is a 404 when there is no token file, even with a token", () => {
    expect(statusOf(() => checkAdminToken(request(`Bearer ${TOKEN}`), null))).toBe(404);
  });

  it.each([
    [undefined],
    ["Basic abc"],
    [`Bearer ${"cd".repeat(32)}`],
    [`Bearer ${TOKEN.slice(0, -1)}`],
    [`Bearer ${TOKEN}0`],
    ["Bearer "],
  ])("refuses %s with a 401", (authorization) => {
    expect(statusOf(() => checkAdminToken(request(authorization), TOKEN))).toBe(401);
  });
});
