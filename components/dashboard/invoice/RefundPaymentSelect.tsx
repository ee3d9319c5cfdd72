import { formatTokenAmount } from "@/lib/money/formatTokenAmount";
import { shortAddress } from "./format";
import type { RefundablePayment } from "./RefundPanel";
import { refundInput } from "./refundStyles";

/** Which of the invoice's payments to refund, when there are several. */
export function RefundPaymentSelect({
  id,
  payments,
  value,
  onChange,
}: {
  id: string;
  payments: RefundablePayment[];
  value: string;
  onChange: (paymentId: string) => void;
}) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        Payment to refund
      </label>
      <select
        id={id}
        className={refundInput}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      >
        {payments.map((candidate) => (
          <option key={candidate.id} value={candidate.id}>
            {formatTokenAmount(candidate.amount, candidate.token_decimals, candidate.token_symbol)}{" "}
            on {candidate.chain_name} from {shortAddress(candidate.from)}
          </option>
        ))}
      </select>
    </div>
  );
}
