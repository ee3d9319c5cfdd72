import { DomainError } from "../errors";
import { isStorableText, unstorableText } from "./text";

/** Query parameters as one object; a parameter given twice is refused rather than guessed. */
export function searchParamsObject(url: string): Record<string, string> {
  const params = new URL(url).searchParams;
  const result: Record<string, string> = {};
  for (const [key, value] of params) {
    if (!isStorableText(key) || !isStorableText(value)) throw unstorableText(key);
    if (Object.hasOwn(result, key)) {
      throw new DomainError("parameter_invalid", `Invalid ${key}: give it once.`, key);
    }
    result[key] = value;
  }
  return result;
}
