import {
  FIELD,
  FieldProblem,
  type FormProblem,
  invalidProps,
  type LineItemDraft,
} from "./invoiceFormFields";

const COLUMNS = [
  ["name", "Name", "col-span-2 sm:col-span-1"],
  ["quantity", "Quantity", ""],
  ["unit_amount", "Unit amount", ""],
] as const;

/** The invoice's optional line items: add, edit, remove; they must add up to the amount. */
export function LineItemsField({
  items,
  onItems,
  onAdd,
  problem,
}: {
  items: LineItemDraft[];
  onItems: (items: LineItemDraft[]) => void;
  onAdd: () => void;
  problem: FormProblem;
}) {
  return (
    <fieldset>
      <legend className="text-sm font-medium">
        Line items{" "}
        <span className="font-normal text-slate-600 dark:text-slate-400">
          (optional; they must add up to the amount)
        </span>
      </legend>
      <div id="items" tabIndex={-1} className="mt-2 space-y-3">
        {items.map((item, index) => (
          <div
            key={item.key}
            className="grid grid-cols-2 gap-2 rounded-lg p-3 ring-1 ring-slate-200 sm:grid-cols-[1fr_6rem_8rem_auto] sm:items-start dark:ring-slate-800"
          >
            {COLUMNS.map(([field, label, span]) => {
              const id = `item-${index}-${field}`;
              return (
                <div key={field} className={span}>
                  <label htmlFor={id} className="block text-xs font-medium">
                    {label} <span className="sr-only">of item {index + 1}</span>
                  </label>
                  <input
                    id={id}
                    value={item[field]}
                    inputMode={
                      field === "name" ? undefined : field === "quantity" ? "numeric" : "decimal"
                    }
                    onChange={(event) =>
                      onItems(
                        items.map((candidate) =>
                          candidate.key === item.key
                            ? { ...candidate, [field]: event.target.value }
                            : candidate,
                        ),
                      )
                    }
                    className={FIELD}
                    {...invalidProps(problem, id)}
                  />
                  <FieldProblem problem={problem} id={id} />
                </div>
              );
            })}
            <button
              type="button"
              onClick={() => onItems(items.filter((candidate) => candidate.key !== item.key))}
              className="col-span-2 justify-self-start rounded-md px-2.5 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100 sm:col-span-1 sm:mt-5 dark:text-slate-200 dark:ring-slate-700 dark:hover:bg-slate-800"
            >
              Remove <span className="sr-only">item {index + 1}</span>
            </button>
          </div>
        ))}
      </div>
      <FieldProblem problem={problem} id="items" />
      <button
        type="button"
        onClick={onAdd}
        className="mt-3 rounded-md px-2.5 py-1.5 text-sm font-medium text-indigo-700 ring-1 ring-indigo-300 hover:bg-indigo-50 dark:text-indigo-200 dark:ring-indigo-500/50 dark:hover:bg-indigo-500/10"
      >
        Add a line item
      </button>
    </fieldset>
  );
}
