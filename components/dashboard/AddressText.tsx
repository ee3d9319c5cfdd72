/**
 * A 42-character address in monospace. Below `sm` it breaks into two even halves of 21
 * characters instead of wrapping wherever the line ends (which left one character alone on a
 * line); wider, it is one line. The text stays the plain address, so copying it is safe.
 */
export function AddressText({
  address,
  className = "",
  testId,
}: {
  address: string;
  className?: string;
  testId?: string;
}) {
  return (
    <span
      className={`inline-block max-w-[21.5ch] break-all font-mono sm:max-w-none ${className}`}
      data-testid={testId}
      data-address=""
    >
      {address}
    </span>
  );
}
