import Link from "next/link";

/** An unknown invoice, or another store's: the same answer, so neither can be told apart. */
export default function InvoiceNotFound() {
  return (
    <section className="mx-auto max-w-md rounded-2xl bg-white p-8 text-center shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800">
      <h1 className="text-xl font-semibold">Invoice not found</h1>
      <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">
        There is no invoice with this id in your store.
      </p>
      <Link
        href="/dashboard/invoices"
        className="mt-4 inline-block text-sm font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300"
      >
        Back to invoices
      </Link>
    </section>
  );
}
