import "server-only";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzleNodePostgres } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePostgres } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { getConfig } from "../config/config";
import { claimDataDirForServer } from "./dataDirLock";
import { countStatements } from "./embeddedReads";
import * as schema from "./schema";

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction, or the database itself, for functions that work inside either. */
export type Executor = Parameters<Parameters<Database["transaction"]>[0]>[0] | Database;

export type DatabaseHandle = {
  db: Database;
  kind: "pglite" | "postgres";
  /** PostgreSQL's connection URL, for sessions that outlive a query (advisory locks). */
  url?: string;
  close(): Promise<void>;
};

export type OpenDatabaseParameters =
  /** dataDir undefined: an in-memory database (tests). */
  { kind: "pglite"; dataDir?: string } | { kind: "postgres"; url: string; maxConnections?: number };

const MIGRATIONS_FOLDER = join(process.cwd(), "lib", "db", "migrations");
/** Held while migrating so that several instances starting together migrate once. */
const MIGRATION_LOCK_ID = 7_310_221_001;

/** Opens the store and brings its schema up to date. */
export async function openDatabase(parameters: OpenDatabaseParameters): Promise<DatabaseHandle> {
  if (parameters.kind === "pglite") {
    if (parameters.dataDir) mkdirSync(parameters.dataDir, { recursive: true });
    // 16 MB of shared buffers, not PostgreSQL's 128 MB: PGlite keeps them all resident in the
    // server's own memory, and its data already sits in the process's file cache.
    const client = await PGlite.create(parameters.dataDir, {
      startParams: [...PGlite.defaultStartParams, "-c", "shared_buffers=16MB"],
    });
    countStatements(client);
    yieldToIoBetweenStatements(client);
    const db = drizzlePglite({ client, schema });
    await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
    return { db: db as unknown as Database, kind: "pglite", close: () => client.close() };
  }

  const pool = new pg.Pool({
    connectionString: parameters.url,
    max: parameters.maxConnections ?? 10,
  });
  pool.on("error", (error) => console.error(`PostgreSQL connection error: ${error.message}`));
  const connection = await pool.connect();
  try {
    await connection.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);
    await migrateNodePostgres(drizzleNodePostgres({ client: connection, schema }), {
      migrationsFolder: MIGRATIONS_FOLDER,
    });
  } finally {
    await connection.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_ID]).catch(() => {});
    connection.release();
  }
  const db = drizzleNodePostgres({ client: pool, schema });
  return {
    db: db as unknown as Database,
    kind: "postgres",
    url: parameters.url,
    close: () => pool.end(),
  };
}

/**
 * PGlite runs each statement synchronously in this thread and hands its lock to the next waiter in
 * a microtask, so while statements are queued the event loop never reaches I/O: under load, new
 * connections and request bodies waited seconds (measured: a new connection's first POST up to
 * 12 s at 50 connections). Taking a turn of the event loop before each statement lets I/O in.
 */
function yieldToIoBetweenStatements(client: PGlite): void {
  const runExclusive = client._runExclusiveQuery.bind(client);
  client._runExclusiveQuery = <T>(fn: () => Promise<T>) =>
    runExclusive(async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return fn();
    });
}

const store = globalThis as typeof globalThis & {
  __checkoutDatabase?: Promise<DatabaseHandle>;
};

/** The process's database, opened on first use (PGlite in DATA_DIR, or DATABASE_URL). */
export function getDatabaseHandle(): Promise<DatabaseHandle> {
  if (!store.__checkoutDatabase) {
    const config = getConfig();
    store.__checkoutDatabase = config.databaseUrl
      ? openDatabase({ kind: "postgres", url: config.databaseUrl })
      : openEmbeddedDatabaseForServer(config.dataDir, config.port);
    // A failed open must not be cached: the next call tries again.
    store.__checkoutDatabase.catch(() => {
      store.__checkoutDatabase = undefined;
    });
  }
  return store.__checkoutDatabase;
}

/**
 * PGlite allows one process per data dir: the server takes DATA_DIR's lock first (waiting while
 * the merchant CLI holds it) and tells the CLI where to reach it (see dataDirLock).
 */
async function openEmbeddedDatabaseForServer(
  dataDir: string,
  configuredPort: number,
): Promise<DatabaseHandle> {
  // `next start --port` sets PORT once it listens, which is before the database is opened.
  const port = Number(process.env.PORT) || configuredPort;
  const lock = await claimDataDirForServer(dataDir, { port });
  try {
    const handle = await openDatabase({ kind: "pglite", dataDir: join(dataDir, "pglite") });
    return {
      ...handle,
      close: async () => {
        await handle.close();
        lock.release();
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

export async function getDb(): Promise<Database> {
  return (await getDatabaseHandle()).db;
}

/** Tests install their own database (in-memory PGlite or a fresh PostgreSQL database). */
export function useDatabaseForTests(handle: DatabaseHandle): void {
  store.__checkoutDatabase = Promise.resolve(handle);
}

export async function closeDatabase(): Promise<void> {
  const handle = store.__checkoutDatabase;
  store.__checkoutDatabase = undefined;
  if (handle) await (await handle).close();
}

/**
 * How many grouped writes (see groupCommit) run at the same time: one on the embedded store (one
 * connection, in this thread); two on PostgreSQL, so that the server prepares one group while the
 * other is on the network. More only makes the groups smaller (measured with bench:api: 1, 2, 5
 * and 10 at 50 connections gave POST 537-659, 663, 615 and 574 requests/s).
 */
export function groupWriteLanes(db: Database): number {
  const client = (db as { $client?: unknown }).$client;
  if (client instanceof PGlite) return 1;
  const max = (client as { options?: { max?: number } } | undefined)?.options?.max ?? 10;
  return Math.min(2, max);
}

export async function ping(db: Database): Promise<void> {
  await db.execute(sql`select 1`);
}
