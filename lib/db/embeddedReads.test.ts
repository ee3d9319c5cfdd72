import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countStatements, EmbeddedReadMemo, statementCounter } from "./embeddedReads";

describe("reads remembered on the embedded store", () => {
  let client: PGlite;
  const readStatus = async () =>
    (await client.query<{ status: string }>("select status from invoices where id = 'a'")).rows[0]
      ?.status;

  beforeAll(async () => {
    client = await PGlite.create();
    countStatements(client);
    await client.exec("create table invoices (id text primary key, status text not null)");
    await client.query("insert into invoices values ('a', 'open')");
  });
  afterAll(() => client.close());

  /** A fresh memo over invoice "a"'s status, and how often it went to the database. */
  const countedRead = () => {
    const counter = statementCounter(client)!;
    const memo = new EmbeddedReadMemo<string | undefined>();
    let loads = 0;
    const read = () =>
      memo.read(counter, "a", () => {
        loads++;
        return readStatus();
      });
    return { read, loads: () => loads };
  };

  it("answers a repeated read from memory while nothing else runs", async () => {
    const { read, loads } = countedRead();
    expect(await read()).toBe("open");
    expect(await read()).toBe("open");
    expect(await read()).toBe("open");
    expect(loads()).toBe(1);
  });

  it("forgets after any write: a query, an exec or a transaction", async () => {
    const counter = statementCounter(client)!;
    const memo = new EmbeddedReadMemo<string | undefined>();
    const read = () => memo.read(counter, "a", readStatus);
    expect(await read()).toBe("open");
    await client.query("update invoices set status = 'processing' where id = 'a'");
    expect(await read()).toBe("processing");
    await client.exec("update invoices set status = 'paid' where id = 'a'");
    expect(await read()).toBe("paid");
    await client.transaction(async (tx) => {
      await tx.query("update invoices set status = 'expired' where id = 'a'");
    });
    expect(await read()).toBe("expired");
    // A failed transaction changes nothing, and still counts.
    await client
      .transaction(async (tx) => {
        await tx.query("update invoices set status = 'canceled' where id = 'a'");
        throw new Error("rolled back");
      })
      .catch(() => {});
    expect(await read()).toBe("expired");
  });

  it("keeps nothing read while another statement finished, so a write racing the read is never hidden", async () => {
    await client.query("update invoices set status = 'open' where id = 'a'");
    const { read, loads } = countedRead();
    // The write is queued before the read, so the read sees it, but it finishes inside the read's window.
    const [, first] = await Promise.all([
      client.query("update invoices set status = 'paid' where id = 'a'"),
      read(),
    ]);
    expect(first).toBe("paid");
    expect(await read()).toBe("paid");
    expect(loads()).toBe(2);
  });

  it("many concurrent reads of the memo still fill it (their own selects do not count)", async () => {
    await client.query("update invoices set status = 'open' where id = 'a'");
    const { read, loads } = countedRead();
    await Promise.all(Array.from({ length: 20 }, read));
    expect(loads()).toBe(20);
    expect(await read()).toBe("open");
    expect(loads()).toBe(20);
  });

  it("is not used for a client it did not count (PostgreSQL, or a transaction)", async () => {
    expect(statementCounter({})).toBeNull();
    expect(statementCounter(undefined)).toBeNull();
  });
});
