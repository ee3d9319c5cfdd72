import { renderSVG } from "uqr";

/** A QR code of the link's URL, sharp at any print size (SVG). */
export function LinkQr({
  url,
  label,
  className = "size-48",
  framed = true,
}: {
  url: string;
  label: string;
  className?: string;
  framed?: boolean;
}) {
  // uqr renders the QR code as an SVG string of the link's own URL (an id we made); no user text.
  const svg = renderSVG(url, { border: 2, ecc: "M" });
  return (
    <div
      role="img"
      aria-label={label}
      data-testid="link-qr"
      className={`overflow-hidden rounded-lg bg-white p-1 [&>svg]:size-full ${framed ? "ring-1 ring-slate-200 dark:ring-0" : ""} ${className}`}
      // biome-ignore lint/security/noDangerouslySetInnerHtml: generated SVG, see above.
      dangerouslySetInnerHTML={{ __html: svg }}
    />
  );
}
