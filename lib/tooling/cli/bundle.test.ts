import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { bundleDir, bundleIsCurrent, bundlePath, compileBundle, ensureBundle } from "./bundle.mjs";

// A repository of its own: the worker CLI's source, importing a lib/ module and "server-only".
const root = mkdtempSync(join(tmpdir(), "checkout-cli-bundle-"));
mkdirSync(join(root, "lib", "tooling", "cli"), { recursive: true });
const write = (path: string, text: string) => writeFileSync(join(root, path), text);
write("lib/answer.ts", "export const answer: number = 41;\n");
write(
  "lib/tooling/cli/worker.ts",
  'import "server-only";\nimport { answer } from "../../answer";\n(globalThis as { answered?: number }).answered = answer + 1;\n',
);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("the compiled CLIs", () => {
  it("compiles a CLI with the lib/ code it imports, and runs it as plain JavaScript", async () => {
    expect(bundleIsCurrent("worker", root)).toBe(false);
    await compileBundle("worker", root);
    expect(bundleIsCurrent("worker", root)).toBe(true);
    await import(pathToFileURL(bundlePath("worker", root)).href);
    expect((globalThis as { answered?: number }).answered).toBe(42);
    // Nothing left beside it: no temporary file, no esbuild service.
    expect(readdirSync(bundleDir(root)).sort()).toEqual(["worker.json", "worker.mjs"]);
  });

  it("compiles again when a source it imports changed, and only then", async () => {
    await ensureBundle("worker", root);
    expect(bundleIsCurrent("worker", root)).toBe(true);
    write("lib/answer.ts", "export const answer: number = 1;\n");
    expect(bundleIsCurrent("worker", root)).toBe(false);
    await ensureBundle("worker", root);
    expect(bundleIsCurrent("worker", root)).toBe(true);
  });

  it("refuses an unknown CLI name with one sentence and exit code 2", () => {
    const result = spawnSync(process.execPath, ["lib/tooling/cli/run.mjs", "frobnicate"], {
      encoding: "utf8",
    });
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe("Name a CLI to run: start, worker, merchant.");
  });
});
