import { describe, expect, it } from "vitest";
import { describeFailure } from "./logSafe";

describe("describeFailure", () => {
  it("names a failed query by its code and constraint, never its text or parameters", () => {
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "x"'), {
      name: "DatabaseError",
      code: "23505",
      constraint: "webhook_endpoints_pkey",
      table: "webhook_endpoints",
    });
    const failed = Object.assign(
      new Error('Failed query: insert into "webhook_endpoints" values ($1)\nparams: whsec_secret'),
      { name: "DrizzleQueryError", cause },
    );
    const line = describeFailure(failed);
    expect(line).toMatch(
      /^DrizzleQueryError <- DatabaseError 23505 \(constraint webhook_endpoints_pkey, table webhook_endpoints\) at /,
    );
    expect(line).not.toContain("whsec_secret");
    expect(line).not.toContain("insert into");
    expect(line.split("\n")).toHaveLength(1);
  });

  it("keeps a programming error's message, drops any other's", () => {
    expect(describeFailure(new TypeError("Cannot read properties of undefined"))).toMatch(
      /^TypeError: Cannot read properties of undefined at /,
    );
    expect(describeFailure(new SyntaxError('"sk_live_abc" is not valid JSON'))).not.toContain(
      "sk_live",
    );
    expect(describeFailure("a string")).toBe("string");
    expect(describeFailure(null)).toBe("");
  });
});
