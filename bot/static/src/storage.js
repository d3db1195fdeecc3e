/** Ids and browser storage (localStorage, or memory where it is blocked, as in some private modes). */
export function uuid() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 15) | 64;
  b[8] = (b[8] & 63) | 128;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
}
const memoryStore = {};
export function storeGet(key) {
  try { return localStorage.getItem(key); } catch (e) { return memoryStore[key] || null; }
}
export function storeSet(key, value) {
  try { localStorage.setItem(key, value); } catch (e) { memoryStore[key] = value; }
}
/** The conversation id and its token, both issued by the gateway (POST /api/v1/session), or null. */
export function storedSession(storageKey) {
  const id = storeGet(storageKey + ":sender");
  const token = storeGet(storageKey + ":token");
  return id && token && /^web:[0-9a-f-]{36}$/.test(id) ? { id, token } : null;
}
