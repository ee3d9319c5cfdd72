import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center px-6 text-center">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-300">There is nothing at this address.</p>
      <Link href="/" className="mt-4 text-sm font-medium underline underline-offset-2">
        Go to the home page
      </Link>
    </main>
  );
}
