import type { ReactNode } from "react";

/**
 * A labelled box that scrolls when its content is wider or taller than the screen. It takes the
 * keyboard focus so that keyboard users can scroll it too (axe: scrollable-region-focusable).
 */
export function ScrollRegion({
  label,
  className = "",
  children,
}: {
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must be reachable by keyboard to be scrolled.
      tabIndex={0}
      aria-label={label}
      className={`rounded focus-visible:outline-2 focus-visible:outline-indigo-600 ${className}`}
    >
      {children}
    </section>
  );
}
