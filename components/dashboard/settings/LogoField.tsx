"use client";

import { useState } from "react";
import { FieldError } from "./FieldError";
import { LogoImageError, logoDataUri } from "./logoImage";
import { hintClass, inputClass, secondaryButton } from "./settingsStyles";
import type { SettingsFields } from "./useSettingsForm";

/** The store's logo: a preview, an upload (scaled down here) or an https URL. */
export function LogoField({
  formId,
  draft,
  update,
  canEdit,
  errorFor,
  errorId,
  describedBy,
}: SettingsFields) {
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const logoIsUpload = draft.logoUrl?.startsWith("data:") ?? false;
  return (
    <div>
      <p className="text-sm font-medium" id={`${formId}-logo-label`}>
        Logo
      </p>
      <div className="mt-2 flex items-center gap-4">
        <div className="flex size-14 shrink-0 items-center justify-center overflow-hidden rounded-xl bg-slate-100 ring-1 ring-slate-200 dark:bg-slate-800 dark:ring-slate-700">
          {draft.logoUrl ? (
            // The merchant's own image (https or data:), as the checkout shows it.
            // biome-ignore lint/performance/noImgElement: see above.
            <img
              src={draft.logoUrl}
              alt="Logo preview"
              className="size-10 rounded-lg object-contain"
            />
          ) : (
            <span className="text-xs text-slate-600 dark:text-slate-400">None</span>
          )}
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <label
            className={`${secondaryButton} cursor-pointer focus-within:ring-2 focus-within:ring-indigo-500 has-[:disabled]:cursor-not-allowed has-[:disabled]:opacity-60`}
          >
            Upload image
            <input
              type="file"
              accept="image/png,image/jpeg,image/gif,image/webp,image/svg+xml"
              className="sr-only"
              aria-describedby={`${formId}-logo-hint`}
              onChange={async (event) => {
                const file = event.target.files?.[0];
                event.target.value = "";
                if (!file) return;
                setFileProblem(null);
                try {
                  update({ logoUrl: await logoDataUri(file) });
                } catch (caught) {
                  setFileProblem(
                    caught instanceof LogoImageError
                      ? caught.message
                      : "This image could not be used.",
                  );
                }
              }}
            />
          </label>
          {draft.logoUrl && (
            <button
              type="button"
              className={secondaryButton}
              onClick={() => {
                setFileProblem(null);
                update({ logoUrl: null });
              }}
            >
              Remove logo
            </button>
          )}
        </div>
      </div>
      <label htmlFor={`${formId}-logo-url`} className="mt-3 block text-sm font-medium">
        Logo URL
      </label>
      <input
        id={`${formId}-logo-url`}
        type="url"
        inputMode="url"
        placeholder={
          logoIsUpload ? "Uploaded image" : canEdit ? "https://shop.example/logo.png" : ""
        }
        value={logoIsUpload ? "" : (draft.logoUrl ?? "")}
        onChange={(event) => update({ logoUrl: event.target.value || null })}
        aria-invalid={Boolean(errorFor("logo_url"))}
        aria-describedby={describedBy("logo_url", `${formId}-logo-hint`)}
        className={inputClass}
      />
      <p id={`${formId}-logo-hint`} className={hintClass}>
        An https URL, or upload a PNG, JPEG, GIF, WebP or SVG image (scaled down to 128 px; at most
        40 KB once scaled).
      </p>
      <FieldError id={`${formId}-logo-file-error`} message={fileProblem} />
      <FieldError id={errorId("logo_url")} message={errorFor("logo_url")} />
    </div>
  );
}
