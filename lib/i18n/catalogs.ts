import type { Locale } from "./locales";
import { en, type Messages } from "./messages/en";
import { es } from "./messages/es";
import { ja } from "./messages/ja";
import { zhCN } from "./messages/zh-CN";

/** Every language's catalog; the server hands the page only the one it needs. */
export const CATALOGS: Record<Locale, Messages> = { en, "zh-CN": zhCN, es, ja };
