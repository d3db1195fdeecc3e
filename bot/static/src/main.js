/*
 * Pivot chat widget, entry point: the conversation's state between the screen (ui.js) and the gateway
 * (transport.js). Why it works this way:
 * - The server is the source of truth: history is (re)loaded from GET /api/v1/history on start, after
 *   each reply, on every reconnect and when another tab changes the conversation; the log is re-drawn
 *   only when the record differs from the screen. Messages typed while offline sit in the outbox
 *   (outbox.js) until the server answers their client_id (a `bot`/`error` frame or an HTTP response).
 * - The widget draws a recorded id once (a reply that reaches it twice — a replayed reply and the `resume`
 *   frame after a reconnect — is shown once) and acknowledges what it shows (receipts.js).
 * - A button press names the message its buttons came from (`list`), so the gateway can tell a press on
 *   an old list from one on the current list ("That list has changed since…").
 * - A counselor's reply written while the person was away arrives with the history; while the panel is
 *   closed the launcher badges the replies newer than the last one shown with the panel open (kept per
 *   conversation in localStorage), so a returning person sees that someone answered.
 */
import { config, storageKey, t } from "./config.js";
import { loadOutbox, saveOutbox } from "./outbox.js";
import { createReceipts } from "./receipts.js";
import { storeGet, storeSet, uuid } from "./storage.js";
import { tabChannel } from "./tabs.js";
import { createTransport } from "./transport.js";
import { createUI } from "./ui.js";

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
    // Replies to queued messages come first; then resync from history to catch what was missed.
    state.needSync = reopened;
    if (state.outbox.length) flushOutbox();
    else if (state.needSync) { state.needSync = false; loadHistory(); }
  },
  frame: (frame) => handleFrame(frame),
  probe: () => loadHistory(),
  session: (previous) => {
    // Messages typed before the gateway issued the id move to the new conversation's outbox.
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

// ---------------------------------------------------------------- the screen against the record
function renderAll() {
  ui.render(state.history, state.outbox, state.failed, statusFor);
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
async function loadHistory() {
  const gen = state.gen;
  const fresh = await transport.fetchHistory();
  if (!fresh) return false;
  if (gen !== state.gen) { scheduleSync(); return true; } // stale: something happened meanwhile
  if (!fresh.length && state.history.length && !state.outbox.length) {
    // The server no longer has this conversation ("delete my data", retention): say so, keep the screen.
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
/** Counselor replies: the newest one shown with the panel open is remembered; newer ones are badged. */
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

// ---------------------------------------------------------------- what the gateway sends
function handleFrame(frame) {
  if (frame.type === "typing") { ui.showTyping(true); return; }
  if (frame.type === "bot") { deliverReply(frame.reply_to, frame.messages, frame.ids); return; }
  if (frame.type === "resume") { resume(frame.messages); return; }
  if (frame.type === "waiting") { keptNotice(frame.reply_to, frame.text); return; }
  if (frame.type === "counselor" && typeof frame.text === "string") { counselorMessage(frame); return; }
  if (frame.type === "error") failItem(frame.reply_to, frame.error);
}
/** After a reconnect: replies this page never acknowledged. Draw the ones it lacks from the record. */
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
/** Rasa is down: the gateway kept the message and will answer it; say so once, keep it pending. */
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
  // Check the screen against the server's record: catches what a dropped socket missed and a deletion.
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

// ---------------------------------------------------------------- what the person sends
function sendText(text, display, list) {
  text = text.normalize("NFC"); // as the gateway stores it, so the screen matches the history
  // The gateway accepts a display label of up to 200 characters.
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
  // `display`: the button title the person clicked, for the transcript (the payload goes to Rasa).
  const message = { text: item.text, client_id: item.client_id, display: item.display, list: item.list };
  if (transport.send({ type: "message", ...message })) ui.showTyping(true);
  else if (transport.httpMode()) sendOverHttp(item, message);
}
const inFlight = new Set();
let httpChain = Promise.resolve();
// One request at a time, so queued messages reach the server in the order they were typed.
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

// ---------------------------------------------------------------- start
window.addEventListener("offline", () => transport.goneOffline());
window.addEventListener("online", () => transport.backOnline());
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible") transport.wake(); // back from a sleeping phone: don't wait
});

function start() {
  ui.mount();
  renderAll();
  // Opened by the page (data-open) rather than by the person: show it, but don't steal focus.
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
