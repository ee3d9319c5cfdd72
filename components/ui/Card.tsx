import type { ReactNode } from "react";

/**
 * A white panel with its heading. "panel": a heading row with optional actions over free content
 * (links, developers). "form": a form's section, its field groups evenly spaced (settings).
 */
export function Card({
  title,
  description,
  actions,
  children,
  headingLevel = 2,
  layout = "panel",
}: {
  title?: string;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  headingLevel?: 2 | 3;
  layout?: "panel" | "form";
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const shell =
    "rounded-2xl bg-white shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800";
  const descriptionText = description && (
    <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{description}</p>
  );
  if (layout === "form") {
    return (
      <section className={`${shell} p-5 sm:p-6`}>
        {title && <Heading className="text-base font-semibold">{title}</Heading>}
        {descriptionText}
        <div className="mt-5 space-y-5">{children}</div>
      </section>
    );
  }
  return (
    <section className={`${shell} p-4 sm:p-6`}>
      {(title || actions) && (
        <div className="mb-4 flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            {title && <Heading className="text-lg font-semibold">{title}</Heading>}
            {descriptionText}
          </div>
          {actions && <div className="flex flex-wrap gap-2">{actions}</div>}
        </div>
      )}
      {children}
    </section>
  );
}
