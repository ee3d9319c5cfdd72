import type { Messages } from "./en";

/** Español */
export const es: Messages = {
  "page.title": "Pagar a {merchant}",
  "page.testMode": "Modo de prueba",
  "page.order": "Pedido {id}",
  "page.items": "Lo que estás pagando",
  "page.itemQuantity": "{quantity} × {unit}",
  "page.total": "Total",
  "page.tokenAmount": "{amount} en {chain}",
  "page.footer":
    "Pagas desde tu billetera directamente al comercio. Sin tarjeta, sin custodia, sin comisiones aparte del gas.",
  "page.language": "Idioma",
  "page.invoiceId": "Factura {id}",
  "page.close": "Cerrar",

  "countdown.expiresIn": "Vence en {time}",
  "countdown.expiresAt": "Vence el {time}",
  "countdown.expired": "Vencida",

  "status.open": "Abierta",
  "status.processing": "En proceso",
  "status.paid": "Pagada",
  "status.expired": "Vencida",
  "status.canceled": "Cancelada",

  "tabs.label": "Cómo pagar",
  "tabs.wallet": "Billetera del navegador",
  "tabs.manual": "Otra billetera o exchange",

  "options.legend": "Pagar con",
  "options.on": "en {chain}",
  "options.balance": "Tienes {amount}",

  "wallet.loading": "Cargando billeteras…",
  "wallet.connect": "Conectar billetera",
  "wallet.useDemo": "Usar la billetera de demostración",
  "wallet.demoNote":
    "¿No tienes billetera? La billetera de demostración es una cuenta de prueba con fondos en esta cadena local: paga con tokens de prueba, en este navegador.",
  "wallet.useDemoWithoutGas": "Billetera de demostración sin ETH",
  "wallet.demoWithoutGasNote":
    "La que no tiene ETH guarda tokens de prueba y nada de ETH: paga con una firma, y el comercio paga la comisión de red.",
  "wallet.pay": "Pagar {amount}",
  "wallet.switchAndPay": "Cambiar de red y pagar {amount}",
  "wallet.switching": "Cambia a {chain} en tu billetera…",
  "wallet.confirm": "Confirma en tu billetera…",
  "wallet.from": "Desde {address}",
  "wallet.change": "Cambiar de billetera",
  "wallet.wrongNetwork": "Tu billetera está en otra red; este pago es en {chain}.",
  "wallet.switchTo": "Cambiar a {chain}",
  "wallet.lowToken":
    "Tu saldo es {balance} y este pago necesita {amount}. Añade {symbol} a esta billetera o elige otro token.",
  "wallet.lowGas":
    "Necesitas un poco de {symbol} en {chain} para la comisión de red (unos {fee}); esta billetera tiene {balance}. Añade {symbol} a esta billetera o paga desde otra billetera o exchange.",
  "wallet.lowGasSignature":
    "Necesitas un poco de {symbol} en {chain} para la comisión de red (unos {fee}); esta billetera tiene {balance}. Paga con una firma en su lugar: no necesita {symbol}.",
  "wallet.error.switchRejected": "Tu billetera sigue en otra red. Cámbiala a {chain} para pagar.",
  "wallet.error.sendRejected": "Rechazaste la transacción en tu billetera. No se envió nada.",
  "wallet.error.insufficient":
    "Tu billetera no tiene suficiente gas de {chain} o tokens para este pago.",
  "wallet.error.switchFailed":
    "Tu billetera no pudo cambiar a {chain}. Cambia de red en la billetera y vuelve a pulsar Pagar.",
  "wallet.error.sendFailed":
    "La billetera no pudo enviar la transacción ({reason}). No se pagó nada; puedes intentarlo de nuevo.",
  "wallet.error.callsFailed":
    "Tu billetera informa que el pago falló en la cadena. No se pagó nada; puedes intentarlo de nuevo.",

  "wallet.error.signRejected": "Rechazaste la firma en tu billetera. No se firmó ni se pagó nada.",
  "wallet.error.signUnsupported":
    "Tu billetera no puede firmar este tipo de pago. Paga con una transacción en su lugar.",
  "wallet.error.signFailed":
    "La billetera no pudo firmar el pago ({reason}). No se pagó nada; puedes intentarlo de nuevo.",
  "signature.title": "Paga con una firma, sin necesidad de {symbol}",
  "signature.summary":
    "Autorizas una transferencia de {amount} a {merchant} ({address}), válida hasta {time}.",
  "signature.fee":
    "Tu billetera pide una firma, no una transacción: {merchant} paga la comisión de red, y esta firma solo puede pagar esta factura una vez.",
  "signature.sign": "Firmar para pagar {amount}",
  "signature.switchAndSign": "Cambiar de red y firmar para pagar {amount}",
  "signature.signing": "Firma en tu billetera…",
  "signature.useTransaction": "Pagar con una transacción",
  "signature.useSignature": "Pagar con una firma, sin necesidad de {symbol}",
  "steps.label": "Progreso del pago",
  "steps.awaiting": "Esperando el pago",
  "steps.sent": "Enviado",
  "steps.confirming": "Confirmando",
  "steps.paid": "Pagado",
  "steps.current": "paso actual",
  "steps.done": "hecho",
  "progress.checking": "Comprobando tu transacción…",
  "progress.relaying": "Enviando tu pago firmado a la red…",
  "progress.sent": "Transacción enviada: esperando a que se incluya en un bloque.",
  "progress.unseen": "Transacción enviada: esperando a que la red la vea.",
  "progress.unreachable":
    "No pudimos contactar con el servidor para confirmar tu pago. Tu transacción está en camino; deja esta página abierta o recárgala en un minuto.",
  "progress.unrecorded":
    "Tu transacción está en camino; esta página se actualiza cuando se mine, así que déjala abierta.",
  "progress.payAnotherWay": "¿Sigues esperando? Paga de otra forma",
  "progress.confirming": "{count} de {required} confirmaciones",
  "progress.transaction": "Transacción {hash}",
  "progress.rejectedTitle": "Esa transacción no pagó esta factura",
  "progress.replacedTitle": "Tu billetera reemplazó esa transacción",
  "progress.replacedBody":
    "Se aceleró o se canceló, así que no llegará por sí misma. Un pago acelerado sigue contando y aparece aquí cuando se mina; tras una cancelación, vuelve a pagar abajo.",

  "rejection.wrong_chain":
    "Esta factura no se puede pagar en esa red; elige una de las redes que ofrece.",
  "rejection.transaction_failed":
    "La transacción falló en la cadena, así que no se pagó nada; puedes intentarlo de nuevo.",
  "rejection.no_matching_transfer":
    "La transacción no envía un token aceptado a la dirección de este comercio.",
  "rejection.reference_mismatch":
    "La transacción no lleva la referencia de esta factura; pagó otra cosa.",
  "rejection.amount_too_small":
    "La transferencia es inferior al importe mínimo que puede tener un pago, así que no se contabilizó; paga el importe pendiente.",
  "rejection.token_not_accepted":
    "La transacción paga con un token que esta factura no acepta; el comercio puede verla y reembolsarla.",
  "rejection.transaction_already_used": "Esta transacción ya pagó otra factura.",
  "rejection.invoice_not_payable": "Esta factura ya no se puede pagar; pide una nueva al comercio.",
  "rejection.unknown": "Esa transacción no se puede usar para esta factura.",

  "authorization.gasless_unavailable":
    "Pagar con una firma no está disponible para este pago. Paga con una transacción en su lugar.",
  "authorization.authorization_mismatch":
    "Tu firma ya no corresponde a este pago tal como está ahora (puede que hayan cambiado el importe o el plazo). No se pagó nada; revisa el importe y vuelve a firmar.",
  "authorization.invalid_signature":
    "La firma de tu billetera no corresponde a este pago. No se pagó nada; vuelve a firmar o paga con una transacción.",
  "authorization.authorization_expired":
    "Esta factura vence demasiado pronto para que un pago firmado llegue a tiempo. No se pagó nada; pide una nueva factura al comercio.",
  "authorization.authorization_used":
    "Este pago firmado ya se envió; esta página lo mostrará en cuanto la red lo tenga.",
  "authorization.insufficient_balance":
    "Esta billetera tiene menos {symbol} del que necesita este pago. Añade {symbol} o elige otro token u otra billetera.",
  "authorization.payment_in_progress":
    "Ya hay un pago de esta factura en camino; esta página se actualiza cuando esté en la cadena.",
  "authorization.relayer_unavailable":
    "Pagar con una firma no está disponible ahora mismo. Paga con una transacción; necesita un poco de {symbol} para la comisión de red.",
  "authorization.rate_limited":
    "Demasiados intentos desde aquí. Espera un minuto y vuelve a firmar.",
  "authorization.chain_unavailable":
    "No se pudo contactar con la red para comprobar tu firma. No se pagó nada; inténtalo de nuevo en un momento.",
  "authorization.unreachable":
    "No pudimos hacer llegar tu pago firmado al servidor. Revisa tu conexión y vuelve a firmar: esta factura solo se puede pagar una vez con una firma.",
  "authorization.unknown":
    "Tu pago firmado no se pudo usar para esta factura. No se pagó nada; vuelve a firmar o paga con una transacción.",
  "underpaid.title": "Pagada en parte",
  "underpaid.body": "Se recibieron {paid}. Paga los {due} restantes para completar este pedido.",

  "paid.title": "Pago recibido",
  "paid.body": "{amount} pagados a {merchant}",
  "paid.overpaid": "Pagaste {extra} más de lo pedido. Contacta con {merchant} por la diferencia.",
  "paid.multiple":
    "Esta factura se pagó más de una vez. Contacta con {merchant} por el pago de más.",
  "paid.late": "El pago llegó después de que venciera la factura; se ha avisado a {merchant}.",
  "receipt.title": "Recibo",
  "receipt.amount": "Importe",
  "receipt.network": "Red",
  "receipt.transaction": "Transacción",
  "receipt.time": "Pagado",
  "receipt.invoice": "Factura",
  "receipt.noExplorer": "esta red no tiene explorador de bloques",
  "receipt.return": "Volver a {merchant}",
  "receipt.redirecting": "Volviendo a {merchant} en {seconds} s…",
  "receipt.stay": "Quedarme en esta página",

  "expired.title": "Esta factura ha vencido",
  "expired.body": "Pide a {merchant} una factura nueva. No envíes un pago para esta.",
  "expired.late":
    "¿Enviaste un pago justo antes de que venciera? Deja esta página abierta: un pago completo que llega tarde se sigue reconociendo y aparecerá aquí.",
  "expired.partial":
    "Se recibieron {amount} antes de que venciera; contacta con {merchant} al respecto.",
  "canceled.title": "Esta factura se canceló",
  "canceled.body": "{merchant} canceló esta factura, así que ya no se puede pagar.",
  "canceled.nothingTaken": "No se cobró nada de tu billetera.",
  "canceled.next": "Si aún quieres pagar, pide a {merchant} un enlace de pago nuevo.",
  "canceled.partial":
    "Se recibieron {amount} después de la cancelación; contacta con {merchant} al respecto.",

  "manual.qr": "Código QR: envía {amount} {symbol} en {chain}",
  "manual.amount": "Importe exacto",
  "manual.address": "A esta dirección en {chain}",
  "manual.copyAmount": "Copiar importe",
  "manual.copyAddress": "Copiar dirección",
  "manual.warning":
    "Envía exactamente {amount} {symbol} en {chain}: reconocemos tu pago por el importe, así que cualquier otro importe, token o red no contará. Si tu exchange descuenta una comisión, súmala para que llegue exactamente este importe.",
  "manual.contract":
    "Contrato de {symbol} {address}. Esta página se actualiza sola cuando la transferencia esté en la cadena.",
  "manual.unavailable":
    "La transferencia manual no está disponible ahora para esta factura; paga desde una billetera del navegador.",
  "copy.copy": "Copiar",
  "copy.copied": "Copiado",
};
