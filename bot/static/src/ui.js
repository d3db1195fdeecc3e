/**
 * The widget on screen: launcher, panel, menu, sheets, the conversation log and the composer, with their
 * keyboard and focus rules. It draws what it is given and reports what the person does through
 * `actions`; it neither talks to the server nor keeps the conversation (main.js does):
 *
 *   send(text, display, listId)   the person typed or pressed a button (display: the button's title,
 *                                  listId: the id of the message the buttons came from)
 *   retry(item)                    "Retry" on a message the server refused
 *   retryNow()                     "Try now" on the connection banner
 *   opened()                       the panel was opened (what it shows now counts as seen)
 *
 * - Everything lives in a shadow root with `all: initial`, so the host page's CSS cannot restyle the
 *   widget and the widget's CSS cannot leak out; styles come from a constructed stylesheet, so pages with
 *   a strict CSP (style-src 'self') still show it.
 * - Message text is never parsed as HTML (richtext.js); a structured answer (`pivot` on a bot message)
 *   is drawn as cards (cards.js), its text being the fallback.
 * - Focus never drops to <body>: after a button the log takes it; Escape closes the menu, a sheet or the
 *   panel (focus back to the launcher); on a phone Tab stays inside the full-screen panel.
 */
import { answerNode } from "./cards.js";
import { palette } from "./colour.js";
import { el, hiddenLabel, icon } from "./dom.js";
import { link, renderRichText } from "./richtext.js";
import { stylesheet } from "./styles.js";

const TYPING_TIMEOUT_MS = 25000;

export function createUI(config, t, storageKey, actions) {
  const title = config.title;
  const STYLE = stylesheet(config.position, palette(config.color));
  let open = false;
  let unread = 0;
  let typingTimer = null;

  // ---------------------------------------------------------------- build
  const host = el("div", { id: "pivot-chat-widget", "data-pivot-widget": "" });
  const shadow = host.attachShadow({ mode: "open" });
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
    shadow.adoptedStyleSheets = [sheet];
  } catch (e) {
    shadow.append(el("style", { text: STYLE })); // older browsers
  }

  const badge = el("span", { class: "badge", hidden: true, "aria-hidden": "true" });
  const launcher = el("button", {
    class: "launcher", type: "button", "aria-label": t("open"), "aria-expanded": "false",
    "aria-controls": "pivot-panel", onclick: () => (open ? closePanel() : openPanel(true)),
  }, [icon("chat"), badge]);
  /** The launcher shows a close icon while the panel is open, as its label says. */
  function launcherIcon(isOpen) { launcher.firstChild.replaceWith(icon(isOpen ? "close" : "chat")); }

  const statusText = el("span", { class: "status-text", text: t("connecting") });
  const menuButton = el("button", {
    class: "icon-btn", type: "button", "aria-label": t("menu"), "aria-haspopup": "menu",
    "aria-expanded": "false", "aria-controls": "pivot-menu", onclick: () => toggleMenu(),
  }, icon("dots"));
  const menuItem = (label, action, cls) => el("li", { role: "none" }, el("button", {
    type: "button", role: "menuitem", tabindex: "-1", class: cls, text: label,
    onclick: () => { closeMenu(false); action(); },
  }));
  const menu = el("ul", { class: "menu", id: "pivot-menu", role: "menu", "aria-label": t("menu"), hidden: true }, [
    menuItem(t("restart"), () => actions.send("/restart")),
    menuItem(t("forget"), () => openSheet(forgetSheet), "danger"),
    menuItem(t("about"), () => openSheet(aboutSheet)),
  ]);
  const header = el("div", { class: "header" }, [
    el("div", { class: "avatar", "aria-hidden": "true", text: title.charAt(0).toUpperCase() }),
    el("div", { class: "heading" }, [
      el("h2", { class: "title", id: "pivot-title", text: title }),
      el("div", { class: "status", role: "status" }, [el("span", { class: "dot", "aria-hidden": "true" }), statusText]),
    ]),
    menuButton,
    el("button", { class: "icon-btn", type: "button", "aria-label": t("close"), onclick: () => closePanel() }, icon("close")),
  ]);

  const bannerText = el("span");
  const banner = el("div", { class: "banner", hidden: true }, [
    bannerText, el("button", { type: "button", text: t("retryNow"), onclick: () => actions.retryNow() }),
  ]);
  const log = el("div", {
    class: "log", role: "log", "aria-live": "polite", "aria-relevant": "additions", "aria-label": t("log"), tabindex: "0",
  });
  const typing = el("div", { class: "typing", hidden: true }, [
    el("span", { class: "dots", "aria-hidden": "true" }, [el("i"), el("i"), el("i")]), hiddenLabel(t("typing")),
  ]);
  const input = el("textarea", {
    rows: "1", placeholder: t("placeholder"), "aria-label": t("input"), enterkeyhint: "send", autocomplete: "off",
  });
  const sendButton = el("button", { class: "send", type: "submit", "aria-label": t("send"), disabled: true }, icon("send"));
  const composer = el("form", { class: "composer", onsubmit: (e) => { e.preventDefault(); submitInput(); } }, [input, sendButton]);

  function sheet(heading, body) {
    const back = el("button", { class: "icon-btn", type: "button", "aria-label": t("back"), onclick: () => closeSheet() }, icon("back"));
    const node = el("section", { class: "sheet", hidden: true, role: "region", "aria-label": heading }, [
      el("div", { class: "sheet-head" }, [back, el("h2", { text: heading })]),
      el("div", { class: "sheet-body" }, body),
    ]);
    node.firstFocus = back;
    return node;
  }
  const source = (name, href, rest) => el("li", {}, [link(name, href), document.createTextNode(rest)]);
  const aboutSheet = sheet(t("aboutTitle"), [
    el("p", { text: t("aboutIntro") }),
    el("ul", {}, [
      el("li", {}, [
        link("O*NET 29.3 Database", "https://www.onetcenter.org/database.html"),
        document.createTextNode(" by the U.S. Department of Labor, Employment and Training Administration (USDOL/ETA), " +
          "used under the "),
        link("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"),
        document.createTextNode(" license. O*NET® is a trademark of USDOL/ETA."),
      ]),
      source("CareerOneStop", "https://www.careeronestop.org/",
        " certification data, sponsored by the U.S. Department of Labor, Employment and Training Administration."),
      source("ESCO", "https://esco.ec.europa.eu/",
        " — European Skills, Competences, Qualifications and Occupations, © European Union."),
    ]),
    el("p", { text: t("privacy") }),
  ]);
  const forgetSheet = sheet(t("forgetTitle"), [
    el("p", { text: t("forgetText") }),
    el("div", { class: "actions" }, [
      el("button", { class: "btn", type: "button", text: t("cancel"), onclick: () => closeSheet() }),
      el("button", {
        class: "btn danger", type: "button", text: t("forget"),
        onclick: () => { closeSheet(); actions.send("delete my data"); },
      }),
    ]),
  ]);

  const panel = el("div", {
    class: "panel", id: "pivot-panel", role: "dialog", "aria-labelledby": "pivot-title", hidden: true, lang: config.lang,
  }, [header, menu, banner, log, typing, composer, aboutSheet, forgetSheet]);
  const root = el("div", { class: "root", "data-state": "connecting" }, [panel, launcher]);
  shadow.append(root);

  // ---------------------------------------------------------------- panel, menu, sheets, keyboard
  const phone = window.matchMedia ? window.matchMedia("(max-width: 480px)") : { matches: false };
  function openPanel(focus) {
    open = true;
    panel.hidden = false;
    if (phone.matches) panel.setAttribute("aria-modal", "true");
    else panel.removeAttribute("aria-modal");
    root.classList.add("open");
    launcher.setAttribute("aria-expanded", "true");
    launcher.setAttribute("aria-label", t("close"));
    launcherIcon(true);
    setUnread(0);
    rememberOpen(true);
    scrollToLatest();
    if (focus !== false) input.focus();
    if (actions.opened) actions.opened();
  }
  function closePanel() {
    closeMenu(false);
    closeSheet(false);
    open = false;
    panel.hidden = true;
    root.classList.remove("open");
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-label", t("open"));
    launcherIcon(false);
    rememberOpen(false);
    launcher.focus();
  }
  function rememberOpen(isOpen) {
    try { sessionStorage.setItem(storageKey + ":open", isOpen ? "1" : "0"); } catch (e) { /* private mode */ }
  }
  function menuItems() { return Array.from(menu.querySelectorAll("button")); }
  function toggleMenu() { menu.hidden ? openMenu() : closeMenu(true); }
  function openMenu() {
    menu.hidden = false;
    menuButton.setAttribute("aria-expanded", "true");
    menuItems()[0].focus();
  }
  function closeMenu(returnFocus) {
    if (menu.hidden) return;
    menu.hidden = true;
    menuButton.setAttribute("aria-expanded", "false");
    if (returnFocus) menuButton.focus();
  }
  let openSheetNode = null;
  function openSheet(node) {
    openSheetNode = node;
    node.hidden = false;
    node.firstFocus.focus();
  }
  function closeSheet(returnFocus) {
    if (!openSheetNode) return;
    openSheetNode.hidden = true;
    openSheetNode = null;
    if (returnFocus !== false) input.focus();
  }
  menu.addEventListener("keydown", (e) => {
    const items = menuItems();
    const i = items.indexOf(shadow.activeElement);
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      items[(i + (e.key === "ArrowDown" ? 1 : items.length - 1)) % items.length].focus();
    } else if (e.key === "Home" || e.key === "End") {
      e.preventDefault();
      items[e.key === "Home" ? 0 : items.length - 1].focus();
    } else if (e.key === "Tab") {
      closeMenu(false);
    }
  });
  root.addEventListener("keydown", (e) => {
    if (e.key !== "Escape") return;
    e.stopPropagation();
    if (!menu.hidden) closeMenu(true);
    else if (openSheetNode) closeSheet();
    else if (open) closePanel();
  });
  // On a phone the panel covers the page: keep Tab inside it, as in any full-screen dialog.
  panel.addEventListener("keydown", (e) => {
    if (e.key !== "Tab" || !phone.matches) return;
    const focusable = Array.from(panel.querySelectorAll("button, textarea, a[href], [tabindex='0']"))
      .filter((n) => !n.disabled && n.getClientRects().length);
    if (!focusable.length) return;
    const first = focusable[0], last = focusable[focusable.length - 1];
    if (e.shiftKey && shadow.activeElement === first) { e.preventDefault(); last.focus(); }
    else if (!e.shiftKey && shadow.activeElement === last) { e.preventDefault(); first.focus(); }
  });
  shadow.addEventListener("click", (e) => {
    if (!menu.hidden && !menu.contains(e.target) && !menuButton.contains(e.target)) closeMenu(false);
  });
  input.addEventListener("input", () => { autosize(); sendButton.disabled = !input.value.trim(); });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); submitInput(); }
  });
  function autosize() {
    input.style.height = "auto";
    input.style.height = Math.min(input.scrollHeight + 3, 120) + "px";
  }
  function submitInput() {
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    autosize();
    sendButton.disabled = true;
    actions.send(text);
  }
  /** At least `n` messages are new to the person (e.g. replies written while they were away): badge them
   * while the panel is closed. */
  function unreadAtLeast(n) { if (!open && n > unread) setUnread(n); }
  function setUnread(n) {
    unread = n;
    badge.hidden = n === 0;
    badge.textContent = n > 9 ? "9+" : String(n);
    launcher.setAttribute("aria-label", open ? t("close") : t("open") + (n ? " (" + t("newMessage") + ")" : ""));
  }

  // ---------------------------------------------------------------- scrolling
  function scrollToEnd() { log.scrollTop = log.scrollHeight; }
  /**
   * Show the start of `node` (the first message of a reply) when the reply is taller than the log, so a
   * person lands on "#1" rather than below the list; a short reply just scrolls to the end.
   */
  function scrollToStart(node) {
    if (!node || !node.isConnected) { scrollToEnd(); return; }
    const top = node.offsetTop - 8;
    if (log.scrollHeight - top > log.clientHeight) log.scrollTop = top;
    else scrollToEnd();
  }
  function scrollToLatest() {
    const bots = log.querySelectorAll(".msg.bot, .msg.counselor");
    const last = bots[bots.length - 1];
    if (last && last.classList.contains("rich")) scrollToStart(last);
    else scrollToEnd();
  }

  // ---------------------------------------------------------------- messages
  function messageNode(kind, text, opts) {
    const o = opts || {};
    const who = kind === "user" ? t("you") : kind === "counselor" ? t("counselor") : title;
    const answer = kind === "bot" && o.pivot ? answerNode(o.pivot, t) : null;
    if (answer) {
      answer.prepend(hiddenLabel(who + ": "));
      return el("div", { class: "msg bot rich" }, answer);
    }
    const bubble = el("div", { class: "bubble" }, hiddenLabel(who + ": "));
    renderRichText(bubble, text || "");
    const node = el("div", { class: "msg " + kind }, [
      kind === "counselor" ? el("div", { class: "label", "aria-hidden": "true", text: t("counselor") }) : null, bubble,
    ]);
    if (o.client_id) node.dataset.clientId = o.client_id;
    return node;
  }
  function chipsNode(buttons, enabled, chosen, listId) {
    const group = el("div", { class: "chips", role: "group", "aria-label": t("suggestions") });
    for (const b of buttons) {
      if (!b || typeof b.title !== "string") continue;
      const payload = typeof b.payload === "string" && b.payload ? b.payload : b.title;
      const chip = el("button", {
        class: "chip", type: "button", text: b.title, disabled: !enabled,
        "aria-pressed": chosen !== undefined && (chosen === payload || chosen === b.title) ? "true" : null,
        onclick: () => {
          disableGroup(group);
          chip.setAttribute("aria-pressed", "true");
          log.focus({ preventScroll: true }); // the chip is now disabled: keep focus in the conversation
          actions.send(payload, b.title, listId);
        },
      });
      group.append(chip);
    }
    return group.childElementCount ? group : null;
  }
  function disableGroup(group) { for (const b of group.querySelectorAll("button")) b.disabled = true; }
  function disableAllChips() { for (const g of log.querySelectorAll(".chips")) disableGroup(g); }
  /** A bot or counselor message at the end of the log; a new button group disables the older ones. */
  function appendBot(kind, text, buttons, enabled, chosen, pivot, listId) {
    const node = messageNode(kind, text, { pivot });
    if (buttons && buttons.length) {
      disableAllChips();
      const chips = chipsNode(buttons, enabled !== false, chosen, listId);
      if (chips) node.append(chips);
    }
    log.append(node);
    return node;
  }
  function userNodeFor(item) {
    return log.querySelector('.msg.user[data-client-id="' + cssEscape(item.client_id) + '"]');
  }
  function cssEscape(v) { return window.CSS && window.CSS.escape ? window.CSS.escape(v) : String(v).replace(/["\\]/g, "\\$&"); }
  /** Mark a message the person sent: "pending", "sending", "failed" (with Retry) or null (answered). */
  function setStatus(item, status) {
    const node = userNodeFor(item);
    if (!node) return;
    node.classList.remove("pending", "sending", "failed");
    const old = node.querySelector(".meta");
    if (old) old.remove();
    if (!status) return;
    node.classList.add(status);
    const meta = el("div", { class: "meta" }, el("span", { text: t(status) }));
    if (status === "failed") {
      meta.append(el("button", {
        type: "button", text: t("retry"), onclick: () => { node.remove(); actions.retry(item); },
      }));
    }
    node.append(meta);
  }
  function appendUser(item, status) {
    if (item.text === "/restart") {
      log.append(el("div", { class: "divider", text: t("restarted") }));
      return;
    }
    log.append(messageNode("user", item.display || item.text, { client_id: item.client_id }));
    if (status) setStatus(item, status);
  }
  /** Re-draw the messages waiting in the outbox with their current state (not those that failed). */
  function refreshStatuses(items, statusOf) {
    for (const item of items) {
      const node = userNodeFor(item);
      if (node && !node.classList.contains("failed")) setStatus(item, statusOf(item));
    }
  }
  function notice(text) { log.append(el("div", { class: "notice", role: "alert", text })); scrollToEnd(); }
  function divider(text) { log.append(el("div", { class: "divider", text })); scrollToEnd(); }
  function showTyping(on) {
    clearTimeout(typingTimer);
    typing.hidden = !on;
    if (on) { typingTimer = setTimeout(() => showTyping(false), TYPING_TIMEOUT_MS); scrollToEnd(); }
  }

  /**
   * Draw the whole log: the greeting (with starter buttons before anything was said), the recorded
   * history, then what waits in the outbox and what the server refused.
   */
  function render(history, outbox, failed, statusOf) {
    log.setAttribute("aria-busy", "true");
    log.replaceChildren();
    if (config.greeting) appendBot("bot", config.greeting);
    if (!history.length && !outbox.length && config.starters.length) {
      const chips = chipsNode(config.starters.map((s) => ({ title: s, payload: s })), true);
      if (chips) log.lastChild.append(chips);
    }
    let lastGroup = -1;
    history.forEach((m, i) => { if (m.from !== "user" && m.buttons && m.buttons.length) lastGroup = i; });
    history.forEach((m, i) => {
      if (m.from === "user") {
        const prev = previousButtons(history, i);
        const match = prev && prev.find((b) => b.payload === m.text);
        appendUser({ text: m.text, display: match ? match.title : m.text });
      } else {
        const next = history[i + 1];
        const chosen = next && next.from === "user" ? next.text : undefined;
        const used = chosen !== undefined && (m.buttons || []).some((b) => b.payload === chosen || b.title === chosen);
        appendBot(m.from === "counselor" ? "counselor" : "bot", m.text, m.buttons, i === lastGroup && !used, chosen,
          m.pivot || undefined, typeof m.id === "number" ? m.id : undefined);
      }
    });
    for (const item of outbox) appendUser(item, statusOf(item));
    for (const item of failed) appendUser(item, "failed");
    log.removeAttribute("aria-busy");
    scrollToLatest();
  }
  function previousButtons(history, i) {
    const prev = history[i - 1];
    return prev && prev.from !== "user" && prev.buttons && prev.buttons.length ? prev.buttons : null;
  }
  /** New messages arrived: show the start of a long reply (`first`), count them while the panel is closed. */
  function afterIncoming(first) {
    if (first) scrollToStart(first);
    else scrollToEnd();
    if (!open) setUnread(unread + 1);
  }
  /** Give a refused message's text back to the input, so it can be shortened or resent, not retyped. */
  function giveBack(text) {
    if (input.value) return;
    input.value = text;
    autosize();
    sendButton.disabled = false;
  }
  function setConn(conn) {
    root.dataset.state = conn;
    statusText.textContent = t(conn);
    banner.hidden = !(conn === "offline" || conn === "error");
    bannerText.textContent = conn === "offline" ? t("offlineBanner") : t("errorBanner");
  }
  function mount() { document.body.append(host); }
  /** Whether the panel starts open: it was open in this tab before, or the page asks (data-open). */
  function startsOpen() {
    let remembered = null;
    try { remembered = sessionStorage.getItem(storageKey + ":open"); } catch (e) { /* private mode */ }
    return remembered === "1" || (remembered === null && config.openByDefault);
  }

  return {
    mount, startsOpen, render, openPanel, closePanel, setConn, appendBot, appendUser, setStatus, refreshStatuses,
    notice, divider, showTyping, disableAllChips, afterIncoming, giveBack, scrollToEnd, unreadAtLeast,
    isOpen: () => open,
  };
}
