/**
 * The checkout's English text, the reference catalog: every other language has exactly these
 * keys and the same {placeholders} (checked by the compiler and by catalogs.test.ts).
 */
export const en = {
  "page.title": "Pay {merchant}",
  "page.testMode": "Test mode",
  "page.order": "Order {id}",
  "page.items": "What you are paying for",
  "page.itemQuantity": "{quantity} × {unit}",
  "page.total": "Total",
  "page.tokenAmount": "{amount} on {chain}",
  "page.footer":
    "Paid from your wallet straight to the merchant. No card, no custody, no fee beyond gas.",
  "page.language": "Language",
  "page.invoiceId": "Invoice {id}",
  "page.close": "Close",

  "countdown.expiresIn": "Expires in {time}",
  "countdown.expiresAt": "Expires {time}",
  "countdown.expired": "Expired",

  "status.open": "Open",
  "status.processing": "Processing",
  "status.paid": "Paid",
  "status.expired": "Expired",
  "status.canceled": "Canceled",

  "tabs.label": "How to pay",
  "tabs.wallet": "Browser wallet",
  "tabs.manual": "Other wallet or exchange",

  "options.legend": "Pay with",
  "options.on": "on {chain}",
  "options.balance": "You have {amount}",

  "wallet.loading": "Loading wallets…",
  "wallet.connect": "Connect wallet",
  "wallet.useDemo": "Use the demo wallet",
  "wallet.useDemoWithoutGas": "Demo wallet without ETH",
  "wallet.demoNote":
    "No wallet? The demo wallet is a funded test account on this local chain: it pays with test tokens, in this browser.",
  "wallet.demoWithoutGasNote":
    "The one without ETH holds test tokens and no ETH at all: it pays with a signature, and the merchant pays the network fee.",
  "wallet.pay": "Pay {amount}",
  "wallet.switchAndPay": "Switch network and pay {amount}",
  "wallet.switching": "Switch to {chain} in your wallet…",
  "wallet.confirm": "Confirm in your wallet…",
  "wallet.from": "From {address}",
  "wallet.change": "Change wallet",
  "wallet.wrongNetwork": "Your wallet is on another network; this payment is on {chain}.",
  "wallet.switchTo": "Switch to {chain}",
  "wallet.lowToken":
    "Your balance is {balance}, and this payment needs {amount}. Add {symbol} to this wallet or choose another token.",
  "wallet.lowGas":
    "You need a little {symbol} on {chain} for the network fee (about {fee}); this wallet has {balance}. Add {symbol} to this wallet, or pay from another wallet or exchange.",
  "wallet.lowGasSignature":
    "You need a little {symbol} on {chain} for the network fee (about {fee}); this wallet has {balance}. Pay with a signature instead: it needs no {symbol}.",
  "wallet.error.switchRejected":
    "Your wallet stayed on another network. Switch it to {chain} to pay.",
  "wallet.error.sendRejected": "You declined the transaction in your wallet. Nothing was sent.",
  "wallet.error.insufficient":
    "Your wallet does not have enough {chain} gas or tokens for this payment.",
  "wallet.error.switchFailed":
    "Your wallet could not switch to {chain}. Switch networks in the wallet, then press Pay again.",
  "wallet.error.sendFailed":
    "The wallet could not send the transaction ({reason}). Nothing was paid; you can try again.",
  "wallet.error.callsFailed":
    "Your wallet reports that the payment failed on-chain. Nothing was paid; you can try again.",
  "wallet.error.signRejected":
    "You declined the signature in your wallet. Nothing was signed or paid.",
  "wallet.error.signUnsupported":
    "Your wallet cannot sign this kind of payment. Pay with a transaction instead.",
  "wallet.error.signFailed":
    "The wallet could not sign the payment ({reason}). Nothing was paid; you can try again.",

  "signature.title": "Pay with a signature, no {symbol} needed",
  "signature.summary":
    "You authorize a transfer of {amount} to {merchant} ({address}), valid until {time}.",
  "signature.fee":
    "Your wallet asks for a signature, not a transaction: {merchant} pays the network fee, and this signature can pay this invoice only once.",
  "signature.sign": "Sign to pay {amount}",
  "signature.switchAndSign": "Switch network and sign to pay {amount}",
  "signature.signing": "Sign in your wallet…",
  "signature.useTransaction": "Pay with a transaction instead",
  "signature.useSignature": "Pay with a signature instead, no {symbol} needed",

  "steps.label": "Payment progress",
  "steps.awaiting": "Awaiting payment",
  "steps.sent": "Sent",
  "steps.confirming": "Confirming",
  "steps.paid": "Paid",
  "steps.current": "current step",
  "steps.done": "done",
  "progress.checking": "Checking your transaction…",
  "progress.relaying": "Sending your signed payment to the network…",
  "progress.sent": "Transaction sent: waiting for it to be included in a block.",
  "progress.unseen": "Transaction sent: waiting for the network to see it.",
  "progress.unreachable":
    "We could not reach the server to confirm your payment. Your transaction is on its way; keep this page open or reload it in a minute.",
  "progress.unrecorded":
    "Your transaction is on its way; this page updates once it is mined, so keep it open.",
  "progress.payAnotherWay": "Still waiting? Pay another way",
  "progress.confirming": "{count} of {required} confirmations",
  "progress.transaction": "Transaction {hash}",
  "progress.rejectedTitle": "That transaction did not pay this invoice",
  "progress.replacedTitle": "Your wallet replaced that transaction",
  "progress.replacedBody":
    "It was sped up or canceled, so it will not land itself. A sped-up payment still counts and shows here once mined; after a cancel, pay again below.",

  "rejection.wrong_chain":
    "This invoice cannot be paid on that network; choose one of the networks it offers.",
  "rejection.transaction_failed":
    "The transaction failed on-chain, so nothing was paid; you can try again.",
  "rejection.no_matching_transfer":
    "The transaction does not send an accepted token to this merchant's address.",
  "rejection.reference_mismatch":
    "The transaction does not carry this invoice's reference; it paid something else.",
  "rejection.amount_too_small":
    "The transfer is below the smallest amount a payment may be, so it was not counted; pay the amount due.",
  "rejection.token_not_accepted":
    "The transaction pays in a token this invoice does not take; the merchant can see it and refund it.",
  "rejection.transaction_already_used": "This transaction has already paid a different invoice.",
  "rejection.invoice_not_payable":
    "This invoice can no longer be paid; ask the merchant for a new one.",
  "rejection.unknown": "That transaction could not be used for this invoice.",

  "authorization.gasless_unavailable":
    "Paying with a signature is not offered for this payment. Pay with a transaction instead.",
  "authorization.authorization_mismatch":
    "Your signature does not fit this payment as it stands now (its amount or deadline may have changed). Nothing was paid; check the amount and sign again.",
  "authorization.invalid_signature":
    "Your wallet's signature does not match this payment. Nothing was paid; sign again, or pay with a transaction instead.",
  "authorization.authorization_expired":
    "This invoice expires too soon for a signed payment to go through. Nothing was paid; ask the merchant for a new invoice.",
  "authorization.authorization_used":
    "This signed payment was already sent; this page shows it as soon as the network has it.",
  "authorization.insufficient_balance":
    "This wallet holds less {symbol} than this payment needs. Add {symbol} to it, or choose another token or wallet.",
  "authorization.payment_in_progress":
    "A payment for this invoice is already on its way; this page updates once it is on-chain.",
  "authorization.relayer_unavailable":
    "Paying with a signature is not available right now. Pay with a transaction instead; it needs a little {symbol} for the network fee.",
  "authorization.rate_limited": "Too many tries from here. Wait a minute, then sign again.",
  "authorization.chain_unavailable":
    "The network could not be reached to check your signature. Nothing was paid; try again in a moment.",
  "authorization.unreachable":
    "We could not reach the server with your signed payment. Check your connection and sign again: this invoice can be paid only once by signature.",
  "authorization.unknown":
    "Your signed payment could not be used for this invoice. Nothing was paid; sign again, or pay with a transaction instead.",

  "underpaid.title": "Partly paid",
  "underpaid.body": "{paid} received. Pay the remaining {due} to complete this order.",

  "paid.title": "Payment received",
  "paid.body": "{amount} paid to {merchant}",
  "paid.overpaid": "You paid {extra} more than was asked. Contact {merchant} about the difference.",
  "paid.multiple":
    "This invoice was paid more than once. Contact {merchant} about the extra payment.",
  "paid.late": "The payment arrived after the invoice expired; {merchant} has been told.",
  "receipt.title": "Receipt",
  "receipt.amount": "Amount",
  "receipt.network": "Network",
  "receipt.transaction": "Transaction",
  "receipt.time": "Paid",
  "receipt.invoice": "Invoice",
  "receipt.noExplorer": "no block explorer on this network",
  "receipt.return": "Return to {merchant}",
  "receipt.redirecting": "Returning to {merchant} in {seconds} s…",
  "receipt.stay": "Stay on this page",

  "expired.title": "This invoice has expired",
  "expired.body": "Ask {merchant} for a new invoice. Do not send a payment for this one.",
  "expired.late":
    "Sent a payment just before it expired? Keep this page open: a full payment that lands late is still recognised, and this page will show it.",
  "expired.partial": "{amount} was received before it expired; contact {merchant} about it.",
  "canceled.title": "This invoice was canceled",
  "canceled.body": "{merchant} canceled this invoice, so it can no longer be paid.",
  "canceled.nothingTaken": "Nothing was taken from your wallet.",
  "canceled.next": "If you still want to pay, ask {merchant} for a new payment link.",
  "canceled.partial": "{amount} was received after it was canceled; contact {merchant} about it.",

  "manual.qr": "QR code: send {amount} {symbol} on {chain}",
  "manual.amount": "Amount, exactly",
  "manual.address": "To this address on {chain}",
  "manual.copyAmount": "Copy amount",
  "manual.copyAddress": "Copy address",
  "manual.warning":
    "Send exactly {amount} {symbol} on {chain}: the amount is how we recognise your payment, so any other amount, token or network will not count. If your exchange deducts a fee, add it so that exactly this amount arrives.",
  "manual.contract":
    "{symbol} contract {address}. This page updates by itself once the transfer is on-chain.",
  "manual.unavailable":
    "A manual transfer is not available for this invoice right now; pay from a browser wallet.",
  "copy.copy": "Copy",
  "copy.copied": "Copied",
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
