import { describe, expect, it } from "vitest";
import type { Database } from "../db/client";
import { findActiveApiKey } from "./keyLookup";

describe("findActiveApiKey", () => {
  it("refuses a key that is not one in form before any database read", async () => {
    const untouchable = new Proxy({} as Database, {
      get() {
        throw new Error("the database was read");
      },
    });
    for (const key of [
      "",
      "nope",
      "sk_test_short",
      `sk_prod_${"a".repeat(32)}`,
      `sk_test_${"a".repeat(31)}!`,
    ]) {
      expect(await findActiveApiKey(untouchable, key), key).toBeNull();
    }
  });
});
