/*
 * An uploaded logo becomes a data:image URI stored with the merchant (the checkout then loads
 * nothing from elsewhere). The checkout shows it at 32 px, so a larger raster image is scaled
 * down to 128 px in the browser before it is sent; the result must stay small enough for the
 * settings request (the dashboard's JSON bodies are at most 64 KB).
 */

/** Longest data: URI the form sends (about 40 KB of image). */
export const MAX_LOGO_DATA_URI_LENGTH = 54_000;
/** Files larger than this are not even decoded. */
export const MAX_LOGO_FILE_BYTES = 5 * 1024 * 1024;
const LOGO_PIXELS = 128;
const TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml"];

export class LogoImageError extends Error {}

function readAsDataUri(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new LogoImageError("This file could not be read."));
    reader.readAsDataURL(blob);
  });
}

/** The file as a data:image/…;base64 URI, scaled down when it is too large. */
export async function logoDataUri(file: File): Promise<string> {
  if (!TYPES.includes(file.type)) {
    throw new LogoImageError("Choose a PNG, JPEG, GIF, WebP or SVG image.");
  }
  if (file.size > MAX_LOGO_FILE_BYTES) {
    throw new LogoImageError("This image is larger than 5 MB; choose a smaller one.");
  }
  const direct = await readAsDataUri(file);
  if (direct.length <= MAX_LOGO_DATA_URI_LENGTH) return direct;
  if (file.type === "image/svg+xml") {
    throw new LogoImageError("This SVG is larger than 40 KB; simplify it or use a PNG.");
  }

  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new LogoImageError("This image could not be read.");
  }
  const scale = Math.min(1, LOGO_PIXELS / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  canvas.getContext("2d")?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  for (const [type, quality] of [
    ["image/png", undefined],
    ["image/webp", 0.9],
    ["image/jpeg", 0.85],
  ] as const) {
    const uri = canvas.toDataURL(type, quality);
    if (uri.startsWith(`data:${type};base64,`) && uri.length <= MAX_LOGO_DATA_URI_LENGTH) {
      return uri;
    }
  }
  throw new LogoImageError("This image stays over 40 KB even scaled down; choose a simpler one.");
}
