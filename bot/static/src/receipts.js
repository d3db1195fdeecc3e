/**
 * Delivery receipts: every bot and counselor message the gateway recorded has an id, and only what the
 * widget acknowledged with `{"type": "ack", "ids": [...]}` counts as delivered; what was never
 * acknowledged comes again in a `resume` frame when a socket reopens.
 *
 * `send(frame)` writes to the open socket and says whether it could; ids shown while there is none wait
 * for the next socket (`flush()` when it opens).
 */
const MAX_IDS_PER_FRAME = 500;

export function createReceipts(send) {
  const acked = new Set(); // acknowledged to the gateway from this page
  const waiting = new Set(); // shown, to acknowledge once a socket is open
  function flush() {
    while (waiting.size) {
      const ids = Array.from(waiting).slice(0, MAX_IDS_PER_FRAME);
      if (!send({ type: "ack", ids })) return;
      for (const id of ids) { waiting.delete(id); acked.add(id); }
    }
  }
  /** Acknowledge these ids (numbers; anything else is ignored), now or when the next socket opens. */
  function ack(ids) {
    for (const id of ids || []) if (typeof id === "number" && !acked.has(id)) waiting.add(id);
    flush();
  }
  return { ack, flush };
}
