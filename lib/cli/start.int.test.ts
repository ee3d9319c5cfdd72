import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const tsx = join(process.cwd(), "node_modules", ".bin", "tsx");

function start(env: Record<string, string>) {
  const clean = { ...process.env };
  for (const name of ["CHAINS", "DATABASE_URL", "DEMO_API_KEY", "PORT", "ANVIL_PORT"])
    delete clean[name];
  return spawnSync(tsx, ["--conditions=react-server", "lib/cli/start.ts"], {
    env: { ...clean, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
}

const scratch = mkdtempSync(join(tmpdir(), "checkout-start-"));
const aFile = join(scratch, "not-a-directory");
writeFileSync(aFile, "a file\n");

describe("npm start with a wrong setting", () => {
  it.each([
    [{ PORT: "abc" }, "PORT must be a whole number from 1 to 65535"],
    [{ CHAINS: "base" }, "RPC_URL_8453 is required because CHAINS includes Base."],
    [{ CHAINS: "notachain" }, 'CHAINS includes "notachain"'],
    [{ DATABASE_URL: "mysql://db/x" }, "DATABASE_URL must be a postgres://"],
    [
      { DEMO_API_KEY: "sk_live_abcdefghijklmnopqrstuvwxyz" },
      "DEMO_API_KEY must start with sk_test_",
    ],
    [{ DATA_DIR: aFile }, `DATA_DIR (${aFile}) is a file, not a directory`],
    [{ DATA_DIR: join(aFile, "data") }, `DATA_DIR (${join(aFile, "data")}) cannot be created`],
    [
      { RPC_URL_8453: "https://base.example/rpc" },
      "RPC_URL_8453 is set but CHAINS does not list chain 8453; set CHAINS=base or remove RPC_URL_8453.",
    ],
  ])("%j stops before doing anything, with one sentence naming the variable", (env, sentence) => {
    const result = start(env);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(sentence);
    expect(result.stderr).not.toMatch(/\bat .+:\d+:\d+/); // no stack trace
    expect(result.stdout).not.toContain("Building");
  });
});
