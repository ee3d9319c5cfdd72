import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/**
 * axe finds no serious or critical violation on the page as it stands (`state` names it), once
 * it has settled: its title set (a refresh of server components replaces it) and its colour
 * transitions run to their end (mid-way, a button fading in is judged on a colour it only passes
 * through).
 */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  await expect(page, `title in state "${state}"`).toHaveTitle(/\S/);
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity)
        .map((animation) => animation.finished.catch(() => undefined)),
    ),
  );
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes
          .slice(0, 3)
          .map((node) => `${node.target.join(" ")} [${node.any[0]?.message ?? ""}]`)
          .join(", ")}`,
    );
  expect(serious, `axe in state "${state}"`).toEqual([]);
}
