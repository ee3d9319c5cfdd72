/** The invoice the demo store issues on `npm start` and from the home page's button. */
export function demoInvoiceBody() {
  return {
    amount: "25.00",
    currency: "USD",
    description: "Demo order: one coffee bean subscription",
    order_id: `DEMO-${Date.now().toString(36).toUpperCase()}`,
  };
}
