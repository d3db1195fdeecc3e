/**
 * How the widget reaches the gateway (Contract 4 in docs/ARCHITECTURE.md), with no DOM and no message
 * bookkeeping: the conversation id and its token, the WebSocket (backoff, heartbeat, HTTP fallback) and
 * the HTTP calls. What to do with frames, replies and the outbox is the caller's (main.js), told through
 * the `on` callbacks:
 *
 *   status(conn)       "connecting" | "online" | "reconnecting" | "offline" | "error"
 *   ready(reopened)    a socket opened (reopened: not the first one on this page), or the HTTP path
 *                      works while sockets keep failing: send what waits
 *   frame(frame)       a parsed JSON frame from the socket
 *   probe()            sockets keep failing: is the server reachable over HTTP? (Promise of a boolean)
 *   session(previous)  the gateway issued an id and token (previous: the id before, or null)
 *   sessionLost()      the gateway no longer knows our token: a new conversation starts
 *
 * - The conversation id is the gateway's, not ours: POST /api/v1/session returns a `web:` id and a signed
 *   token, kept in localStorage and sent with every history read, socket and message, so an id someone
 *   guesses or copies is worthless without the token.
 * - Reconnects back off exponentially with jitter (0.5 s doubling, capped at 30 s); a socket has to stay
 *   up 3 s to reset the backoff. After 3 failed sockets in a row messages go over POST /api/v1/messages
 *   while the socket keeps being retried. A ping every 25 s that gets nothing back within 10 s marks a
 *   silently dead socket (a phone that changed networks) and replaces it.
 */
import { storedSession, storeSet } from "./storage.js";

const WS_FAILURES_BEFORE_HTTP = 3;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 30000;
const STABLE_AFTER_MS = 3000;
const PING_EVERY_MS = 25000;
const PONG_WITHIN_MS = 10000;

export function createTransport(opts, on) {
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

  // ------------------------------------------------------------ the conversation id and its token
  let sessionRequest = null;
  /** Get an id and token from the gateway once; true when we have them. */
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
  /** The gateway no longer knows our token (its secret changed): forget it; the next call gets a new one. */
  function dropSession() {
    storeSet(storageKey + ":sender", "");
    storeSet(storageKey + ":token", "");
    s.sender = null;
    s.token = null;
    on.sessionLost();
  }

  // ------------------------------------------------------------ WebSocket
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
    // In HTTP-fallback mode the state shown is the HTTP one ("online" or "error"); keep it while retrying.
    if (s.wsFailures < WS_FAILURES_BEFORE_HTTP) setConn(s.everOpened ? "reconnecting" : "connecting");
    let ws;
    try { ws = new WebSocket(wsUrl()); } catch (e) { closed(false); return; }
    s.ws = ws;
    let stable = null;
    ws.onopen = () => {
      // A socket that is closed again right away (a proxy or server refusing us) counts as a failure:
      // only a connection that stays up resets the backoff.
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
  /** Ping; if nothing at all came back since the previous ping, the socket is dead: drop it and reconnect. */
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

  // ------------------------------------------------------------ HTTP
  /** The conversation's record (GET /api/v1/history): its messages, or null when it could not be read. */
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
  /**
   * One message over POST /api/v1/messages: `{ok, status, body}`, or null when the server could not be
   * reached (the state becomes "error").
   */
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

  // ------------------------------------------------------------ what the caller uses
  return {
    get sender() { return s.sender; },
    get token() { return s.token; },
    get conn() { return s.conn; },
    ensureSession,
    connect,
    disconnect,
    fetchHistory,
    postMessage,
    /** Write a frame to the open socket; false when there is none (nothing was sent). */
    send(frame) {
      const ws = s.ws;
      if (!ws || ws.readyState !== WebSocket.OPEN) return false;
      try { ws.send(JSON.stringify(frame)); } catch (e) { return false; }
      return true;
    },
    /** Sockets keep failing but the server answers over HTTP: messages go by POST. */
    httpMode() { return s.wsFailures >= WS_FAILURES_BEFORE_HTTP && s.conn === "online"; },
    /** Try again now rather than at the end of the backoff (false when a socket is already there). */
    reconnectNow() {
      s.attempt = 0;
      if (s.ws) return false;
      connect();
      return true;
    },
    /** Back from a sleeping phone or another tab: reconnect at once, or check the socket is alive. */
    wake() {
      if (!s.ws) this.reconnectNow();
      else if (s.ws.readyState === WebSocket.OPEN) checkAlive(s.ws);
    },
    goneOffline() { disconnect(); setConn("offline"); },
    backOnline() { s.attempt = 0; connect(); },
  };
}
