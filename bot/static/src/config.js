/**
 * The embedding page's settings: the `data-*` attributes of the widget's own <script> tag (README), read
 * once while the script runs (`document.currentScript` is only set then), and the interface language.
 */
import { parseColor } from "./colour.js";
import { STRINGS, translator } from "./strings.js";

const script = document.currentScript ||
  Array.from(document.querySelectorAll("script[src]")).find((s) => /\/widget\.js(\?|#|$)/.test(s.src));
const data = (script && script.dataset) || {};
const scriptOrigin = script ? new URL(script.src, location.href).origin : location.origin;

const lang = (data.lang || document.documentElement.lang || "en").slice(0, 2).toLowerCase();
const title = (data.title || "Pivot").slice(0, 60);

/** `t(key)`: an interface string in the page's language, with the widget's title in it. */
export const t = translator(lang, title);

export const config = {
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

/** The prefix of every key this widget keeps in the browser (one conversation per gateway). */
export const storageKey = "pivot:" + config.server;
