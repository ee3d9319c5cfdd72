import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
// "server-only" throws outside a React Server environment; tests run lib code directly.
const alias = {
  "server-only": fileURLToPath(new URL("./lib/tooling/testing/server-only.ts", import.meta.url)),
  "@": root,
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "components/**/*.test.ts", "app/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
          testTimeout: 120_000,
          // A few open an embedded database in a hook: seconds on a busy machine, not 10.
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["lib/**/*.int.test.ts", "app/**/*.int.test.ts"],
          globalSetup: ["lib/tooling/testing/integration-global-setup.ts"],
          setupFiles: ["lib/tooling/testing/integration-setup.ts"],
          // One chain and one set of funded accounts: files run one after another.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
