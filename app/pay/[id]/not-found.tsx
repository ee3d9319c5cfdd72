export default function InvoiceNotFound() {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center px-6 text-center">
      <h1 className="text-2xl font-semibold">Invoice not found</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-300">
        There is no invoice at this address. Check the link the merchant sent you, or ask them for a
        new one.
      </p>
    </main>
  );
}
