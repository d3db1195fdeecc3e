/*
 * Pivot chat widget: UI, state and connection. Why it is built this way:
 * - Everything lives in a shadow root with `all: initial`, so the host page's CSS cannot restyle the
 *   widget and the widget's CSS cannot leak out.
 * - Message text is never parsed as HTML. Nodes are built with createElement/textContent; only
 *   http(s) and mailto URLs become links (validated with the URL parser), everything else is text.
 *   A structured answer (`pivot` on a bot message) is drawn as cards (cards.js); its text is the fallback.
 * - The server is the source of truth: history is (re)loaded from GET /api/v1/history on start, after
 *   each reply, on every reconnect and when another tab changes the conversation; the log is re-drawn
 *   only when the record differs from the screen. Messages typed while offline sit in an
 *   outbox in localStorage, each with a client_id the gateway de-duplicates on, until the server
 *   acknowledges them (a `bot`/`error` frame or an HTTP response with that id).
 * - Every bot and counselor message the gateway recorded has an id. The widget draws an id once (a reply
 *   that reaches it twice — a replayed reply and the `resume` frame after a reconnect — is shown once) and
 *   acknowledges what it shows with `{"type": "ack", "ids": [...]}`: only that counts as delivered, and
 *   what was never acknowledged comes again in `resume` when the socket reopens.
 * - A button press names the message its buttons came from (`list`), so the gateway can tell a press on
 *   an old list from one on the current list ("That list has changed since…").
 * - The conversation id is the gateway's, not ours: POST /api/v1/session returns a `web:` id and a
 *   signed token, kept in localStorage and sent with every history read, socket and message, so an id
 *   someone guesses or copies is worthless without the token.
 */
import { answerNode } from "./cards.js";
import { palette, parseColor } from "./colour.js";
import { el, hiddenLabel, icon } from "./dom.js";
import { link, renderRichText } from "./richtext.js";
import { storedSession, storeGet, storeSet, uuid } from "./storage.js";
import { STRINGS, translator } from "./strings.js";
import { stylesheet } from "./styles.js";

const script = document.currentScript ||
  Array.from(document.querySelectorAll("script[src]")).find((s) => /\/widget\.js(\?|#|$)/.test(s.src));
const data = (script && script.dataset) || {};
const scriptOrigin = script ? new URL(script.src, location.href).origin : location.origin;

const lang = (data.lang || document.documentElement.lang || "en").slice(0, 2).toLowerCase();
const title = (data.title || "Pivot").slice(0, 60);
const t = translator(lang, title);

const config = {
  title,
  lang: STRINGS[lang] ? lang : "en",
  server: (data.server || scriptOrigin).replace(/\/+$/, ""),
  site: data.site || location.hostname || "web",
  color: parseColor(data.color) || [79, 70, 229],
  position: data.position === "left" ? "left" : "right",
  greeting: data.greeting || t("greeting"),
  starters: (data.starters !== undefined ? data.starters : t("starters")).split("|").map((s) => s.trim()).filter(Boolean),
  openByDefault: data.open === "true",
};

const WS_FAILURES_BEFORE_HTTP = 3;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 30000;
const STABLE_AFTER_MS = 3000;
const PING_EVERY_MS = 25000; // a socket that answers no ping within PONG_WITHIN_MS is dead (phone switched network)
const PONG_WITHIN_MS = 10000;
const RETRY_5XX_MS = 10000;
const TYPING_TIMEOUT_MS = 25000;
const storageKey = "pivot:" + config.server;

const outboxKey = () => storageKey + ":outbox:" + state.sender;
function loadOutbox() {
  try {
    const items = JSON.parse(storeGet(outboxKey()) || "[]");
    return Array.isArray(items) ? items.filter((m) => m && typeof m.text === "string" && m.client_id) : [];
  } catch (e) { return []; }
}
function saveOutbox() { storeSet(outboxKey(), JSON.stringify(state.outbox)); }

const STYLE = stylesheet(config.position, palette(config.color));

// ---------------------------------------------------------------- state
const session = storedSession(storageKey);
const state = {
  sender: session ? session.id : null,
  token: session ? session.token : null,
  outbox: [],
  ws: null,
  wsFailures: 0,
  attempt: 0,
  timer: null,
  conn: "connecting",
  open: false,
  unread: 0,
  typingTimer: null,
  history: [],
  everOpened: false,
  needSync: false,
  failed: [], // rejected by the server (too long, too fast, Rasa down): kept on screen with "Retry"
  renderedSig: "",
  gen: 0, // bumped on every local change, so a history response that started earlier is not applied
  acked: new Set(), // message ids acknowledged to the gateway on this page
  pendingAcks: new Set(), // shown, to acknowledge once a socket is open
  waitNoticed: new Set(), // client_ids whose "kept your message" notice is on screen
};
state.outbox = loadOutbox();

// ---------------------------------------------------------------- build the UI
const host = el("div", { id: "pivot-chat-widget", "data-pivot-widget": "" });
const shadow = host.attachShadow({ mode: "open" });
// A constructed stylesheet is not an inline <style>, so host pages with a strict CSP (style-src 'self')
// still style the widget; older browsers get a <style> element.
try {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(STYLE);
  shadow.adoptedStyleSheets = [sheet];
} catch (e) {
  shadow.append(el("style", { text: STYLE }));
}

const badge = el("span", { class: "badge", hidden: true, "aria-hidden": "true" });
const launcher = el("button", {
  class: "launcher", type: "button", "aria-label": t("open"), "aria-expanded": "false",
  "aria-controls": "pivot-panel", onclick: () => (state.open ? closePanel() : openPanel(true)),
}, [icon("chat"), badge]);
/** The launcher shows a close icon while the panel is open, as its label says. */
function launcherIcon(open) { launcher.firstChild.replaceWith(icon(open ? "close" : "chat")); }

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
  menuItem(t("restart"), () => restartConversation()),
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
  bannerText, el("button", { type: "button", text: t("retryNow"), onclick: () => reconnectNow() }),
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
      onclick: () => { closeSheet(); sendText("delete my data"); },
    }),
  ]),
]);

const panel = el("div", {
  class: "panel", id: "pivot-panel", role: "dialog", "aria-labelledby": "pivot-title", hidden: true, lang: config.lang,
}, [header, menu, banner, log, typing, composer, aboutSheet, forgetSheet]);
const root = el("div", { class: "root", "data-state": "connecting" }, [panel, launcher]);
shadow.append(root);

// ---------------------------------------------------------------- panel, menu, sheets, keyboard
function openPanel(focus) {
  state.open = true;
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
}
function closePanel() {
  closeMenu(false);
  closeSheet(false);
  state.open = false;
  panel.hidden = true;
  root.classList.remove("open");
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-label", t("open"));
  launcherIcon(false);
  rememberOpen(false);
  launcher.focus();
}
function rememberOpen(open) {
  try { sessionStorage.setItem(storageKey + ":open", open ? "1" : "0"); } catch (e) { /* private mode */ }
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
  else if (state.open) closePanel();
});
// On a phone the panel covers the page: keep Tab inside it, as in any full-screen dialog.
const phone = window.matchMedia ? window.matchMedia("(max-width: 480px)") : { matches: false };
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
function setUnread(n) {
  state.unread = n;
  badge.hidden = n === 0;
  badge.textContent = n > 9 ? "9+" : String(n);
  launcher.setAttribute("aria-label", state.open ? t("close") : t("open") + (n ? " (" + t("newMessage") + ")" : ""));
}
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

// ---------------------------------------------------------------- rendering
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
        sendText(payload, b.title, listId);
      },
    });
    group.append(chip);
  }
  return group.childElementCount ? group : null;
}
function disableGroup(group) { for (const b of group.querySelectorAll("button")) b.disabled = true; }
function disableAllChips() { for (const g of log.querySelectorAll(".chips")) disableGroup(g); }
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
function setStatus(node, status, item) {
  node.classList.remove("pending", "sending", "failed");
  const old = node.querySelector(".meta");
  if (old) old.remove();
  if (!status) return;
  node.classList.add(status);
  const meta = el("div", { class: "meta" }, el("span", { text: t(status) }));
  if (status === "failed" && item) {
    meta.append(el("button", {
      type: "button", text: t("retry"),
      onclick: () => { state.failed = state.failed.filter((m) => m !== item); node.remove(); sendText(item.text, item.display); },
    }));
  }
  node.append(meta);
}
function userNodeFor(item) {
  return log.querySelector('.msg.user[data-client-id="' + CSS_escape(item.client_id) + '"]');
}
function CSS_escape(v) { return window.CSS && window.CSS.escape ? window.CSS.escape(v) : String(v).replace(/["\\]/g, "\\$&"); }
function appendUser(item, status) {
  if (item.text === "/restart") {
    log.append(el("div", { class: "divider", text: t("restarted") }));
    return null;
  }
  const node = messageNode("user", item.display || item.text, { client_id: item.client_id });
  log.append(node);
  if (status) setStatus(node, status, item);
  return node;
}
function notice(text) { log.append(el("div", { class: "notice", role: "alert", text })); scrollToEnd(); }
function showTyping(on) {
  clearTimeout(state.typingTimer);
  typing.hidden = !on;
  if (on) { state.typingTimer = setTimeout(() => showTyping(false), TYPING_TIMEOUT_MS); scrollToEnd(); }
}

/** Re-render the whole log from server history plus the local outbox (the server is the truth). */
function renderAll() {
  log.setAttribute("aria-busy", "true");
  log.replaceChildren();
  if (config.greeting) appendBot("bot", config.greeting);
  const h = state.history;
  if (!h.length && !state.outbox.length && config.starters.length) {
    const chips = chipsNode(config.starters.map((s) => ({ title: s, payload: s })), true);
    if (chips) log.lastChild.append(chips);
  }
  let lastGroup = -1;
  h.forEach((m, i) => { if (m.from !== "user" && m.buttons && m.buttons.length) lastGroup = i; });
  h.forEach((m, i) => {
    if (m.from === "user") {
      const prev = findPrevButtons(h, i);
      const match = prev && prev.find((b) => b.payload === m.text);
      appendUser({ text: m.text, display: match ? match.title : m.text });
    } else {
      const next = h[i + 1];
      const chosen = next && next.from === "user" ? next.text : undefined;
      const used = chosen !== undefined && (m.buttons || []).some((b) => b.payload === chosen || b.title === chosen);
      appendBot(m.from === "counselor" ? "counselor" : "bot", m.text, m.buttons, i === lastGroup && !used, chosen,
        m.pivot || undefined, typeof m.id === "number" ? m.id : undefined);
    }
  });
  for (const item of state.outbox) appendUser(item, statusFor(item));
  for (const item of state.failed) appendUser(item, "failed");
  log.removeAttribute("aria-busy");
  scrollToLatest();
  markRendered();
}
/** What the screen shows, as a comparable string: a history fetch that matches it changes nothing. */
function screenSig(history) {
  return JSON.stringify([
    history.map((m) => [m.from, m.text, (m.buttons || []).map((b) => [b.title, b.payload])]),
    state.outbox.map((m) => m.client_id), state.failed.map((m) => m.client_id),
  ]);
}
function markRendered() {
  state.renderedSig = screenSig(state.history);
  state.gen += 1; // a history request already in flight predates this screen: it must not overwrite it
}
function findPrevButtons(h, i) {
  const prev = h[i - 1];
  return prev && prev.from !== "user" && prev.buttons && prev.buttons.length ? prev.buttons : null;
}
function statusFor() {
  return state.conn === "online" && navigator.onLine !== false ? "sending" : "pending";
}
function refreshPendingStatus() {
  for (const item of state.outbox) {
    const node = userNodeFor(item);
    if (node && !node.classList.contains("failed")) setStatus(node, statusFor(item), item);
  }
}

// ---------------------------------------------------------------- connection state
function setConn(conn) {
  state.conn = conn;
  root.dataset.state = conn;
  statusText.textContent = t(conn);
  banner.hidden = !(conn === "offline" || conn === "error");
  bannerText.textContent = conn === "offline" ? t("offlineBanner") : t("errorBanner");
  refreshPendingStatus();
}

// ---------------------------------------------------------------- server I/O
const api = (path) => config.server + path;
async function loadHistory() {
  if (!(await ensureSession())) return false;
  const gen = state.gen;
  try {
    const query = "?sender_id=" + encodeURIComponent(state.sender) + "&token=" + encodeURIComponent(state.token);
    const r = await fetch(api("/api/v1/history" + query), {
      headers: { Accept: "application/json" }, credentials: "omit", cache: "no-store",
    });
    if (r.status === 401) dropSession();
    if (!r.ok) return false;
    const body = await r.json();
    if (gen !== state.gen) { scheduleSync(); return true; } // stale: something happened meanwhile
    const fresh = Array.isArray(body.messages) ? body.messages.filter((m) => m && typeof m.text === "string") : [];
    if (!fresh.length && state.history.length && !state.outbox.length) {
      // The server no longer has this conversation ("delete my data", retention): say so, keep the screen.
      state.history = [];
      disableAllChips();
      log.append(el("div", { class: "divider", text: t("forgotten") }));
      scrollToEnd();
      markRendered();
      return true;
    }
    if (screenSig(fresh) !== state.renderedSig) { state.history = fresh; renderAll(); }
    else state.history = fresh; // the same screen, now with the record's ids
    ackShown(fresh);
    return true;
  } catch (e) {
    return false;
  }
}
let syncTimer = null;
function scheduleSync() {
  clearTimeout(syncTimer);
  syncTimer = setTimeout(loadHistory, 250);
}

let channel = null;
function openTabChannel() {
  if (channel || !state.sender || !("BroadcastChannel" in window)) return;
  channel = new BroadcastChannel("pivot-widget:" + state.sender);
  channel.onmessage = () => { state.outbox = loadOutbox(); scheduleSync(); };
}
openTabChannel();
const notifyTabs = () => { if (channel) channel.postMessage({ type: "changed" }); };

/** Get an id and token from the gateway once; messages typed meanwhile move to the new outbox. */
let sessionRequest = null;
function ensureSession() {
  if (state.sender && state.token) return Promise.resolve(true);
  if (!sessionRequest) {
    sessionRequest = (async () => {
      try {
        const r = await fetch(api("/api/v1/session"), { method: "POST", credentials: "omit", cache: "no-store" });
        const body = r.ok ? await r.json() : null;
        if (!body || typeof body.sender_id !== "string" || typeof body.token !== "string") return false;
        const pending = state.outbox;
        storeSet(outboxKey(), "[]");
        storeSet(storageKey + ":sender", body.sender_id);
        storeSet(storageKey + ":token", body.token);
        state.sender = body.sender_id;
        state.token = body.token;
        state.outbox = pending;
        saveOutbox();
        openTabChannel();
        return true;
      } catch (e) {
        return false;
      } finally {
        sessionRequest = null;
      }
    })();
  }
  return sessionRequest;
}
/** The gateway no longer knows our token (its secret changed): start a new conversation. */
function dropSession() {
  storeSet(storageKey + ":sender", "");
  storeSet(storageKey + ":token", "");
  state.sender = null;
  state.token = null;
  if (channel) { channel.close(); channel = null; }
}

function wsUrl() {
  const u = new URL(api("/ws"));
  u.protocol = u.protocol === "https:" ? "wss:" : "ws:";
  u.searchParams.set("sender_id", state.sender);
  u.searchParams.set("token", state.token);
  u.searchParams.set("site", config.site);
  u.searchParams.set("resume", "1"); // send again what this browser never acknowledged
  return u.href;
}
function connect() {
  clearTimeout(state.timer);
  if (navigator.onLine === false) { setConn("offline"); return; }
  if (state.ws) return;
  if (!state.sender) {
    ensureSession().then((ok) => { if (!ok) onWsClosed(false); else if (!state.ws) connect(); });
    return;
  }
  // In HTTP-fallback mode the state shown is the HTTP one ("online" or "error"); keep it while retrying.
  if (state.wsFailures < WS_FAILURES_BEFORE_HTTP) setConn(state.everOpened ? "reconnecting" : "connecting");
  let ws;
  try { ws = new WebSocket(wsUrl()); } catch (e) { onWsClosed(false); return; }
  state.ws = ws;
  let stable = null;
  ws.onopen = () => {
    // A socket that is closed again right away (a proxy or server refusing us) counts as a failure:
    // only a connection that stays up resets the backoff.
    stable = setTimeout(() => { stable = true; state.attempt = 0; state.wsFailures = 0; }, STABLE_AFTER_MS);
    setConn("online");
    state.lastFrameAt = Date.now();
    startHeartbeat(ws);
    flushAcks();
    // Replies to queued messages come first; then resync from history to catch what was missed.
    state.needSync = state.everOpened;
    state.everOpened = true;
    if (state.outbox.length) flushOutbox();
    else if (state.needSync) { state.needSync = false; loadHistory(); }
  };
  ws.onmessage = (e) => {
    state.lastFrameAt = Date.now();
    let frame;
    try { frame = JSON.parse(e.data); } catch (err) { return; }
    handleFrame(frame);
  };
  ws.onclose = () => {
    const lasted = stable === true;
    if (!lasted) clearTimeout(stable);
    if (state.ws !== ws) return;
    state.ws = null;
    onWsClosed(lasted);
  };
}
function startHeartbeat(ws) {
  clearInterval(state.heartbeat);
  state.heartbeat = setInterval(() => checkAlive(ws), PING_EVERY_MS);
}
/** Ping; if nothing at all came back since the previous ping, the socket is dead: drop it and reconnect. */
function checkAlive(ws) {
  if (state.ws !== ws || ws.readyState !== WebSocket.OPEN) { clearInterval(state.heartbeat); return; }
  if (state.pingSentAt && state.lastFrameAt < state.pingSentAt && Date.now() - state.pingSentAt > PONG_WITHIN_MS) {
    state.pingSentAt = 0;
    ws.onclose();
    try { ws.close(); } catch (e) { /* already closing */ }
    return;
  }
  state.pingSentAt = Date.now();
  ws.send(JSON.stringify({ type: "ping" }));
}
function onWsClosed(opened) {
  clearInterval(state.heartbeat);
  if (!opened) state.wsFailures += 1;
  if (navigator.onLine === false) { setConn("offline"); return; }
  if (state.wsFailures >= WS_FAILURES_BEFORE_HTTP) {
    // WebSockets keep failing: talk over plain HTTP meanwhile (and keep retrying the socket).
    httpProbe();
  } else {
    setConn("reconnecting");
  }
  scheduleReconnect();
}
function scheduleReconnect() {
  clearTimeout(state.timer);
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * Math.pow(2, state.attempt));
  const delay = ceiling / 2 + Math.random() * ceiling / 2; // "equal jitter": spread clients, keep a floor
  state.attempt += 1;
  state.timer = setTimeout(connect, delay);
}
function reconnectNow() {
  state.attempt = 0;
  if (state.ws) { flushOutbox(); return; }
  connect();
}
async function httpProbe() {
  const ok = await loadHistory();
  if (state.ws) return;
  setConn(ok ? "online" : "error");
  if (ok) flushOutbox();
}
function disconnect() {
  clearTimeout(state.timer);
  const ws = state.ws;
  state.ws = null;
  if (ws) { try { ws.close(1000); } catch (e) { /* already closing */ } }
}

// ---------------------------------------------------------------- delivery receipts
function knownIds() {
  const ids = new Set();
  for (const m of state.history) if (typeof m.id === "number") ids.add(m.id);
  return ids;
}
/** Acknowledge ids now on screen; sent at once when a socket is open, else when the next one opens. */
function ackIds(ids) {
  for (const id of ids || []) if (typeof id === "number" && !state.acked.has(id)) state.pendingAcks.add(id);
  flushAcks();
}
function ackShown(history) { ackIds(history.filter((m) => m.from !== "user").map((m) => m.id)); }
function flushAcks() {
  const ws = state.ws;
  if (!state.pendingAcks.size || !ws || ws.readyState !== WebSocket.OPEN) return;
  const ids = Array.from(state.pendingAcks).slice(0, 500);
  try { ws.send(JSON.stringify({ type: "ack", ids })); } catch (e) { return; }
  for (const id of ids) { state.pendingAcks.delete(id); state.acked.add(id); }
  if (state.pendingAcks.size) flushAcks();
}
/** After a reconnect: replies this page never acknowledged. Draw the ones it lacks from the record. */
function resume(messages) {
  const known = knownIds();
  const ids = (Array.isArray(messages) ? messages : []).map((m) => m && m.id).filter((id) => typeof id === "number");
  if (ids.some((id) => !known.has(id))) loadHistory(); // draws and acknowledges them, in their place
  else ackIds(ids);
}

function handleFrame(frame) {
  if (!frame || typeof frame !== "object") return;
  if (frame.type === "typing") { showTyping(true); return; }
  if (frame.type === "bot") { deliverReply(frame.reply_to, frame.messages, frame.ids); return; }
  if (frame.type === "resume") { resume(frame.messages); return; }
  if (frame.type === "waiting") { keptNotice(frame.reply_to, frame.text); return; }
  if (frame.type === "counselor" && typeof frame.text === "string") {
    const id = typeof frame.id === "number" ? frame.id : undefined;
    if (id !== undefined && knownIds().has(id)) { ackIds([id]); return; } // already on screen
    showTyping(false);
    appendBot("counselor", frame.text);
    state.history.push({ id, from: "counselor", text: frame.text, buttons: [] });
    markRendered();
    afterIncoming();
    ackIds([id]);
    return;
  }
  if (frame.type === "error") failItem(frame.reply_to, frame.error);
}
/** Rasa is down: the gateway kept the message and will answer it; say so once, keep it pending. */
function keptNotice(replyTo, text) {
  showTyping(false);
  if (state.waitNoticed.has(replyTo)) return;
  state.waitNoticed.add(replyTo);
  notice(typeof text === "string" && text ? text : t("failed"));
}
function deliverReply(replyTo, messages, ids) {
  const item = state.outbox.find((m) => m.client_id === replyTo);
  if (replyTo && !item) { scheduleSync(); return; } // a reply to another tab's message: resync from history
  showTyping(false);
  state.gen += 1;
  if (item) {
    state.outbox = state.outbox.filter((m) => m !== item);
    saveOutbox();
    const node = userNodeFor(item);
    if (node) setStatus(node, null);
    state.history.push({ from: "user", text: item.display || item.text, buttons: [] }); // as the server records it
  }
  let first = null;
  const known = knownIds();
  const list = Array.isArray(messages) ? messages : [];
  const idOf = (i) => (Array.isArray(ids) && ids.length === list.length && typeof ids[i] === "number" ? ids[i] : undefined);
  list.forEach((m, i) => {
    if (!m || (typeof m.text !== "string" && !(m.buttons && m.buttons.length))) return;
    const id = idOf(i);
    if (id !== undefined && known.has(id)) return; // already drawn (from history or an earlier frame)
    const pivot = m.pivot && typeof m.pivot === "object" ? m.pivot : undefined;
    const node = appendBot("bot", m.text || "", m.buttons, true, undefined, pivot, id);
    first = first || node;
    state.history.push({ id, from: "bot", text: m.text || "", buttons: m.buttons || [], pivot });
  });
  markRendered();
  ackIds(list.map((m, i) => idOf(i)));
  afterIncoming(first);
  notifyTabs();
  // Check the screen against the server's record: catches what a dropped socket missed and a deletion.
  if (!state.outbox.length) { state.needSync = false; scheduleSync(); }
}
function afterIncoming(first) {
  if (first) scrollToStart(first);
  else scrollToEnd();
  if (!state.open) setUnread(state.unread + 1);
}
function failItem(replyTo, error) {
  showTyping(false);
  const item = state.outbox.find((m) => m.client_id === replyTo);
  if (item) {
    state.outbox = state.outbox.filter((m) => m !== item);
    saveOutbox();
    state.failed.push(item);
    const node = userNodeFor(item);
    if (node) setStatus(node, "failed", item);
    // Give the text back so the person can shorten or resend it instead of retyping it.
    if (!input.value && !item.display) { input.value = item.text; autosize(); sendButton.disabled = false; }
    markRendered();
  }
  notice(typeof error === "string" && error ? error : t("failed"));
}

function submitInput() {
  const text = input.value.trim();
  if (!text) return;
  input.value = "";
  autosize();
  sendButton.disabled = true;
  sendText(text);
}
function sendText(text, display, list) {
  text = text.normalize("NFC"); // as the gateway stores it, so the screen matches the history
  // The gateway accepts a display label of up to 200 characters.
  const label = display && display !== text ? display.normalize("NFC").trim().slice(0, 200) : undefined;
  const item = { client_id: uuid(), text, display: label, ts: Date.now(), list: typeof list === "number" ? list : undefined };
  state.gen += 1;
  state.outbox.push(item);
  saveOutbox();
  appendUser(item, statusFor(item));
  markRendered();
  scrollToEnd();
  notifyTabs();
  transmit(item);
  if (state.conn !== "online" && !state.ws) reconnectNow();
}
function flushOutbox() { for (const item of state.outbox) transmit(item); }
function transmit(item) {
  if (navigator.onLine === false) return;
  if (state.ws && state.ws.readyState === WebSocket.OPEN) {
    // `display`: the button title the person clicked, for the transcript (the payload goes to Rasa).
    state.ws.send(JSON.stringify({
      type: "message", text: item.text, client_id: item.client_id, display: item.display, list: item.list,
    }));
    showTyping(true);
  } else if (state.wsFailures >= WS_FAILURES_BEFORE_HTTP && state.conn === "online") {
    sendOverHttp(item);
  }
}
const inFlight = new Set();
let httpChain = Promise.resolve();
// One request at a time, so queued messages reach the server in the order they were typed.
function sendOverHttp(item) { httpChain = httpChain.then(() => postMessage(item)); }
async function postMessage(item) {
  if (!state.outbox.some((m) => m.client_id === item.client_id)) return; // already answered
  if (!(await ensureSession())) { setConn("error"); return; }
  if (inFlight.has(item.client_id)) return;
  inFlight.add(item.client_id);
  showTyping(true);
  try {
    const r = await fetch(api("/api/v1/messages"), {
      method: "POST", credentials: "omit",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({
        sender_id: state.sender, token: state.token, text: item.text, client_id: item.client_id, site: config.site,
        display: item.display, list: item.list,
      }),
    });
    const body = await r.json().catch(() => ({}));
    if (r.ok) deliverReply(item.client_id, body.messages);
    else if (r.status >= 400 && r.status < 500) failItem(item.client_id, body.error);
    else { showTyping(false); setTimeout(flushOutbox, RETRY_5XX_MS); } // e.g. Rasa restarting: try again
  } catch (e) {
    showTyping(false);
    setConn("error");
  } finally {
    inFlight.delete(item.client_id);
  }
}

function restartConversation() {
  sendText("/restart");
}

// ---------------------------------------------------------------- start
window.addEventListener("offline", () => { disconnect(); setConn("offline"); });
window.addEventListener("online", () => { state.attempt = 0; connect(); });
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState !== "visible") return;
  if (!state.ws) reconnectNow(); // back from a sleeping phone: don't wait for the backoff timer
  else if (state.ws.readyState === WebSocket.OPEN) checkAlive(state.ws);
});

function start() {
  document.body.append(host);
  renderAll();
  let remembered = null;
  try { remembered = sessionStorage.getItem(storageKey + ":open"); } catch (e) { /* private mode */ }
  // Opened by the page (data-open) rather than by the person: show it, but don't steal focus.
  if (remembered === "1" || (remembered === null && config.openByDefault)) openPanel(false);
  loadHistory();
  connect();
}
window.PivotWidget = {
  open: openPanel, close: closePanel, send: (text) => sendText(String(text)),
  get senderId() { return state.sender; },
  get token() { return state.token; },
};
if (document.body) start();
else document.addEventListener("DOMContentLoaded", start, { once: true });
