import { test as base, expect } from "@playwright/test";

/**
 * The browser tests' `test`: an uncaught error in a page fails the test, and so does a script or
 * resource the page's Content-Security-Policy refused (the policy must never break the app's own
 * pages, wallets included). Console errors are attached to the report.
 */
export const test = base.extend<{ watchPage: undefined }>({
  watchPage: [
    async ({ page }, use, testInfo) => {
      const pageErrors: string[] = [];
      const refused: string[] = [];
      const consoleErrors: string[] = [];
      page.on("pageerror", (error) => pageErrors.push(error.stack ?? error.message));
      page.on("console", (message) => {
        if (message.type() !== "error") return;
        const text = message.text();
        consoleErrors.push(text);
        // A frame refused by its own frame-ancestors is what the framing tests expect.
        if (/Content Security Policy/.test(text) && !/ancestor violates/.test(text)) {
          refused.push(text);
        }
      });
      await use(undefined);
      if (consoleErrors.length > 0) {
        await testInfo.attach("console errors", { body: consoleErrors.join("\n\n") });
      }
      expect(pageErrors, "uncaught errors in the page").toEqual([]);
      expect(refused, "refused by the Content-Security-Policy").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
