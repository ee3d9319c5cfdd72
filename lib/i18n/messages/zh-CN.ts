import type { Messages } from "./en";

/** 简体中文 */
export const zhCN: Messages = {
  "page.title": "向 {merchant} 付款",
  "page.testMode": "测试模式",
  "page.order": "订单 {id}",
  "page.items": "付款内容",
  "page.itemQuantity": "{quantity} × {unit}",
  "page.total": "合计",
  "page.tokenAmount": "{amount}，{chain} 网络",
  "page.footer": "从您的钱包直接付款给商家。无需银行卡，无托管，除网络手续费外无任何费用。",
  "page.language": "语言",
  "page.invoiceId": "账单 {id}",
  "page.close": "关闭",

  "countdown.expiresIn": "{time} 后过期",
  "countdown.expiresAt": "过期时间 {time}",
  "countdown.expired": "已过期",

  "status.open": "待付款",
  "status.processing": "处理中",
  "status.paid": "已付款",
  "status.expired": "已过期",
  "status.canceled": "已取消",

  "tabs.label": "付款方式",
  "tabs.wallet": "浏览器钱包",
  "tabs.manual": "其他钱包或交易所",

  "options.legend": "付款币种",
  "options.on": "{chain} 网络",
  "options.balance": "余额 {amount}",

  "wallet.loading": "正在加载钱包…",
  "wallet.connect": "连接钱包",
  "wallet.useDemo": "使用演示钱包",
  "wallet.demoNote":
    "没有钱包？演示钱包是本地测试链上一个有余额的测试账户：它在本浏览器中用测试代币付款。",
  "wallet.useDemoWithoutGas": "无 ETH 的演示钱包",
  "wallet.demoWithoutGasNote":
    "无 ETH 的演示钱包只持有测试代币，没有任何 ETH：它通过签名付款，网络手续费由商家支付。",
  "wallet.pay": "支付 {amount}",
  "wallet.switchAndPay": "切换网络并支付 {amount}",
  "wallet.switching": "请在钱包中切换到 {chain}…",
  "wallet.confirm": "请在钱包中确认…",
  "wallet.from": "付款账户 {address}",
  "wallet.change": "更换钱包",
  "wallet.wrongNetwork": "您的钱包连接在其他网络上；本次付款在 {chain} 网络。",
  "wallet.switchTo": "切换到 {chain}",
  "wallet.lowToken":
    "您的余额为 {balance}，本次付款需要 {amount}。请向此钱包充值 {symbol}，或选择其他代币。",
  "wallet.lowGas":
    "您需要少量 {chain} 网络上的 {symbol} 支付网络手续费（约 {fee}）；此钱包有 {balance}。请向此钱包充值 {symbol}，或使用其他钱包或交易所付款。",
  "wallet.lowGasSignature":
    "您需要少量 {chain} 网络上的 {symbol} 支付网络手续费（约 {fee}）；此钱包有 {balance}。请改用签名付款：无需 {symbol}。",
  "wallet.error.switchRejected": "您的钱包仍在其他网络上。请切换到 {chain} 后付款。",
  "wallet.error.sendRejected": "您在钱包中拒绝了这笔交易，未发送任何款项。",
  "wallet.error.insufficient": "您的钱包没有足够的 {chain} 手续费或代币来完成付款。",
  "wallet.error.switchFailed": "您的钱包无法切换到 {chain}。请在钱包中切换网络，然后再次点击支付。",
  "wallet.error.sendFailed": "钱包无法发送交易（{reason}）。未支付任何款项，您可以重试。",
  "wallet.error.callsFailed": "钱包报告付款在链上失败，未支付任何款项，您可以重试。",

  "wallet.error.signRejected": "您在钱包中拒绝了签名，未签署也未支付任何款项。",
  "wallet.error.signUnsupported": "您的钱包无法签署这类付款。请改用交易付款。",
  "wallet.error.signFailed": "钱包无法签署付款（{reason}）。未支付任何款项，您可以重试。",
  "signature.title": "用签名付款，无需 {symbol}",
  "signature.summary": "您授权向 {merchant}（{address}）转账 {amount}，有效期至 {time}。",
  "signature.fee":
    "钱包请求的是签名，而不是交易：网络手续费由 {merchant} 支付，且此签名只能为本账单付款一次。",
  "signature.sign": "签名支付 {amount}",
  "signature.switchAndSign": "切换网络并签名支付 {amount}",
  "signature.signing": "请在钱包中签名…",
  "signature.useTransaction": "改用交易付款",
  "signature.useSignature": "改用签名付款，无需 {symbol}",
  "steps.label": "付款进度",
  "steps.awaiting": "等待付款",
  "steps.sent": "已发送",
  "steps.confirming": "确认中",
  "steps.paid": "已付款",
  "steps.current": "当前步骤",
  "steps.done": "已完成",
  "progress.checking": "正在核对您的交易…",
  "progress.relaying": "正在将您签名的付款发送到网络…",
  "progress.sent": "交易已发送：等待被打包进区块。",
  "progress.unseen": "交易已发送：等待网络识别该交易。",
  "progress.unreachable":
    "无法连接服务器确认您的付款。您的交易正在处理中；请保持本页打开，或一分钟后刷新。",
  "progress.unrecorded": "您的交易正在处理中；交易上链后本页会自动更新，请保持本页打开。",
  "progress.payAnotherWay": "还在等待？换一种方式付款",
  "progress.confirming": "已确认 {count} / {required}",
  "progress.transaction": "交易 {hash}",
  "progress.rejectedTitle": "该交易未能支付此账单",
  "progress.replacedTitle": "您的钱包替换了该交易",
  "progress.replacedBody":
    "该交易已被加速或取消，原交易不会上链。加速后的付款仍然有效，上链后会显示在这里；如已取消，请在下方重新付款。",

  "rejection.wrong_chain": "此账单不能在该网络上支付；请选择账单提供的网络之一。",
  "rejection.transaction_failed": "该交易在链上执行失败，未支付任何款项；您可以重试。",
  "rejection.no_matching_transfer": "该交易没有向此商家的地址发送可接受的代币。",
  "rejection.reference_mismatch": "该交易不带有此账单的参考码；它支付的是其他款项。",
  "rejection.amount_too_small": "该转账低于单笔付款的最低金额，因此未被计入；请支付应付金额。",
  "rejection.token_not_accepted":
    "该交易使用了此账单不接受的代币付款；商家可以看到这笔款项并退款。",
  "rejection.transaction_already_used": "该交易已经支付了另一张账单。",
  "rejection.invoice_not_payable": "此账单已无法支付；请向商家索取新的账单。",
  "rejection.unknown": "该交易不能用于此账单。",

  "authorization.gasless_unavailable": "此付款不支持签名付款。请改用交易付款。",
  "authorization.authorization_mismatch":
    "您的签名与当前的付款不符（金额或期限可能已变更）。未支付任何款项；请核对金额后重新签名。",
  "authorization.invalid_signature":
    "钱包的签名与此付款不符。未支付任何款项；请重新签名，或改用交易付款。",
  "authorization.authorization_expired":
    "此账单即将过期，签名付款来不及完成。未支付任何款项；请向商家索取新的账单。",
  "authorization.authorization_used": "这笔签名付款已经发送；网络收到后本页会立即显示。",
  "authorization.insufficient_balance":
    "此钱包的 {symbol} 不足以支付本次付款。请充值 {symbol}，或选择其他代币或钱包。",
  "authorization.payment_in_progress": "此账单的一笔付款正在处理中；上链后本页会自动更新。",
  "authorization.relayer_unavailable":
    "签名付款暂时不可用。请改用交易付款；这需要少量 {symbol} 支付网络手续费。",
  "authorization.rate_limited": "尝试次数过多。请等待一分钟后再签名。",
  "authorization.chain_unavailable": "无法连接网络核对您的签名。未支付任何款项；请稍后重试。",
  "authorization.unreachable":
    "无法将您签名的付款送达服务器。请检查网络连接后重新签名：每张账单只能通过签名付款一次。",
  "authorization.unknown":
    "您签名的付款无法用于此账单。未支付任何款项；请重新签名，或改用交易付款。",
  "underpaid.title": "部分已付",
  "underpaid.body": "已收到 {paid}。请支付剩余的 {due} 以完成订单。",

  "paid.title": "付款成功",
  "paid.body": "已向 {merchant} 支付 {amount}",
  "paid.overpaid": "您多付了 {extra}。请联系 {merchant} 处理差额。",
  "paid.multiple": "此账单被支付了不止一次。请联系 {merchant} 处理多付的款项。",
  "paid.late": "付款在账单过期后才到账；已通知 {merchant}。",
  "receipt.title": "收据",
  "receipt.amount": "金额",
  "receipt.network": "网络",
  "receipt.transaction": "交易",
  "receipt.time": "付款时间",
  "receipt.invoice": "账单",
  "receipt.noExplorer": "此网络没有区块浏览器",
  "receipt.return": "返回 {merchant}",
  "receipt.redirecting": "{seconds} 秒后返回 {merchant}…",
  "receipt.stay": "留在此页",

  "expired.title": "此账单已过期",
  "expired.body": "请向 {merchant} 索取新的账单。请勿再为此账单付款。",
  "expired.late": "刚好在过期前付了款？请保持本页打开：迟到的全额付款仍会被识别，并显示在本页。",
  "expired.partial": "过期前已收到 {amount}；请就此联系 {merchant}。",
  "canceled.title": "此账单已取消",
  "canceled.body": "{merchant} 已取消此账单，无法再付款。",
  "canceled.nothingTaken": "您的钱包未被扣除任何款项。",
  "canceled.next": "如仍想付款，请向 {merchant} 索取新的付款链接。",
  "canceled.partial": "取消后收到了 {amount}；请就此联系 {merchant}。",

  "manual.qr": "二维码：在 {chain} 网络上发送 {amount} {symbol}",
  "manual.amount": "准确金额",
  "manual.address": "收款地址（{chain} 网络）",
  "manual.copyAmount": "复制金额",
  "manual.copyAddress": "复制地址",
  "manual.warning":
    "请在 {chain} 网络上准确发送 {amount} {symbol}：我们通过金额识别您的付款，任何其他金额、代币或网络都不会被计入。如果交易所会扣除手续费，请加上手续费，确保到账金额正好是这个数。",
  "manual.contract": "{symbol} 合约 {address}。转账上链后本页会自动更新。",
  "manual.unavailable": "此账单目前无法手动转账；请使用浏览器钱包付款。",
  "copy.copy": "复制",
  "copy.copied": "已复制",
};
