"use client";

import { type KeyboardEvent, type ReactNode, useId, useRef } from "react";

/** Accessible tabs: arrow keys move between them, each panel is labelled by its tab. */
export function Tabs({
  label,
  tabs,
  selected,
  onSelect,
}: {
  label: string;
  tabs: { id: string; title: string; panel: ReactNode }[];
  selected: number;
  onSelect: (index: number) => void;
}) {
  const base = useId();
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (event: KeyboardEvent) => {
    const delta =
      event.key === "ArrowRight"
        ? 1
        : event.key === "ArrowLeft"
          ? -1
          : event.key === "Home"
            ? -selected
            : event.key === "End"
              ? tabs.length - 1 - selected
              : 0;
    if (delta === 0) return;
    event.preventDefault();
    const next = (selected + delta + tabs.length) % tabs.length;
    onSelect(next);
    refs.current[next]?.focus();
  };
  return (
    <div>
      <div
        role="tablist"
        aria-label={label}
        className="grid grid-cols-2 gap-1 rounded-xl bg-slate-100 p-1 dark:bg-slate-800"
        onKeyDown={onKeyDown}
      >
        {tabs.map((tab, index) => (
          <button
            key={tab.id}
            ref={(element) => {
              refs.current[index] = element;
            }}
            type="button"
            role="tab"
            id={`${base}-tab-${tab.id}`}
            aria-selected={index === selected}
            aria-controls={`${base}-panel-${tab.id}`}
            tabIndex={index === selected ? 0 : -1}
            onClick={() => onSelect(index)}
            className={`rounded-lg px-2 py-2 text-sm font-medium text-balance transition [word-break:auto-phrase] focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 ${
              index === selected
                ? "bg-white text-slate-900 shadow-sm dark:bg-slate-950 dark:text-white"
                : "text-slate-700 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white"
            }`}
          >
            {tab.title}
          </button>
        ))}
      </div>
      {tabs.map((tab, index) => (
        <div
          key={tab.id}
          role="tabpanel"
          id={`${base}-panel-${tab.id}`}
          aria-labelledby={`${base}-tab-${tab.id}`}
          hidden={index !== selected}
          className="pt-4"
        >
          {tab.panel}
        </div>
      ))}
    </div>
  );
}
