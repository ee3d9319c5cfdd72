import { LinkMessage } from "@/components/paymentLinks/LinkMessage";

export default function PaymentLinkNotFound() {
  return (
    <LinkMessage
      title="Payment link not found"
      body="There is no payment link at this address. Check the link, or ask the merchant for a new one."
    />
  );
}
