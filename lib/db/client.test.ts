import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "./client";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openDatabase({ kind: "pglite" });
});
afterAll(() => handle.close());

it("the embedded store lets I/O in between queued statements", async () => {
  let finished = 0;
  let finishedWhenIoRan = -1;
  // Stands for a socket with a new request waiting while the database is busy.
  setImmediate(() => {
    finishedWhenIoRan = finished;
  });
  await Promise.all(
    Array.from({ length: 100 }, () =>
      handle.db.execute(sql`select 1`).then(() => {
        finished++;
      }),
    ),
  );
  expect(finished).toBe(100);
  expect(finishedWhenIoRan).toBeGreaterThanOrEqual(0);
  expect(finishedWhenIoRan).toBeLessThan(10);
});
