"use client";

import { type ComponentProps, useLayoutEffect, useRef } from "react";

type Props = Omit<ComponentProps<"textarea">, "value" | "onChange" | "rows"> & {
  value: string;
  onValueChange: (value: string) => void;
};

/**
 * A field for an address that always shows all of it: a one-line textarea that wraps and grows
 * to a second line when the field is narrower than the address (a phone), so the merchant can
 * check every character. Enter submits the form as in an input, and whitespace (a pasted line
 * break) is dropped.
 */
/** Makes a textarea exactly as tall as its wrapped text. */
function fitHeight(element: HTMLTextAreaElement) {
  element.style.height = "auto";
  const borders = element.offsetHeight - element.clientHeight;
  element.style.height = `${element.scrollHeight + borders}px`;
}

export function AddressInput({ value, onValueChange, className = "", onKeyDown, ...props }: Props) {
  const field = useRef<HTMLTextAreaElement>(null);

  // After every render: the value may have changed, from typing or from outside (a reset).
  useLayoutEffect(() => {
    if (field.current) fitHeight(field.current);
  });

  // And when the width changes (a rotated phone), not on the height fitHeight sets.
  useLayoutEffect(() => {
    const element = field.current;
    if (!element) return;
    let width = element.clientWidth;
    const observer = new ResizeObserver(() => {
      if (element.clientWidth === width) return;
      width = element.clientWidth;
      fitHeight(element);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  return (
    <textarea
      {...props}
      ref={field}
      rows={1}
      value={value}
      spellCheck={false}
      autoComplete="off"
      autoCapitalize="off"
      onChange={(event) => onValueChange(event.target.value.replace(/\s+/g, ""))}
      onKeyDown={(event) => {
        onKeyDown?.(event);
        if (event.key === "Enter" && !event.defaultPrevented) {
          event.preventDefault();
          event.currentTarget.form?.requestSubmit();
        }
      }}
      className={`block resize-none overflow-hidden break-all font-mono ${className}`}
    />
  );
}
