"use client";

import { LOCALE_NAMES, LOCALES } from "@/lib/i18n/locales";
import { useI18n } from "./i18n";

/** The page in each language it speaks; the current one marked. */
export function LanguageLinks() {
  const { t, locale } = useI18n();
  return (
    <nav aria-label={t("page.language")} className="mt-3 text-center text-xs">
      <ul className="inline-flex flex-wrap justify-center gap-x-3 gap-y-1">
        {LOCALES.map((code) => (
          <li key={code}>
            <a
              href={`?lang=${code}`}
              lang={code}
              hrefLang={code}
              aria-current={code === locale ? "true" : undefined}
              className={
                code === locale
                  ? "font-semibold text-slate-900 dark:text-white"
                  : "text-slate-600 underline-offset-2 hover:underline dark:text-slate-400"
              }
            >
              {LOCALE_NAMES[code]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
