/*
 * Stablecoin checkout embed: <script src="https://pay.example/embed.js" defer></script>
 *
 *   <button data-checkout-link="plink_…">Pay</button>      a payment link (id or its URL)
 *   <button data-checkout-invoice="inv_…">Pay</button>     one invoice
 *   Checkout.open({ link | invoice, lang, onLoad, onPaid, onClose })
 *
 * The checkout opens in a modal frame. The frame posts "checkout:loaded", "checkout:paid" (with
 * invoice_id) and "checkout:closed" to this page's origin only; messages are accepted only from
 * the checkout's origin and its own frame. The button that opened it also receives bubbling DOM
 * events of the same names, with the message as `event.detail`. Paid means the server saw the
 * payment confirmed; confirm it server-side (GET /api/v1/invoices/{id}) before shipping.
 */
(() => {
  if (window.Checkout?.version) return;
  const script = document.currentScript;
  const checkoutOrigin = new URL(script ? script.src : window.location.href).origin;
  let current = null;

  function checkoutUrl(options) {
    let url;
    if (options.invoice) {
      url = new URL(`/pay/${encodeURIComponent(options.invoice)}`, checkoutOrigin);
    } else if (options.link) {
      url = /^https?:\/\//.test(options.link)
        ? new URL(options.link)
        : new URL(`/l/${encodeURIComponent(options.link)}`, checkoutOrigin);
    } else {
      throw new Error("Checkout.open needs { link } or { invoice }.");
    }
    if (url.origin !== checkoutOrigin) {
      throw new Error(`Checkout links must be on ${checkoutOrigin}, where embed.js comes from.`);
    }
    url.searchParams.set("embed", "1");
    url.searchParams.set("parent_origin", window.location.origin);
    if (options.lang) url.searchParams.set("lang", options.lang);
    return url.toString();
  }

  function style(element, rules) {
    for (const [name, value] of Object.entries(rules)) element.style.setProperty(name, value);
  }

  /** Everything on the page but the modal is inert while it is open: focus stays in the modal. */
  function makeBackgroundInert(overlay) {
    const changed = [];
    for (const element of document.body.children) {
      if (element === overlay || element.inert) continue;
      element.inert = true;
      changed.push(element);
    }
    return () => {
      for (const element of changed) element.inert = false;
    };
  }

  function close() {
    if (!current) return;
    const { overlay, trigger, opener, options, invoiceId, previousOverflow, restoreBackground } =
      current;
    current = null;
    overlay.remove();
    restoreBackground();
    document.documentElement.style.overflow = previousOverflow;
    const detail = { type: "checkout:closed", invoice_id: invoiceId };
    options.onClose?.(detail);
    trigger?.dispatchEvent(new CustomEvent("checkout:closed", { bubbles: true, detail }));
    // Focus goes back to what opened the checkout.
    const back = trigger || opener;
    if (back?.isConnected) back.focus?.();
  }

  function open(options, trigger) {
    if (current) close();
    const overlay = document.createElement("div");
    overlay.setAttribute("data-checkout-modal", "");
    style(overlay, {
      position: "fixed",
      inset: "0",
      "z-index": "2147483000",
      display: "flex",
      "align-items": "center",
      "justify-content": "center",
      background: "rgba(15, 23, 42, 0.6)",
      padding: "env(safe-area-inset-top) 0 0 0",
    });
    const dialog = document.createElement("div");
    dialog.setAttribute("role", "dialog");
    dialog.setAttribute("aria-modal", "true");
    dialog.setAttribute("aria-label", options.title || "Checkout");
    style(dialog, {
      position: "relative",
      width: "min(480px, 100vw)",
      height: "min(880px, 100dvh)",
      "border-radius": window.innerWidth > 520 ? "16px" : "0",
      overflow: "hidden",
      background: "#f8fafc",
      "box-shadow": "0 20px 60px rgba(0, 0, 0, 0.35)",
    });
    const frame = document.createElement("iframe");
    frame.src = checkoutUrl(options);
    frame.title = options.title || "Checkout";
    frame.allow = "clipboard-write";
    style(frame, { border: "0", width: "100%", height: "100%", display: "block" });
    // Until the frame says it has loaded (and shows its own Close), this is the way out, then it
    // hides: one close control at a time. It stays for a frame that never loads.
    const closeButton = document.createElement("button");
    closeButton.type = "button";
    closeButton.textContent = "×";
    closeButton.setAttribute("aria-label", "Close checkout");
    style(closeButton, {
      position: "absolute",
      top: "6px",
      right: "6px",
      width: "32px",
      height: "32px",
      border: "0",
      "border-radius": "16px",
      background: "rgba(15, 23, 42, 0.75)",
      color: "#fff",
      font: "20px/32px system-ui, sans-serif",
      cursor: "pointer",
    });
    closeButton.addEventListener("click", close);
    overlay.addEventListener("click", (event) => {
      if (event.target === overlay) close();
    });
    dialog.append(frame, closeButton);
    overlay.append(dialog);
    const opener = document.activeElement;
    document.body.append(overlay);
    current = {
      overlay,
      dialog,
      frame,
      closeButton,
      trigger,
      opener,
      options,
      invoiceId: options.invoice || null,
      previousOverflow: document.documentElement.style.overflow,
      restoreBackground: makeBackgroundInert(overlay),
    };
    document.documentElement.style.overflow = "hidden";
    closeButton.focus();
    return { close };
  }

  window.addEventListener("message", (event) => {
    // Only the checkout's own frame, from the checkout's origin.
    if (!current || event.origin !== checkoutOrigin) return;
    if (event.source !== current.frame.contentWindow) return;
    const data = event.data;
    if (!data || typeof data.type !== "string" || !data.type.startsWith("checkout:")) return;
    if (typeof data.invoice_id === "string") current.invoiceId = data.invoice_id;
    const { options, trigger } = current;
    if (data.type === "checkout:closed") {
      close();
      return;
    }
    if (data.type === "checkout:loaded") {
      // The checkout shows its own Close button now; ours is only for a frame that fails to load.
      const { closeButton, frame } = current;
      const hadFocus = document.activeElement === closeButton;
      closeButton.hidden = true;
      if (hadFocus) frame.focus();
      options.onLoad?.(data);
    }
    if (data.type === "checkout:paid") options.onPaid?.(data);
    trigger?.dispatchEvent(new CustomEvent(data.type, { bubbles: true, detail: data }));
  });

  document.addEventListener("keydown", (event) => {
    if (current && event.key === "Escape") close();
  });

  // Where inert is not supported, focus that lands behind the modal is brought back into it.
  document.addEventListener("focusin", (event) => {
    if (!current || current.overlay.contains(event.target)) return;
    (current.closeButton.hidden ? current.frame : current.closeButton).focus();
  });

  document.addEventListener("click", (event) => {
    const trigger =
      event.target instanceof Element
        ? event.target.closest("[data-checkout-link], [data-checkout-invoice]")
        : null;
    if (!trigger) return;
    event.preventDefault();
    open(
      {
        link: trigger.getAttribute("data-checkout-link") || undefined,
        invoice: trigger.getAttribute("data-checkout-invoice") || undefined,
        lang: trigger.getAttribute("data-checkout-lang") || undefined,
      },
      trigger,
    );
  });

  window.Checkout = { version: 1, open: (options) => open(options || {}, null), close };
})();
