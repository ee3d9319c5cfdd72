"use client";

import type { CheckoutInvoice } from "@/lib/checkout/view";
import { formatMoney } from "@/lib/i18n/format";
import { useI18n } from "./i18n";
import { warningNote } from "./styles";

/** Part of the invoice is paid: how much, and how much is still due. */
export function UnderpaidNote({ invoice }: { invoice: CheckoutInvoice }) {
  const { t, locale } = useI18n();
  return (
    <div className={`mb-4 ${warningNote}`} data-testid="underpaid">
      <p className="font-semibold">{t("underpaid.title")}</p>
      <p>
        {t("underpaid.body", {
          paid: formatMoney(invoice.amount_paid, invoice.currency, locale),
          due: formatMoney(invoice.amount_due, invoice.currency, locale),
        })}
      </p>
    </div>
  );
}
