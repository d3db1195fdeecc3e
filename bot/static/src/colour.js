/** Colour and contrast (WCAG 2.x): the brand colour, the text on it, and a darker shade for text on white. */
export function parseColor(value) {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec((value || "").trim());
  if (!m) return null;
  const digits = m[1].length === 3 ? m[1].replace(/./g, "$&$&") : m[1];
  return [0, 2, 4].map((i) => parseInt(digits.slice(i, i + 2), 16));
}
function luminance(rgb) {
  const c = rgb.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}
export function contrast(a, b) {
  const la = luminance(a), lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}
export const hex = (rgb) => "#" + rgb.map((v) => Math.round(v).toString(16).padStart(2, "0")).join("");
const WHITE = [255, 255, 255];
const INK = [17, 24, 39];
/** Darken `rgb` until it reaches `ratio` against `bg` (used for accent text and borders on white). */
export function ensureContrast(rgb, bg, ratio) {
  let c = rgb.slice();
  for (let i = 0; i < 20 && contrast(c, bg) < ratio; i++) c = c.map((v) => v * 0.85);
  return c;
}
/** The three colours the styles need: the brand colour, black or white on it, and accent text on white. */
export function palette(accent) {
  return {
    accent,
    onAccent: contrast(accent, WHITE) >= contrast(accent, INK) ? WHITE : INK,
    accentText: ensureContrast(accent, WHITE, 4.5),
  };
}
