import { el } from "./dom.js";

const ALLOWED_LINK_PROTOCOLS = ["http:", "https:", "mailto:"];

/**
 * Append `text` to `parent` as text nodes, turning safe URLs into links. Supports the small markdown
 * subset bots commonly emit: [label](url) and **bold**. Nothing is ever parsed as HTML.
 */
const TOKEN = /\[([^\]\n]{1,200})\]\(((?:https?:\/\/|mailto:)[^\s()]+)\)|\*\*([^*\n]{1,300})\*\*|((?:https?:\/\/|mailto:)[^\s<>"'`]+)/gi;
export function safeUrl(raw) {
  try {
    const u = new URL(raw);
    return ALLOWED_LINK_PROTOCOLS.includes(u.protocol) ? u.href : null;
  } catch (e) { return null; }
}
export function link(label, raw) {
  const href = safeUrl(raw);
  if (!href) return document.createTextNode(label);
  return el("a", { href, target: "_blank", rel: "noopener noreferrer", text: label });
}
export function renderRichText(parent, text) {
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
