import type { DashboardApiError } from "../api";

export const FIELD =
  "mt-1 w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm aria-[invalid=true]:border-red-600 dark:border-slate-700 dark:bg-slate-950 dark:aria-[invalid=true]:border-red-400";

export type LineItemDraft = { key: number; name: string; quantity: string; unit_amount: string };

/** The field id an API error's `param` ("amount", "items.0.unit_amount") belongs to. */
export function fieldIdFor(param: string | null): string | null {
  if (!param) return null;
  const item = /^items\.(\d+)\.(name|quantity|unit_amount)$/.exec(param);
  if (item) return `item-${item[1]}-${item[2]}`;
  if (param.startsWith("items")) return "items";
  const known = ["amount", "currency", "description", "order_id", "expires_in", "redirect_url"];
  return known.includes(param) ? param : null;
}

/** The server's refusal, pinned to the field it is about (null: about the whole form). */
export type FormProblem = { error: DashboardApiError; field: string | null } | null;

export function problemOf(error: DashboardApiError | null): FormProblem {
  return error ? { error, field: fieldIdFor(error.param) } : null;
}

/** A refused field's attributes: marked invalid and described by its message. */
export function invalidProps(problem: FormProblem, id: string) {
  return problem?.field === id ? { "aria-invalid": true, "aria-describedby": `${id}-error` } : {};
}

/** The server's message under the field it refused. */
export function FieldProblem({ problem, id }: { problem: FormProblem; id: string }) {
  if (problem?.field !== id) return null;
  return (
    <p id={`${id}-error`} role="alert" className="mt-1 text-sm text-red-700 dark:text-red-300">
      {problem.error.message}
    </p>
  );
}

/** The fields' values as POST /api/dashboard/invoices takes them; blank optional ones left out. */
export function invoiceRequest(form: HTMLFormElement, items: LineItemDraft[]) {
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? "").trim();
  const body: Record<string, unknown> = {
    amount: text("amount"),
    currency: text("currency"),
  };
  for (const name of ["description", "order_id", "redirect_url"]) {
    if (text(name)) body[name] = text(name);
  }
  if (text("expires_in")) body.expires_in = Number(text("expires_in"));
  if (items.length > 0) {
    body.items = items.map((item) => ({
      name: item.name.trim(),
      quantity: item.quantity.trim() === "" ? null : Number(item.quantity),
      unit_amount: item.unit_amount.trim(),
    }));
  }
  return body;
}
