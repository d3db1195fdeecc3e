/*!
 * Pivot chat widget — built from bot/static/src/ by scripts/build_widget.py; edit the sources, not this file.
 *
 *   <script src="https://HOST/widget.js" data-title="Pivot" data-color="#4f46e5"
 *           data-greeting="Hi!" data-position="right" data-lang="en" data-site="college-x" async></script>
 */

(function () {
"use strict";
if (window.PivotWidget) return;

// ---- colour.js
const m_colour = (function () {
function parseColor(value) {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec((value || "").trim());
  if (!m) return null;
  const digits = m[1].length === 3 ? m[1].replace(/./g, "$&$&") : m[1];
  return [0, 2, 4].map((i) => parseInt(digits.slice(i, i + 2), 16));
}
function luminance(rgb) {
  const c = rgb.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}
function contrast(a, b) {
  const la = luminance(a), lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}
const hex = (rgb) => "#" + rgb.map((v) => Math.round(v).toString(16).padStart(2, "0")).join("");
const WHITE = [255, 255, 255];
const INK = [17, 24, 39];
function ensureContrast(rgb, bg, ratio) {
  let c = rgb.slice();
  for (let i = 0; i < 20 && contrast(c, bg) < ratio; i++) c = c.map((v) => v * 0.85);
  return c;
}
function palette(accent) {
  return {
    accent,
    onAccent: contrast(accent, WHITE) >= contrast(accent, INK) ? WHITE : INK,
    accentText: ensureContrast(accent, WHITE, 4.5),
  };
}
return { contrast, ensureContrast, hex, palette, parseColor };
})();

// ---- strings.js
const m_strings = (function () {
const STRINGS = {
  en: {
    open: "Chat with {title}", close: "Close chat", menu: "Conversation options",
    restart: "Restart conversation", forget: "Delete my data", about: "About {title} and its data",
    placeholder: "Type a message…", input: "Message to {title}", send: "Send", log: "Conversation with {title}",
    suggestions: "Suggested replies", you: "You", counselor: "Counselor",
    connecting: "Connecting…", online: "Online", reconnecting: "Reconnecting…", offline: "Offline",
    error: "Can't connect",
    offlineBanner: "You're offline. Anything you send now goes out when you're back.",
    errorBanner: "Can't reach {title} right now. Retrying automatically.", retryNow: "Try now",
    pending: "Pending — sends when you're back online", sending: "Sending…", failed: "Not sent",
    retry: "Retry", typing: "{title} is typing", restarted: "New conversation",
    forgetTitle: "Delete your data?",
    forgetText: "{title} will erase this conversation and what it stored about you. This can't be undone.",
    cancel: "Cancel", back: "Back", aboutTitle: "About {title}",
    aboutIntro: "{title} suggests credentials for a career change, using open data:",
    privacy: "Conversations are stored so counselors can help you. Use “Delete my data” in the menu to erase them.",
    greeting: "Hi! I'm {title}. Tell me what you do now and where you'd like to go, and I'll suggest " +
      "credentials that bridge the move — with costs, time and the skills they cover.",
    starters: "I'm a bank teller and want to move into fintech|How do I get into cybersecurity?|What is a microcredential?",
    newMessage: "New message",
    forgotten: "Your data was deleted. Anything you write now starts a new conversation.",
    option: "Option {n}", details: "Details", source: "Source", officialPage: "Official page",
    cost: "Cost", time: "Time", format: "Format", skills: "Skills", costNote: "Cost note", level: "Level",
    prerequisites: "Prerequisites", qa: "Quality assurance", recognition: "Recognition", comparison: "Side by side",
  },
  es: {
    open: "Chatear con {title}", close: "Cerrar chat", menu: "Opciones de la conversación",
    restart: "Reiniciar conversación", forget: "Borrar mis datos", about: "Acerca de {title} y sus datos",
    placeholder: "Escribe un mensaje…", input: "Mensaje para {title}", send: "Enviar",
    log: "Conversación con {title}", suggestions: "Respuestas sugeridas", you: "Tú", counselor: "Orientador/a",
    connecting: "Conectando…", online: "En línea", reconnecting: "Reconectando…", offline: "Sin conexión",
    error: "Sin conexión con el servidor",
    offlineBanner: "Estás sin conexión. Lo que envíes saldrá cuando vuelvas a estar en línea.",
    errorBanner: "No podemos conectar con {title}. Lo seguimos intentando.", retryNow: "Reintentar",
    pending: "Pendiente — se enviará al reconectar", sending: "Enviando…", failed: "No enviado",
    retry: "Reintentar", typing: "{title} está escribiendo", restarted: "Nueva conversación",
    forgetTitle: "¿Borrar tus datos?",
    forgetText: "{title} borrará esta conversación y lo que guardó sobre ti. No se puede deshacer.",
    cancel: "Cancelar", back: "Volver", aboutTitle: "Acerca de {title}",
    aboutIntro: "{title} sugiere credenciales para cambiar de carrera con datos abiertos:",
    privacy: "Guardamos las conversaciones para que un orientador pueda ayudarte. " +
      "Usa “Borrar mis datos” en el menú para eliminarlas.",
    greeting: "¡Hola! Soy {title}. Cuéntame a qué te dedicas y hacia dónde quieres ir, y te sugeriré " +
      "credenciales para dar el salto.",
    starters: "Soy cajero de banco y quiero pasar a fintech|¿Cómo entro en ciberseguridad?|¿Qué es una microcredencial?",
    newMessage: "Mensaje nuevo",
    forgotten: "Tus datos se han borrado. Lo que escribas ahora empieza una conversación nueva.",
    option: "Opción {n}", details: "Detalles", source: "Fuente", officialPage: "Página oficial",
    cost: "Coste", time: "Tiempo", format: "Formato", skills: "Habilidades", costNote: "Nota sobre el coste",
    level: "Nivel", prerequisites: "Requisitos", qa: "Garantía de calidad", recognition: "Reconocimiento",
    comparison: "Comparación",
  },
};

function translator(lang, title) {
  const S = STRINGS[lang] || STRINGS.en;
  return (key) => (S[key] !== undefined ? S[key] : STRINGS.en[key]).replace(/\{title\}/g, () => title);
}
return { STRINGS, translator };
})();

// ---- config.js
const m_config = (function () {
const { parseColor } = m_colour;
const { STRINGS, translator } = m_strings;
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

const storageKey = "pivot:" + config.server;
return { config, storageKey, t };
})();

// ---- storage.js
const m_storage = (function () {
function uuid() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 15) | 64;
  b[8] = (b[8] & 63) | 128;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
}
const memoryStore = {};
function storeGet(key) {
  try { return localStorage.getItem(key); } catch (e) { return memoryStore[key] || null; }
}
function storeSet(key, value) {
  try { localStorage.setItem(key, value); } catch (e) { memoryStore[key] = value; }
}
function storedSession(storageKey) {
  const id = storeGet(storageKey + ":sender");
  const token = storeGet(storageKey + ":token");
  return id && token && /^web:[0-9a-f-]{36}$/.test(id) ? { id, token } : null;
}
return { storeGet, storeSet, storedSession, uuid };
})();

// ---- outbox.js
const m_outbox = (function () {
const { storeGet, storeSet } = m_storage;
const key = (storageKey, sender) => storageKey + ":outbox:" + sender;

function loadOutbox(storageKey, sender) {
  try {
    const items = JSON.parse(storeGet(key(storageKey, sender)) || "[]");
    return Array.isArray(items) ? items.filter((m) => m && typeof m.text === "string" && m.client_id) : [];
  } catch (e) { return []; }
}
function saveOutbox(storageKey, sender, items) {
  storeSet(key(storageKey, sender), JSON.stringify(items));
}
return { loadOutbox, saveOutbox };
})();

// ---- receipts.js
const m_receipts = (function () {
const MAX_IDS_PER_FRAME = 500;

function createReceipts(send) {
  const acked = new Set(); // acknowledged to the gateway from this page
  const waiting = new Set(); // shown, to acknowledge once a socket is open
  function flush() {
    while (waiting.size) {
      const ids = Array.from(waiting).slice(0, MAX_IDS_PER_FRAME);
      if (!send({ type: "ack", ids })) return;
      for (const id of ids) { waiting.delete(id); acked.add(id); }
    }
  }
  function ack(ids) {
    for (const id of ids || []) if (typeof id === "number" && !acked.has(id)) waiting.add(id);
    flush();
  }
  return { ack, flush };
}
return { createReceipts };
})();

// ---- tabs.js
const m_tabs = (function () {
function tabChannel(sender, onChange) {
  if (!sender || !("BroadcastChannel" in window)) return { notify() {}, close() {} };
  const channel = new BroadcastChannel("pivot-widget:" + sender);
  channel.onmessage = () => onChange();
  return {
    notify() { channel.postMessage({ type: "changed" }); },
    close() { channel.close(); },
  };
}
return { tabChannel };
})();

// ---- transport.js
const m_transport = (function () {
const { storedSession, storeSet } = m_storage;
const WS_FAILURES_BEFORE_HTTP = 3;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 30000;
const STABLE_AFTER_MS = 3000;
const PING_EVERY_MS = 25000;
const PONG_WITHIN_MS = 10000;

function createTransport(opts, on) {
  const { server, site, storageKey } = opts;
  const saved = storedSession(storageKey);
  const s = {
    sender: saved ? saved.id : null,
    token: saved ? saved.token : null,
    conn: "connecting",
    ws: null,
    wsFailures: 0,
    attempt: 0,
    timer: null,
    heartbeat: null,
    everOpened: false,
    lastFrameAt: 0,
    pingSentAt: 0,
  };
  const url = (path) => server + path;
  const offline = () => navigator.onLine === false;

  function setConn(conn) {
    s.conn = conn;
    on.status(conn);
  }

  let sessionRequest = null;
  function ensureSession() {
    if (s.sender && s.token) return Promise.resolve(true);
    if (!sessionRequest) {
      sessionRequest = (async () => {
        try {
          const r = await fetch(url("/api/v1/session"), { method: "POST", credentials: "omit", cache: "no-store" });
          const body = r.ok ? await r.json() : null;
          if (!body || typeof body.sender_id !== "string" || typeof body.token !== "string") return false;
          const previous = s.sender;
          storeSet(storageKey + ":sender", body.sender_id);
          storeSet(storageKey + ":token", body.token);
          s.sender = body.sender_id;
          s.token = body.token;
          on.session(previous);
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
  function dropSession() {
    storeSet(storageKey + ":sender", "");
    storeSet(storageKey + ":token", "");
    s.sender = null;
    s.token = null;
    on.sessionLost();
  }

  function wsUrl() {
    const u = new URL(url("/ws"));
    u.protocol = u.protocol === "https:" ? "wss:" : "ws:";
    u.searchParams.set("sender_id", s.sender);
    u.searchParams.set("token", s.token);
    u.searchParams.set("site", site);
    u.searchParams.set("resume", "1"); // send again what this browser never acknowledged
    return u.href;
  }
  function connect() {
    clearTimeout(s.timer);
    if (offline()) { setConn("offline"); return; }
    if (s.ws) return;
    if (!s.sender) {
      ensureSession().then((ok) => { if (!ok) closed(false); else if (!s.ws) connect(); });
      return;
    }
    if (s.wsFailures < WS_FAILURES_BEFORE_HTTP) setConn(s.everOpened ? "reconnecting" : "connecting");
    let ws;
    try { ws = new WebSocket(wsUrl()); } catch (e) { closed(false); return; }
    s.ws = ws;
    let stable = null;
    ws.onopen = () => {
      stable = setTimeout(() => { stable = true; s.attempt = 0; s.wsFailures = 0; }, STABLE_AFTER_MS);
      setConn("online");
      s.lastFrameAt = Date.now();
      startHeartbeat(ws);
      const reopened = s.everOpened;
      s.everOpened = true;
      on.ready(reopened);
    };
    ws.onmessage = (e) => {
      s.lastFrameAt = Date.now();
      let frame;
      try { frame = JSON.parse(e.data); } catch (err) { return; }
      if (frame && typeof frame === "object") on.frame(frame);
    };
    ws.onclose = () => {
      const lasted = stable === true;
      if (!lasted) clearTimeout(stable);
      if (s.ws !== ws) return;
      s.ws = null;
      closed(lasted);
    };
  }
  function startHeartbeat(ws) {
    clearInterval(s.heartbeat);
    s.heartbeat = setInterval(() => checkAlive(ws), PING_EVERY_MS);
  }
  function checkAlive(ws) {
    if (s.ws !== ws || ws.readyState !== WebSocket.OPEN) { clearInterval(s.heartbeat); return; }
    if (s.pingSentAt && s.lastFrameAt < s.pingSentAt && Date.now() - s.pingSentAt > PONG_WITHIN_MS) {
      s.pingSentAt = 0;
      ws.onclose();
      try { ws.close(); } catch (e) { /* already closing */ }
      return;
    }
    s.pingSentAt = Date.now();
    ws.send(JSON.stringify({ type: "ping" }));
  }
  function closed(opened) {
    clearInterval(s.heartbeat);
    if (!opened) s.wsFailures += 1;
    if (offline()) { setConn("offline"); return; }
    if (s.wsFailures >= WS_FAILURES_BEFORE_HTTP) httpProbe(); // keep talking over HTTP meanwhile
    else setConn("reconnecting");
    scheduleReconnect();
  }
  function scheduleReconnect() {
    clearTimeout(s.timer);
    const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * Math.pow(2, s.attempt));
    const delay = ceiling / 2 + Math.random() * ceiling / 2; // "equal jitter": spread clients, keep a floor
    s.attempt += 1;
    s.timer = setTimeout(connect, delay);
  }
  async function httpProbe() {
    const ok = await on.probe();
    if (s.ws) return;
    setConn(ok ? "online" : "error");
    if (ok) on.ready(false);
  }
  function disconnect() {
    clearTimeout(s.timer);
    const ws = s.ws;
    s.ws = null;
    if (ws) { try { ws.close(1000); } catch (e) { /* already closing */ } }
  }

  async function fetchHistory() {
    if (!(await ensureSession())) return null;
    try {
      const query = "?sender_id=" + encodeURIComponent(s.sender) + "&token=" + encodeURIComponent(s.token);
      const r = await fetch(url("/api/v1/history" + query), {
        headers: { Accept: "application/json" }, credentials: "omit", cache: "no-store",
      });
      if (r.status === 401) dropSession();
      if (!r.ok) return null;
      const body = await r.json();
      return Array.isArray(body.messages) ? body.messages.filter((m) => m && typeof m.text === "string") : [];
    } catch (e) {
      return null;
    }
  }
  async function postMessage(message) {
    if (!(await ensureSession())) { setConn("error"); return null; }
    try {
      const r = await fetch(url("/api/v1/messages"), {
        method: "POST", credentials: "omit",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ sender_id: s.sender, token: s.token, site, ...message }),
      });
      const body = await r.json().catch(() => ({}));
      return { ok: r.ok, status: r.status, body: body || {} };
    } catch (e) {
      setConn("error");
      return null;
    }
  }

  return {
    get sender() { return s.sender; },
    get token() { return s.token; },
    get conn() { return s.conn; },
    ensureSession,
    connect,
    disconnect,
    fetchHistory,
    postMessage,
    send(frame) {
      const ws = s.ws;
      if (!ws || ws.readyState !== WebSocket.OPEN) return false;
      try { ws.send(JSON.stringify(frame)); } catch (e) { return false; }
      return true;
    },
    httpMode() { return s.wsFailures >= WS_FAILURES_BEFORE_HTTP && s.conn === "online"; },
    reconnectNow() {
      s.attempt = 0;
      if (s.ws) return false;
      connect();
      return true;
    },
    wake() {
      if (!s.ws) this.reconnectNow();
      else if (s.ws.readyState === WebSocket.OPEN) checkAlive(s.ws);
    },
    goneOffline() { disconnect(); setConn("offline"); },
    backOnline() { s.attempt = 0; connect(); },
  };
}
return { createTransport };
})();

// ---- dom.js
const m_dom = (function () {
function el(tag, attrs, children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const child of [].concat(children || [])) if (child) node.append(child);
  return node;
}
const ICONS = {
  chat: "M5 5h14a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2h-7l-5 4v-4H5a2 2 0 0 1-2-2V7a2 2 0 0 1 2-2z",
  close: "M6 6l12 12M18 6L6 18",
  send: "M4 12l16-8-6 16-2.5-6.5L4 12z",
  dots: "M12 5.5v.01M12 12v.01M12 18.5v.01",
  back: "M15 5l-7 7 7 7",
};
function icon(name) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const path = document.createElementNS(ns, "path");
  path.setAttribute("d", ICONS[name]);
  svg.append(path);
  return svg;
}
const hiddenLabel = (text) => el("span", { class: "sr", text });
return { el, hiddenLabel, icon };
})();

// ---- richtext.js
const m_richtext = (function () {
const { el } = m_dom;
const ALLOWED_LINK_PROTOCOLS = ["http:", "https:", "mailto:"];

const TOKEN = /\[([^\]\n]{1,200})\]\(((?:https?:\/\/|mailto:)[^\s()]+)\)|\*\*([^*\n]{1,300})\*\*|((?:https?:\/\/|mailto:)[^\s<>"'`]+)/gi;
function safeUrl(raw) {
  try {
    const u = new URL(raw);
    return ALLOWED_LINK_PROTOCOLS.includes(u.protocol) ? u.href : null;
  } catch (e) { return null; }
}
function link(label, raw) {
  const href = safeUrl(raw);
  if (!href) return document.createTextNode(label);
  return el("a", { href, target: "_blank", rel: "noopener noreferrer", text: label });
}
function renderRichText(parent, text) {
  let last = 0;
  TOKEN.lastIndex = 0;
  for (let m; (m = TOKEN.exec(text));) {
    if (m.index > last) parent.append(document.createTextNode(text.slice(last, m.index)));
    if (m[1]) parent.append(link(m[1], m[2]));
    else if (m[3]) parent.append(el("strong", { text: m[3] }));
    else {
      let url = m[4], trail = "";
      const t2 = /[.,;:!?)\]]+$/.exec(url);
      if (t2) { trail = t2[0]; url = url.slice(0, -trail.length); }
      parent.append(link(url, url));
      if (trail) parent.append(document.createTextNode(trail));
    }
    last = TOKEN.lastIndex;
  }
  if (last < text.length) parent.append(document.createTextNode(text.slice(last)));
}
return { link, renderRichText, safeUrl };
})();

// ---- cards.js
const m_cards = (function () {
const { el, hiddenLabel } = m_dom;
const { link, renderRichText, safeUrl } = m_richtext;
function para(cls, text) {
  if (!text) return null;
  const node = el("p", { class: cls });
  renderRichText(node, text);
  return node;
}

function dated(card, t) {
  const source = card.source_url && safeUrl(card.source_url);
  const node = el("p", { class: "dated" }, document.createTextNode(card.dated));
  if (source) node.append(document.createTextNode(" · "), link(t("source"), source));
  return node;
}

function details(card, t, open) {
  const d = card.details;
  if (!d) return null;
  const rows = [
    ["skills", d.skills && d.skills.length ? d.skills.join(", ") : null],
    ["costNote", d.cost_note], ["level", d.level], ["prerequisites", d.prerequisites],
    ["qa", d.quality_assurance], ["recognition", d.recognition],
  ];
  const list = el("dl");
  for (const [key, value] of rows) {
    if (!value) continue;
    list.append(el("dt", { text: t(key) }), el("dd", { text: value }));
  }
  const official = card.url && safeUrl(card.url);
  const body = [para("description", d.description), list.childElementCount ? list : null];
  if (official) body.push(el("p", {}, link(t("officialPage"), official)));
  return el("details", { open: open || null }, [el("summary", { text: t("details") }), ...body]);
}

function credentialCard(card, t, open) {
  const name = el("h3", {}, [
    card.rank ? hiddenLabel(t("option").replace("{n}", card.rank) + ": ") : null, document.createTextNode(card.name),
  ]);
  const chip = (key, value) => el("li", {}, [el("b", { text: t(key) + " " }), document.createTextNode(value)]);
  return el("article", { class: "card" }, [
    el("div", { class: "card-head" }, [
      card.rank ? el("span", { class: "rank", "aria-hidden": "true", text: "#" + card.rank }) : null,
      el("div", {}, [name, el("p", { class: "issuer", text: card.issuer })]),
    ]),
    para("reason", card.reason),
    el("ul", { class: "facts" }, [chip("cost", card.cost), chip("time", card.time), chip("format", card.format)]),
    dated(card, t),
    para("note", card.note),
    details(card, t, open),
  ]);
}

function recommendations(p, t) {
  return [
    para("intro", p.intro),
    el("ol", { class: "cards" }, p.items.map((item) => el("li", {}, credentialCard(item, t, false)))),
    ...(p.outro || []).map((line) => para("outro", line)),
  ];
}

function comparison(p, t) {
  const head = el("tr", {}, [
    el("th", { scope: "col", text: p.a.name }), el("th", { scope: "col", text: p.b.name }),
  ]);
  const body = el("tbody");
  for (const row of p.rows) {
    body.append(el("tr", {}, el("th", { scope: "colgroup", colspan: "2", text: row.aspect })));
    body.append(el("tr", {}, [el("td", { text: row.a }), el("td", { text: row.b })]));
  }
  return [el("table", {}, [el("caption", { text: t("comparison") }), el("thead", {}, head), body])];
}

function skillGaps(p) {
  return [
    para("intro", p.intro),
    el("ul", { class: "gaps" }, p.gaps.map((g) => el("li", {}, [
      document.createTextNode(g.name + " "), el("span", { class: "kind", text: "(" + g.kind + ")" }),
    ]))),
    ...(p.outro || []).map((line) => para("outro", line)),
  ];
}

function firstSteps(p) {
  return [para("intro", p.intro), el("ol", { class: "steps" }, p.steps.map((s) => {
    const item = el("li");
    renderRichText(item, s);
    return item;
  }))];
}

function relatedMoves(p) {
  return [para("intro", p.intro), el("ol", { class: "moves" }, p.moves.map((m) => el("li", {}, [
    el("strong", { text: m.title }), document.createTextNode(" — " + m.reason),
  ])))];
}

const DRAW = {
  recommendations, comparison, skill_gaps: skillGaps, first_steps: firstSteps, related_moves: relatedMoves,
  credential: (p, t) => [credentialCard(p.item, t, true)],
};

function answerNode(payload, t) {
  if (!payload || payload.v !== 1 || !Object.prototype.hasOwnProperty.call(DRAW, payload.kind)) return null;
  try {
    return el("div", { class: "answer " + (payload.kind === "comparison" ? "compare" : payload.kind) },
      DRAW[payload.kind](payload, t));
  } catch (e) {
    return null; // a payload missing a field it should have: the text is still there
  }
}
return { answerNode, credentialCard };
})();

// ---- styles.js
const m_styles = (function () {
const { hex } = m_colour;
function stylesheet(side, colours) {
  return `
:host{all:initial}
*{box-sizing:border-box}
.root{--accent:${hex(colours.accent)};--on-accent:${hex(colours.onAccent)};--accent-text:${hex(colours.accentText)};
  font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#111827;
  -webkit-font-smoothing:antialiased;-webkit-text-size-adjust:100%}
.sr{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
button{font:inherit;color:inherit;cursor:pointer}
button:disabled{cursor:default}
svg{width:22px;height:22px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}
:focus-visible{outline:3px solid var(--accent-text);outline-offset:2px}
.launcher{position:fixed;bottom:20px;${side}:20px;z-index:2147483000;width:60px;height:60px;border-radius:50%;border:0;
  background:var(--accent);color:var(--on-accent);display:grid;place-items:center;
  box-shadow:0 8px 24px rgba(17,24,39,.25),0 2px 6px rgba(17,24,39,.2);transition:transform .15s ease}
.launcher:hover{transform:scale(1.06)}
.launcher svg{width:28px;height:28px}
.launcher:focus-visible{outline-color:#111827;box-shadow:0 0 0 3px #fff,0 8px 24px rgba(17,24,39,.25)}
.badge{position:absolute;top:-2px;${side === "right" ? "left" : "right"}:-2px;min-width:20px;height:20px;padding:0 6px;
  border-radius:10px;background:#b91c1c;color:#fff;font-size:12px;font-weight:700;line-height:20px;text-align:center}
.panel{position:fixed;bottom:92px;${side}:20px;z-index:2147483001;width:384px;height:min(640px,calc(100vh - 112px));
  display:flex;flex-direction:column;background:#fff;border-radius:18px;overflow:hidden;
  box-shadow:0 24px 60px rgba(17,24,39,.28),0 4px 12px rgba(17,24,39,.12);animation:rise .18s ease-out}
.panel[hidden]{display:none}
@keyframes rise{from{opacity:0;transform:translateY(12px)}to{opacity:1;transform:none}}
.header{display:flex;align-items:center;gap:10px;padding:14px 10px 14px 16px;background:var(--accent);color:var(--on-accent)}
.avatar{flex:none;width:38px;height:38px;border-radius:50%;display:grid;place-items:center;font-weight:700;font-size:17px;
  background:color-mix(in srgb,var(--on-accent) 18%,transparent)}
.heading{flex:1;min-width:0}
.title{margin:0;font-size:16px;font-weight:650;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.status{display:flex;align-items:center;gap:6px;font-size:12.5px;opacity:.95}
.dot{width:8px;height:8px;border-radius:50%;background:#9ca3af;box-shadow:0 0 0 2px color-mix(in srgb,var(--on-accent) 35%,transparent)}
.root[data-state=online] .dot{background:#22c55e}
.root[data-state=connecting] .dot,.root[data-state=reconnecting] .dot{background:#f59e0b}
.root[data-state=error] .dot{background:#ef4444}
.icon-btn{flex:none;width:40px;height:40px;border:0;border-radius:10px;background:transparent;color:inherit;display:grid;place-items:center}
.icon-btn:hover{background:color-mix(in srgb,currentColor 14%,transparent)}
.header .icon-btn:focus-visible{outline-color:var(--on-accent);outline-offset:-3px}
.menu{position:absolute;top:62px;right:12px;z-index:3;min-width:230px;margin:0;padding:6px;list-style:none;background:#fff;
  border-radius:12px;box-shadow:0 12px 32px rgba(17,24,39,.22);border:1px solid #e5e7eb}
.menu[hidden]{display:none}
.menu button{display:block;width:100%;text-align:left;padding:10px 12px;border:0;border-radius:8px;background:none;color:#111827}
.menu button:hover,.menu button:focus{background:#f3f4f6;outline:none}
.menu button.danger{color:#b91c1c}
.banner{padding:8px 14px;font-size:13px;background:#fffbeb;color:#78350f;border-bottom:1px solid #fde68a;display:flex;gap:8px;align-items:center}
.banner[hidden]{display:none}
.root[data-state=error] .banner{background:#fef2f2;color:#7f1d1d;border-color:#fecaca}
.banner button{margin-left:auto;white-space:nowrap;flex:none;border:1px solid currentColor;background:none;border-radius:8px;padding:2px 10px;font-size:12.5px}
.log{position:relative;flex:1;overflow-y:auto;padding:16px 14px 8px;background:#f7f7fb;display:flex;flex-direction:column;gap:10px;
  overscroll-behavior:contain}
.msg{display:flex;flex-direction:column;max-width:86%;animation:fade .2s ease-out}
@keyframes fade{from{opacity:0;transform:translateY(4px)}to{opacity:1;transform:none}}
.msg.user{align-self:flex-end;align-items:flex-end}
.bubble{padding:10px 13px;border-radius:16px;white-space:pre-wrap;overflow-wrap:anywhere;word-break:normal}
.bot .bubble{background:#fff;border:1px solid #e6e7ee;border-bottom-left-radius:5px}
.user .bubble{background:var(--accent);color:var(--on-accent);border-bottom-right-radius:5px}
.counselor .bubble{background:#ecfdf5;border:1px solid #a7f3d0;border-bottom-left-radius:5px}
.label{font-size:12px;font-weight:650;color:#065f46;margin:0 0 3px 4px}
.bubble a{color:var(--accent-text);text-decoration:underline;text-underline-offset:2px}
.user .bubble a{color:inherit}
.meta{font-size:12px;color:#4b5563;margin:3px 4px 0;display:flex;gap:8px;align-items:center}
.msg.pending .bubble,.msg.sending .bubble{opacity:.75}
.msg.failed .bubble{outline:2px solid #fca5a5}
.meta button{border:0;background:none;color:var(--accent-text);text-decoration:underline;padding:0;font-size:12px}
.chips{display:flex;flex-wrap:wrap;gap:8px;margin-top:8px}
.chip{border:1.5px solid var(--accent-text);color:var(--accent-text);background:#fff;border-radius:999px;padding:7px 14px;
  font-size:14px;line-height:1.25;text-align:left;transition:background .12s}
.chip:hover:not(:disabled){background:color-mix(in srgb,var(--accent) 10%,#fff)}
.chip:disabled{border-color:#d1d5db;color:#4b5563;background:#f3f4f6}
.chip[aria-pressed=true]{border-color:var(--accent-text);background:color-mix(in srgb,var(--accent) 14%,#fff);color:#111827}
.divider{align-self:center;font-size:12px;color:#4b5563;padding:2px 10px;border-radius:999px;background:#eceef3}
.notice{align-self:stretch;font-size:13px;padding:8px 12px;border-radius:10px;background:#fef2f2;color:#7f1d1d;border:1px solid #fecaca}
.typing{padding:0 14px 6px;background:#f7f7fb;min-height:0}
.typing[hidden]{display:none}
.typing .dots{display:inline-flex;gap:4px;padding:11px 14px;background:#fff;border:1px solid #e6e7ee;border-radius:16px;border-bottom-left-radius:5px}
.typing .dots i{width:7px;height:7px;border-radius:50%;background:#6b7280;animation:blink 1.2s infinite ease-in-out}
.typing .dots i:nth-child(2){animation-delay:.15s}.typing .dots i:nth-child(3){animation-delay:.3s}
@keyframes blink{0%,80%,100%{opacity:.3;transform:translateY(0)}40%{opacity:1;transform:translateY(-3px)}}
.composer{display:flex;align-items:flex-end;gap:8px;padding:10px 10px 12px 14px;border-top:1px solid #e5e7eb;background:#fff}
.composer textarea{flex:1;resize:none;border:1.5px solid #d1d5db;border-radius:12px;padding:9px 12px;font:inherit;color:#111827;
  max-height:120px;min-height:42px;background:#fff;line-height:1.4}
.composer textarea::placeholder{color:#6b7280}
.composer textarea:focus{outline:none;border-color:var(--accent-text);box-shadow:0 0 0 3px color-mix(in srgb,var(--accent) 22%,transparent)}
.send{flex:none;width:42px;height:42px;border:0;border-radius:12px;background:var(--accent);color:var(--on-accent);display:grid;place-items:center}
.send:disabled{background:#e5e7eb;color:#6b7280}
.sheet{position:absolute;inset:0;z-index:4;background:#fff;display:flex;flex-direction:column;overflow:auto}
.sheet[hidden]{display:none}
.sheet-head{display:flex;align-items:center;gap:6px;padding:12px 10px;border-bottom:1px solid #e5e7eb}
.sheet-head h2{margin:0;font-size:16px}
.sheet-body{padding:14px 18px;font-size:14px}
.sheet-body p{margin:0 0 10px}
.sheet-body ul{margin:0 0 12px;padding-left:18px}
.sheet-body li{margin-bottom:8px}
.sheet-body a{color:var(--accent-text)}
.actions{display:flex;gap:10px;justify-content:flex-end;margin-top:16px}
.btn{border-radius:10px;padding:9px 16px;border:1.5px solid #d1d5db;background:#fff}
.btn.danger{background:#b91c1c;border-color:#b91c1c;color:#fff}
.msg.rich{max-width:100%;align-self:stretch}
.answer{background:#fff;border:1px solid #e6e7ee;border-radius:16px;border-bottom-left-radius:5px;padding:12px 12px 10px}
.answer p{margin:0 0 8px}
.answer .outro{margin:10px 0 0;color:#374151}
.answer a{color:var(--accent-text);text-underline-offset:2px}
.cards{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:10px}
.card{border:1px solid #e5e7eb;border-radius:12px;padding:10px 12px;background:#fff}
.card-head{display:flex;gap:8px;align-items:flex-start}
.rank{flex:none;min-width:26px;height:26px;padding:0 6px;border-radius:13px;background:var(--accent);color:var(--on-accent);
  font-weight:700;font-size:13px;display:grid;place-items:center}
.card h3{margin:0;font-size:15px;line-height:1.3;overflow-wrap:anywhere}
.answer .issuer{margin:1px 0 0;font-size:13px;color:#4b5563}
.answer .reason{margin:6px 0 0;font-size:14px}
.facts{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0 0;padding:0;list-style:none}
.facts li,.gaps li{font-size:12.5px;line-height:1.3;padding:4px 9px;border-radius:999px;background:#f3f4f6;color:#1f2937}
.facts b{font-weight:650}
.answer .dated{margin:6px 0 0;font-size:12px;color:#4b5563}
.answer .note{margin:6px 0 0;font-size:13px;color:#92400e}
.card details{margin-top:6px}
.card summary{cursor:pointer;color:var(--accent-text);font-size:13.5px;font-weight:600;padding:4px 0;width:max-content}
.card summary{list-style:none}
.card summary::-webkit-details-marker{display:none}
.card summary::before{content:"▸" / "";display:inline-block;width:1em}
.card details[open]>summary::before{content:"▾" / ""}
.card dl{margin:4px 0 0;font-size:13.5px}
.card dt{font-weight:650;margin-top:6px}
.card dd{margin:0;overflow-wrap:anywhere}
.compare table{width:100%;border-collapse:collapse;table-layout:fixed;font-size:13.5px}
.compare caption{text-align:left;font-weight:650;margin-bottom:6px}
.compare th,.compare td{padding:5px 6px;vertical-align:top;text-align:left;overflow-wrap:anywhere}
.compare thead th{font-size:14px;border-bottom:2px solid #e5e7eb}
.compare tbody th{font-size:12px;font-weight:650;color:#4b5563;padding:8px 6px 0}
.compare tbody th::first-letter{text-transform:uppercase}
.compare td{border-bottom:1px solid #f1f2f5}
.compare td+td{border-left:1px solid #f1f2f5}
.steps,.moves{margin:0;padding-left:22px}
.steps li,.moves li{margin-bottom:6px}
.gaps{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:6px}
.gaps .kind{color:#4b5563}
@media (max-width:480px){
  .panel{inset:0;width:100%;height:100%;max-height:none;border-radius:0;bottom:0;${side}:0}
  .root.open .launcher{display:none}
  .msg{max-width:92%}
  .composer textarea{font-size:16px;min-height:44px}
  .icon-btn,.send{width:44px;height:44px}
  .chip,.btn,.menu button,.banner button,.meta button{min-height:44px}
  .card summary{min-height:44px;display:flex;align-items:center}
}
@media (prefers-reduced-motion:reduce){*,*::before,*::after{animation:none!important;transition:none!important;scroll-behavior:auto!important}}
`;
}
return { stylesheet };
})();

// ---- ui.js
const m_ui = (function () {
const { answerNode } = m_cards;
const { palette } = m_colour;
const { el, hiddenLabel, icon } = m_dom;
const { link, renderRichText } = m_richtext;
const { stylesheet } = m_styles;
const TYPING_TIMEOUT_MS = 25000;

function createUI(config, t, storageKey, actions) {
  const title = config.title;
  const STYLE = stylesheet(config.position, palette(config.color));
  let open = false;
  let unread = 0;
  let typingTimer = null;

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
  function unreadAtLeast(n) { if (!open && n > unread) setUnread(n); }
  function setUnread(n) {
    unread = n;
    badge.hidden = n === 0;
    badge.textContent = n > 9 ? "9+" : String(n);
    launcher.setAttribute("aria-label", open ? t("close") : t("open") + (n ? " (" + t("newMessage") + ")" : ""));
  }

  function scrollToEnd() { log.scrollTop = log.scrollHeight; }
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
  function afterIncoming(first) {
    if (first) scrollToStart(first);
    else scrollToEnd();
    if (!open) setUnread(unread + 1);
  }
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
return { createUI };
})();

// ---- main.js
const m_main = (function () {
const { config, storageKey, t } = m_config;
const { loadOutbox, saveOutbox } = m_outbox;
const { createReceipts } = m_receipts;
const { storeGet, storeSet, uuid } = m_storage;
const { tabChannel } = m_tabs;
const { createTransport } = m_transport;
const { createUI } = m_ui;
const RETRY_5XX_MS = 10000;

const state = {
  outbox: [],
  history: [],
  failed: [], // rejected by the server (too long, too fast, Rasa down): kept on screen with "Retry"
  needSync: false,
  renderedSig: "",
  gen: 0, // bumped on every local change, so a history response that started earlier is not applied
  waitNoticed: new Set(), // client_ids whose "kept your message" notice is on screen
};

const ui = createUI(config, t, storageKey, {
  send: (text, display, listId) => sendText(text, display, listId),
  retry: (item) => { state.failed = state.failed.filter((m) => m !== item); sendText(item.text, item.display); },
  retryNow: () => { if (!transport.reconnectNow()) flushOutbox(); },
  opened: () => noteUnseen(state.history),
});
const transport = createTransport({ server: config.server, site: config.site, storageKey }, {
  status: (conn) => { ui.setConn(conn); ui.refreshStatuses(state.outbox, statusFor); },
  ready: (reopened) => {
    receipts.flush();
    state.needSync = reopened;
    if (state.outbox.length) flushOutbox();
    else if (state.needSync) { state.needSync = false; loadHistory(); }
  },
  frame: (frame) => handleFrame(frame),
  probe: () => loadHistory(),
  session: (previous) => {
    saveOutbox(storageKey, previous, []);
    saveOutbox(storageKey, transport.sender, state.outbox);
    openTabs();
  },
  sessionLost: () => { tabs.close(); tabs = tabChannel(null); },
});
const receipts = createReceipts((frame) => transport.send(frame));
state.outbox = loadOutbox(storageKey, transport.sender);

let tabs = tabChannel(null);
function openTabs() {
  tabs.close();
  tabs = tabChannel(transport.sender, () => { state.outbox = loadOutbox(storageKey, transport.sender); scheduleSync(); });
}
openTabs();
const saveOutboxNow = () => saveOutbox(storageKey, transport.sender, state.outbox);

function statusFor() {
  return transport.conn === "online" && navigator.onLine !== false ? "sending" : "pending";
}

function renderAll() {
  ui.render(state.history, state.outbox, state.failed, statusFor);
  markRendered();
}
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
async function loadHistory() {
  const gen = state.gen;
  const fresh = await transport.fetchHistory();
  if (!fresh) return false;
  if (gen !== state.gen) { scheduleSync(); return true; } // stale: something happened meanwhile
  if (!fresh.length && state.history.length && !state.outbox.length) {
    state.history = [];
    ui.disableAllChips();
    ui.divider(t("forgotten"));
    markRendered();
    return true;
  }
  if (screenSig(fresh) !== state.renderedSig) { state.history = fresh; renderAll(); }
  else state.history = fresh; // the same screen, now with the record's ids
  receipts.ack(fresh.filter((m) => m.from !== "user").map((m) => m.id));
  noteUnseen(fresh);
  return true;
}
function noteUnseen(history) {
  const ids = history.filter((m) => m.from === "counselor" && typeof m.id === "number").map((m) => m.id);
  if (!ids.length || !transport.sender) return;
  const key = storageKey + ":counselor-seen:" + transport.sender;
  if (ui.isOpen()) storeSet(key, String(Math.max(...ids)));
  else ui.unreadAtLeast(ids.filter((id) => id > (Number(storeGet(key)) || 0)).length);
}
let syncTimer = null;
function scheduleSync() {
  clearTimeout(syncTimer);
  syncTimer = setTimeout(loadHistory, 250);
}
function knownIds() {
  const ids = new Set();
  for (const m of state.history) if (typeof m.id === "number") ids.add(m.id);
  return ids;
}

function handleFrame(frame) {
  if (frame.type === "typing") { ui.showTyping(true); return; }
  if (frame.type === "bot") { deliverReply(frame.reply_to, frame.messages, frame.ids); return; }
  if (frame.type === "resume") { resume(frame.messages); return; }
  if (frame.type === "waiting") { keptNotice(frame.reply_to, frame.text); return; }
  if (frame.type === "counselor" && typeof frame.text === "string") { counselorMessage(frame); return; }
  if (frame.type === "error") failItem(frame.reply_to, frame.error);
}
function resume(messages) {
  const known = knownIds();
  const ids = (Array.isArray(messages) ? messages : []).map((m) => m && m.id).filter((id) => typeof id === "number");
  if (ids.some((id) => !known.has(id))) loadHistory(); // draws and acknowledges them, in their place
  else receipts.ack(ids);
}
function counselorMessage(frame) {
  const id = typeof frame.id === "number" ? frame.id : undefined;
  if (id !== undefined && knownIds().has(id)) { receipts.ack([id]); return; } // already on screen
  ui.showTyping(false);
  ui.appendBot("counselor", frame.text);
  state.history.push({ id, from: "counselor", text: frame.text, buttons: [] });
  markRendered();
  ui.afterIncoming();
  receipts.ack([id]);
  noteUnseen(state.history);
}
function keptNotice(replyTo, text) {
  ui.showTyping(false);
  if (state.waitNoticed.has(replyTo)) return;
  state.waitNoticed.add(replyTo);
  ui.notice(typeof text === "string" && text ? text : t("failed"));
}
function deliverReply(replyTo, messages, ids) {
  const item = state.outbox.find((m) => m.client_id === replyTo);
  if (replyTo && !item) { scheduleSync(); return; } // a reply to another tab's message: resync from history
  ui.showTyping(false);
  state.gen += 1;
  if (item) {
    state.outbox = state.outbox.filter((m) => m !== item);
    saveOutboxNow();
    ui.setStatus(item, null);
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
    const node = ui.appendBot("bot", m.text || "", m.buttons, true, undefined, pivot, id);
    first = first || node;
    state.history.push({ id, from: "bot", text: m.text || "", buttons: m.buttons || [], pivot });
  });
  markRendered();
  receipts.ack(list.map((m, i) => idOf(i)));
  ui.afterIncoming(first);
  tabs.notify();
  if (!state.outbox.length) { state.needSync = false; scheduleSync(); }
}
function failItem(replyTo, error) {
  ui.showTyping(false);
  const item = state.outbox.find((m) => m.client_id === replyTo);
  if (item) {
    state.outbox = state.outbox.filter((m) => m !== item);
    saveOutboxNow();
    state.failed.push(item);
    ui.setStatus(item, "failed");
    if (!item.display) ui.giveBack(item.text);
    markRendered();
  }
  ui.notice(typeof error === "string" && error ? error : t("failed"));
}

function sendText(text, display, list) {
  text = text.normalize("NFC"); // as the gateway stores it, so the screen matches the history
  const label = display && display !== text ? display.normalize("NFC").trim().slice(0, 200) : undefined;
  const item = { client_id: uuid(), text, display: label, ts: Date.now(), list: typeof list === "number" ? list : undefined };
  state.gen += 1;
  state.outbox.push(item);
  saveOutboxNow();
  ui.appendUser(item, statusFor(item));
  markRendered();
  ui.scrollToEnd();
  tabs.notify();
  transmit(item);
  if (transport.conn !== "online") transport.reconnectNow();
}
function flushOutbox() { for (const item of state.outbox) transmit(item); }
function transmit(item) {
  if (navigator.onLine === false) return;
  const message = { text: item.text, client_id: item.client_id, display: item.display, list: item.list };
  if (transport.send({ type: "message", ...message })) ui.showTyping(true);
  else if (transport.httpMode()) sendOverHttp(item, message);
}
const inFlight = new Set();
let httpChain = Promise.resolve();
function sendOverHttp(item, message) { httpChain = httpChain.then(() => postMessage(item, message)); }
async function postMessage(item, message) {
  if (!state.outbox.some((m) => m.client_id === item.client_id)) return; // already answered
  if (inFlight.has(item.client_id)) return;
  inFlight.add(item.client_id);
  ui.showTyping(true);
  try {
    const r = await transport.postMessage(message);
    if (!r) ui.showTyping(false);
    else if (r.ok) deliverReply(item.client_id, r.body.messages);
    else if (r.status >= 400 && r.status < 500) failItem(item.client_id, r.body.error);
    else { ui.showTyping(false); setTimeout(flushOutbox, RETRY_5XX_MS); } // e.g. Rasa restarting: try again
  } finally {
    inFlight.delete(item.client_id);
  }
}

window.addEventListener("offline", () => transport.goneOffline());
window.addEventListener("online", () => transport.backOnline());
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible") transport.wake(); // back from a sleeping phone: don't wait
});

function start() {
  ui.mount();
  renderAll();
  if (ui.startsOpen()) ui.openPanel(false);
  loadHistory();
  transport.connect();
}
window.PivotWidget = {
  open: ui.openPanel, close: ui.closePanel, send: (text) => sendText(String(text)),
  get senderId() { return transport.sender; },
  get token() { return transport.token; },
};
if (document.body) start();
else document.addEventListener("DOMContentLoaded", start, { once: true });
return {  };
})();

})();
