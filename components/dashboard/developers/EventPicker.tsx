"use client";

import { EVENT_TYPES } from "@/lib/events/eventTypes";

/** ["*"] for every event, or a chosen list: a checkbox for "all" and one per type. */
export function EventPicker({
  id,
  value,
  onChange,
  error,
}: {
  id: string;
  value: string[];
  onChange: (events: string[]) => void;
  error?: string;
}) {
  const all = value.includes("*");
  return (
    <fieldset aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">
        Events to send
      </legend>
      <label className="mt-2 flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={all}
          onChange={(event) => onChange(event.target.checked ? ["*"] : [])}
          className="size-4 accent-indigo-600"
        />
        All events
      </label>
      {!all && (
        <div className="mt-2 grid gap-1.5 sm:grid-cols-2">
          {EVENT_TYPES.map((type) => (
            <label key={type} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={value.includes(type)}
                onChange={(event) =>
                  onChange(
                    event.target.checked
                      ? [...value, type]
                      : value.filter((entry) => entry !== type),
                  )
                }
                className="size-4 accent-indigo-600"
              />
              <span className="font-mono text-xs">{type}</span>
            </label>
          ))}
        </div>
      )}
      {error && (
        <p id={`${id}-error`} className="mt-1 text-xs font-medium text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </fieldset>
  );
}
