/**
 * The part of `npm start` that reads the configuration and settles the demo API key. start.ts runs
 * it in a worker thread, so what it loads (the settings' schema, viem's chain list, the database
 * schema) is freed when it ends instead of staying in the server's heap beside the server's own
 * copies.
 */
import { parentPort } from "node:worker_threads";
import { ConfigError, loadConfig } from "../../config/config";
import { resolveDemoApiKey } from "../../demo/seed";

export type Preflight =
  | {
      ok: true;
      port: number;
      publicUrl: string;
      /** The local chain's port, when it runs one (no production chain configured). */
      localChainPort: number | null;
      demoKey: string | null;
    }
  | { ok: false; message: string };

export function preflight(): Preflight {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) return { ok: false, message: error.message };
    throw error;
  }
  // The demo key is settled before the build and the server, so both read the same one and a
  // data directory that cannot be written stops the start before anything else happens.
  let demoKey: string | null = null;
  try {
    demoKey = config.localChain ? resolveDemoApiKey(config) : null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!code) throw error;
    // A file-system refusal (a read-only or foreign-owned directory): one sentence, no stack.
    return {
      ok: false,
      message: `DATA_DIR (${config.dataDir}) cannot be written (${code}); point DATA_DIR at a writable directory.`,
    };
  }
  return {
    ok: true,
    port: config.port,
    publicUrl: config.publicUrl,
    localChainPort: config.localChain?.port ?? null,
    demoKey,
  };
}

parentPort?.postMessage(preflight());
