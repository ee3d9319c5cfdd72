"use client";

import { darkTheme, lightTheme } from "@rainbow-me/rainbowkit";
import { useEffect } from "react";

// RainbowKit's default accent and secondary text fall short of WCAG AA contrast; these pass.
const light = lightTheme({
  borderRadius: "medium",
  accentColor: "#4f46e5",
  accentColorForeground: "#ffffff",
});
const dark = darkTheme({
  borderRadius: "medium",
  accentColor: "#a5b4fc",
  accentColorForeground: "#1e1b4b",
});
export const THEME = {
  lightMode: {
    ...light,
    colors: { ...light.colors, modalTextSecondary: "#4b5563", modalTextDim: "#6b7280" },
  },
  darkMode: {
    ...dark,
    colors: { ...dark.colors, modalTextSecondary: "#cbd5e1", modalTextDim: "#94a3b8" },
  },
};

/**
 * RainbowKit draws wallet icons as role="img" boxes without a name, next to the wallet's name in
 * text: they are decoration, so they are hidden from assistive technology here.
 */
export function useDecorativeWalletIcons() {
  useEffect(() => {
    const hide = () => {
      for (const icon of document.querySelectorAll(
        '[data-rk] [role="img"]:not([aria-label]):not([aria-hidden])',
      )) {
        icon.setAttribute("aria-hidden", "true");
      }
    };
    hide();
    const observer = new MutationObserver(hide);
    observer.observe(document.body, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, []);
}
