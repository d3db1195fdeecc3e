/**
 * The outbox: messages typed but not yet answered, kept in localStorage per conversation so a reload,
 * a crash or a second tab loses none. Each has a `client_id` the gateway de-duplicates on, so sending
 * one again never reaches Rasa twice.
 */
import { storeGet, storeSet } from "./storage.js";

const key = (storageKey, sender) => storageKey + ":outbox:" + sender;

/** The messages waiting for `sender` (null before the gateway issued an id). */
export function loadOutbox(storageKey, sender) {
  try {
    const items = JSON.parse(storeGet(key(storageKey, sender)) || "[]");
    return Array.isArray(items) ? items.filter((m) => m && typeof m.text === "string" && m.client_id) : [];
  } catch (e) { return []; }
}
export function saveOutbox(storageKey, sender, items) {
  storeSet(key(storageKey, sender), JSON.stringify(items));
}
