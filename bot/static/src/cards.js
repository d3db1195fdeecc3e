import { el, hiddenLabel } from "./dom.js";
import { link, renderRichText, safeUrl } from "./richtext.js";

/**
 * Structured answers (schema v1, `actions/structured.py`) drawn as cards. The message's text says the
 * same thing and stays the fallback: a kind this file does not know returns null and the text is shown.
 * Every string is set with textContent (or the rich-text renderer, which never parses HTML), and a link
 * is made only from an http(s) URL.
 */
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

/** One credential: rank, name and issuer, why, cost/time/format chips, the facts' date, details. */
export function credentialCard(card, t, open) {
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

/** Two credentials side by side: one column each, one row per aspect (a compact table). */
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

/** The answer as a node, or null when the payload is not one this widget draws. */
export function answerNode(payload, t) {
  if (!payload || payload.v !== 1 || !Object.prototype.hasOwnProperty.call(DRAW, payload.kind)) return null;
  try {
    return el("div", { class: "answer " + (payload.kind === "comparison" ? "compare" : payload.kind) },
      DRAW[payload.kind](payload, t));
  } catch (e) {
    return null; // a payload missing a field it should have: the text is still there
  }
}
