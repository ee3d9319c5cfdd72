import type { Messages } from "./en";

/** 日本語 */
export const ja: Messages = {
  "page.title": "{merchant} へのお支払い",
  "page.testMode": "テストモード",
  "page.order": "注文 {id}",
  "page.items": "お支払い内容",
  "page.itemQuantity": "{quantity} × {unit}",
  "page.total": "合計",
  "page.tokenAmount": "{amount}（{chain}）",
  "page.footer":
    "ウォレットから加盟店へ直接お支払い。カード不要、預かりなし、ガス代以外の手数料はかかりません。",
  "page.language": "言語",
  "page.invoiceId": "請求書 {id}",
  "page.close": "閉じる",

  "countdown.expiresIn": "有効期限まで {time}",
  "countdown.expiresAt": "有効期限 {time}",
  "countdown.expired": "期限切れ",

  "status.open": "未払い",
  "status.processing": "処理中",
  "status.paid": "支払い済み",
  "status.expired": "期限切れ",
  "status.canceled": "キャンセル済み",

  "tabs.label": "お支払い方法",
  "tabs.wallet": "ブラウザウォレット",
  "tabs.manual": "他のウォレット・取引所",

  "options.legend": "支払い通貨",
  "options.on": "{chain} ネットワーク",
  "options.balance": "残高 {amount}",

  "wallet.loading": "ウォレットを読み込み中…",
  "wallet.connect": "ウォレットを接続",
  "wallet.useDemo": "デモウォレットを使う",
  "wallet.demoNote":
    "ウォレットをお持ちでない場合：デモウォレットはこのローカルチェーン上の残高のあるテスト用アカウントで、このブラウザ内でテストトークンで支払います。",
  "wallet.useDemoWithoutGas": "ETH なしのデモウォレット",
  "wallet.demoWithoutGasNote":
    "ETH なしのデモウォレットはテストトークンだけを持ち、ETH はまったくありません。署名で支払い、ネットワーク手数料は加盟店が負担します。",
  "wallet.pay": "{amount} を支払う",
  "wallet.switchAndPay": "ネットワークを切り替えて {amount} を支払う",
  "wallet.switching": "ウォレットで {chain} に切り替えてください…",
  "wallet.confirm": "ウォレットで確認してください…",
  "wallet.from": "支払元 {address}",
  "wallet.change": "ウォレットを変更",
  "wallet.wrongNetwork":
    "ウォレットが別のネットワークに接続されています。このお支払いは {chain} です。",
  "wallet.switchTo": "{chain} に切り替える",
  "wallet.lowToken":
    "残高は {balance} で、このお支払いには {amount} が必要です。このウォレットに {symbol} を追加するか、別のトークンを選んでください。",
  "wallet.lowGas":
    "ネットワーク手数料（約 {fee}）のために {chain} の {symbol} が少し必要です。このウォレットの残高は {balance} です。このウォレットに {symbol} を追加するか、他のウォレット・取引所からお支払いください。",
  "wallet.lowGasSignature":
    "ネットワーク手数料（約 {fee}）のために {chain} の {symbol} が少し必要です。このウォレットの残高は {balance} です。代わりに署名で支払ってください。{symbol} は不要です。",
  "wallet.error.switchRejected":
    "ウォレットは別のネットワークのままです。支払うには {chain} に切り替えてください。",
  "wallet.error.sendRejected": "ウォレットで取引を拒否しました。何も送金されていません。",
  "wallet.error.insufficient":
    "このお支払いに必要な {chain} のガス代またはトークンがウォレットに足りません。",
  "wallet.error.switchFailed":
    "ウォレットを {chain} に切り替えられませんでした。ウォレットでネットワークを切り替えてから、もう一度「支払う」を押してください。",
  "wallet.error.sendFailed":
    "ウォレットが取引を送信できませんでした（{reason}）。支払いは行われていません。もう一度お試しください。",
  "wallet.error.callsFailed":
    "ウォレットによると、お支払いはオンチェーンで失敗しました。支払いは行われていません。もう一度お試しください。",

  "wallet.error.signRejected": "ウォレットで署名を拒否しました。署名も支払いも行われていません。",
  "wallet.error.signUnsupported":
    "このウォレットはこの種類の支払いに署名できません。代わりに取引で支払ってください。",
  "wallet.error.signFailed":
    "ウォレットが支払いに署名できませんでした（{reason}）。支払いは行われていません。もう一度お試しください。",
  "signature.title": "署名で支払う（{symbol} 不要）",
  "signature.summary":
    "{merchant}（{address}）への {amount} の送金を承認します。有効期限は {time} です。",
  "signature.fee":
    "ウォレットが求めるのは取引ではなく署名です。ネットワーク手数料は {merchant} が負担し、この署名でこの請求書を支払えるのは一度だけです。",
  "signature.sign": "署名して {amount} を支払う",
  "signature.switchAndSign": "ネットワークを切り替え、署名して {amount} を支払う",
  "signature.signing": "ウォレットで署名してください…",
  "signature.useTransaction": "代わりに取引で支払う",
  "signature.useSignature": "代わりに署名で支払う（{symbol} 不要）",
  "steps.label": "お支払いの進捗",
  "steps.awaiting": "お支払い待ち",
  "steps.sent": "送信済み",
  "steps.confirming": "承認中",
  "steps.paid": "支払い完了",
  "steps.current": "現在のステップ",
  "steps.done": "完了",
  "progress.checking": "取引を確認しています…",
  "progress.relaying": "署名済みのお支払いをネットワークに送信しています…",
  "progress.sent": "取引を送信しました。ブロックに取り込まれるのを待っています。",
  "progress.unseen": "取引を送信しました。ネットワークに認識されるのを待っています。",
  "progress.unreachable":
    "お支払いを確認するためにサーバーに接続できませんでした。取引は処理中です。このページを開いたままにするか、1 分後に再読み込みしてください。",
  "progress.unrecorded":
    "取引は処理中です。マイニングされるとこのページが更新されるので、開いたままにしてください。",
  "progress.payAnotherWay": "まだ待っていますか？別の方法で支払う",
  "progress.confirming": "承認 {count} / {required}",
  "progress.transaction": "取引 {hash}",
  "progress.rejectedTitle": "その取引ではこの請求書を支払えませんでした",
  "progress.replacedTitle": "ウォレットがその取引を置き換えました",
  "progress.replacedBody":
    "取引が高速化またはキャンセルされたため、元の取引は記録されません。高速化された支払いは有効で、マイニングされるとここに表示されます。キャンセルした場合は、下からもう一度お支払いください。",

  "rejection.wrong_chain":
    "この請求書はそのネットワークでは支払えません。請求書が提示するネットワークを選んでください。",
  "rejection.transaction_failed":
    "取引がチェーン上で失敗したため、支払いは行われていません。もう一度お試しください。",
  "rejection.no_matching_transfer":
    "その取引は、この加盟店のアドレスに対応トークンを送っていません。",
  "rejection.reference_mismatch":
    "その取引にはこの請求書の参照番号が含まれていません。別の支払いです。",
  "rejection.amount_too_small":
    "送金額が支払いとして受け付けられる最低額を下回っているため、計上されませんでした。未払いの金額をお支払いください。",
  "rejection.token_not_accepted":
    "その取引は、この請求書で受け付けていないトークンで支払われています。加盟店はこれを確認して返金できます。",
  "rejection.transaction_already_used": "この取引はすでに別の請求書の支払いに使われています。",
  "rejection.invoice_not_payable":
    "この請求書はもう支払えません。加盟店に新しい請求書を依頼してください。",
  "rejection.unknown": "その取引はこの請求書には使えません。",

  "authorization.gasless_unavailable":
    "このお支払いは署名では支払えません。代わりに取引で支払ってください。",
  "authorization.authorization_mismatch":
    "署名が現在のお支払い内容と一致しません（金額または期限が変わった可能性があります）。支払いは行われていません。金額を確認して、もう一度署名してください。",
  "authorization.invalid_signature":
    "ウォレットの署名がこのお支払いと一致しません。支払いは行われていません。もう一度署名するか、取引で支払ってください。",
  "authorization.authorization_expired":
    "この請求書は期限が近すぎて、署名による支払いが間に合いません。支払いは行われていません。加盟店に新しい請求書を依頼してください。",
  "authorization.authorization_used":
    "この署名済みのお支払いはすでに送信されています。ネットワークが受け取り次第、このページに表示されます。",
  "authorization.insufficient_balance":
    "このウォレットの {symbol} がこのお支払いに足りません。{symbol} を追加するか、別のトークンまたはウォレットを選んでください。",
  "authorization.payment_in_progress":
    "この請求書のお支払いはすでに処理中です。オンチェーンに記録されるとこのページが更新されます。",
  "authorization.relayer_unavailable":
    "現在、署名での支払いはご利用いただけません。代わりに取引で支払ってください。ネットワーク手数料として {symbol} が少し必要です。",
  "authorization.rate_limited": "試行回数が多すぎます。1 分待ってから、もう一度署名してください。",
  "authorization.chain_unavailable":
    "署名を確認するためにネットワークに接続できませんでした。支払いは行われていません。しばらくしてからもう一度お試しください。",
  "authorization.unreachable":
    "署名済みのお支払いをサーバーに届けられませんでした。接続を確認して、もう一度署名してください。署名による支払いはこの請求書につき一度しか行われません。",
  "authorization.unknown":
    "署名済みのお支払いをこの請求書に使えませんでした。支払いは行われていません。もう一度署名するか、取引で支払ってください。",
  "underpaid.title": "一部支払い済み",
  "underpaid.body": "{paid} を受け取りました。注文を完了するには残りの {due} をお支払いください。",

  "paid.title": "お支払いを受け付けました",
  "paid.body": "{merchant} に {amount} を支払いました",
  "paid.overpaid":
    "請求額より {extra} 多く支払われました。差額については {merchant} にお問い合わせください。",
  "paid.multiple":
    "この請求書は複数回支払われました。余分な支払いについては {merchant} にお問い合わせください。",
  "paid.late": "お支払いは請求書の期限後に届きました。{merchant} には通知済みです。",
  "receipt.title": "領収書",
  "receipt.amount": "金額",
  "receipt.network": "ネットワーク",
  "receipt.transaction": "取引",
  "receipt.time": "支払日時",
  "receipt.invoice": "請求書",
  "receipt.noExplorer": "このネットワークにはブロックエクスプローラーがありません",
  "receipt.return": "{merchant} に戻る",
  "receipt.redirecting": "{seconds} 秒後に {merchant} に戻ります…",
  "receipt.stay": "このページにとどまる",

  "expired.title": "この請求書は期限切れです",
  "expired.body":
    "{merchant} に新しい請求書を依頼してください。この請求書には支払わないでください。",
  "expired.late":
    "期限直前に支払いましたか？このページを開いたままにしてください。遅れて届いた全額のお支払いも認識され、このページに表示されます。",
  "expired.partial": "期限前に {amount} を受け取っています。{merchant} にお問い合わせください。",
  "canceled.title": "この請求書はキャンセルされました",
  "canceled.body": "{merchant} がこの請求書をキャンセルしたため、もう支払えません。",
  "canceled.nothingTaken": "ウォレットからは何も引き落とされていません。",
  "canceled.next": "お支払いを続ける場合は、{merchant} に新しい支払いリンクをお求めください。",
  "canceled.partial":
    "キャンセル後に {amount} を受け取りました。{merchant} にお問い合わせください。",

  "manual.qr": "QR コード：{chain} で {amount} {symbol} を送金",
  "manual.amount": "正確な金額",
  "manual.address": "送金先アドレス（{chain}）",
  "manual.copyAmount": "金額をコピー",
  "manual.copyAddress": "アドレスをコピー",
  "manual.warning":
    "{chain} で正確に {amount} {symbol} を送金してください。金額でお支払いを識別するため、他の金額・トークン・ネットワークでは反映されません。取引所が手数料を差し引く場合は、ちょうどこの金額が届くように手数料を加えてください。",
  "manual.contract":
    "{symbol} コントラクト {address}。送金がチェーンに記録されると、このページは自動で更新されます。",
  "manual.unavailable":
    "現在この請求書には手動送金をご利用いただけません。ブラウザウォレットでお支払いください。",
  "copy.copy": "コピー",
  "copy.copied": "コピーしました",
};
