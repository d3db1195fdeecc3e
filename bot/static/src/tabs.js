/** Tabs of the same conversation tell each other when it changed (a BroadcastChannel per conversation). */
export function tabChannel(sender, onChange) {
  if (!sender || !("BroadcastChannel" in window)) return { notify() {}, close() {} };
  const channel = new BroadcastChannel("pivot-widget:" + sender);
  channel.onmessage = () => onChange();
  return {
    notify() { channel.postMessage({ type: "changed" }); },
    close() { channel.close(); },
  };
}
