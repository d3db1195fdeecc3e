import { hex } from "./colour.js";

/**
 * The widget's stylesheet for a corner (`side`) and a palette (`colour.js`). It lives in the shadow root,
 * behind `all: initial`, so the host page cannot restyle it and it cannot leak out.
 */
export function stylesheet(side, colours) {
  return `
:host{all:initial}
*{box-sizing:border-box}
.root{--accent:${hex(colours.accent)};--on-accent:${hex(colours.onAccent)};--accent-text:${hex(colours.accentText)};
  font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#111827;
  -webkit-font-smoothing:antialiased;-webkit-text-size-adjust:100%}
.sr{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
button{font:inherit;color:inherit;cursor:pointer}
button:disabled{cursor:default}
svg{width:22px;height:22px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}
:focus-visible{outline:3px solid var(--accent-text);outline-offset:2px}
.launcher{position:fixed;bottom:20px;${side}:20px;z-index:2147483000;width:60px;height:60px;border-radius:50%;border:0;
  background:var(--accent);color:var(--on-accent);display:grid;place-items:center;
  box-shadow:0 8px 24px rgba(17,24,39,.25),0 2px 6px rgba(17,24,39,.2);transition:transform .15s ease}
.launcher:hover{transform:scale(1.06)}
.launcher svg{width:28px;height:28px}
.launcher:focus-visible{outline-color:#111827;box-shadow:0 0 0 3px #fff,0 8px 24px rgba(17,24,39,.25)}
.badge{position:absolute;top:-2px;${side === "right" ? "left" : "right"}:-2px;min-width:20px;height:20px;padding:0 6px;
  border-radius:10px;background:#b91c1c;color:#fff;font-size:12px;font-weight:700;line-height:20px;text-align:center}
.panel{position:fixed;bottom:92px;${side}:20px;z-index:2147483001;width:384px;height:min(640px,calc(100vh - 112px));
  display:flex;flex-direction:column;background:#fff;border-radius:18px;overflow:hidden;
  box-shadow:0 24px 60px rgba(17,24,39,.28),0 4px 12px rgba(17,24,39,.12);animation:rise .18s ease-out}
.panel[hidden]{display:none}
@keyframes rise{from{opacity:0;transform:translateY(12px)}to{opacity:1;transform:none}}
.header{display:flex;align-items:center;gap:10px;padding:14px 10px 14px 16px;background:var(--accent);color:var(--on-accent)}
.avatar{flex:none;width:38px;height:38px;border-radius:50%;display:grid;place-items:center;font-weight:700;font-size:17px;
  background:color-mix(in srgb,var(--on-accent) 18%,transparent)}
.heading{flex:1;min-width:0}
.title{margin:0;font-size:16px;font-weight:650;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.status{display:flex;align-items:center;gap:6px;font-size:12.5px;opacity:.95}
.dot{width:8px;height:8px;border-radius:50%;background:#9ca3af;box-shadow:0 0 0 2px color-mix(in srgb,var(--on-accent) 35%,transparent)}
.root[data-state=online] .dot{background:#22c55e}
.root[data-state=connecting] .dot,.root[data-state=reconnecting] .dot{background:#f59e0b}
.root[data-state=error] .dot{background:#ef4444}
.icon-btn{flex:none;width:40px;height:40px;border:0;border-radius:10px;background:transparent;color:inherit;display:grid;place-items:center}
.icon-btn:hover{background:color-mix(in srgb,currentColor 14%,transparent)}
.header .icon-btn:focus-visible{outline-color:var(--on-accent);outline-offset:-3px}
.menu{position:absolute;top:62px;right:12px;z-index:3;min-width:230px;margin:0;padding:6px;list-style:none;background:#fff;
  border-radius:12px;box-shadow:0 12px 32px rgba(17,24,39,.22);border:1px solid #e5e7eb}
.menu[hidden]{display:none}
.menu button{display:block;width:100%;text-align:left;padding:10px 12px;border:0;border-radius:8px;background:none;color:#111827}
.menu button:hover,.menu button:focus{background:#f3f4f6;outline:none}
.menu button.danger{color:#b91c1c}
.banner{padding:8px 14px;font-size:13px;background:#fffbeb;color:#78350f;border-bottom:1px solid #fde68a;display:flex;gap:8px;align-items:center}
.banner[hidden]{display:none}
.root[data-state=error] .banner{background:#fef2f2;color:#7f1d1d;border-color:#fecaca}
.banner button{margin-left:auto;white-space:nowrap;flex:none;border:1px solid currentColor;background:none;border-radius:8px;padding:2px 10px;font-size:12.5px}
.log{position:relative;flex:1;overflow-y:auto;padding:16px 14px 8px;background:#f7f7fb;display:flex;flex-direction:column;gap:10px;
  overscroll-behavior:contain}
.msg{display:flex;flex-direction:column;max-width:86%;animation:fade .2s ease-out}
@keyframes fade{from{opacity:0;transform:translateY(4px)}to{opacity:1;transform:none}}
.msg.user{align-self:flex-end;align-items:flex-end}
.bubble{padding:10px 13px;border-radius:16px;white-space:pre-wrap;overflow-wrap:anywhere;word-break:normal}
.bot .bubble{background:#fff;border:1px solid #e6e7ee;border-bottom-left-radius:5px}
.user .bubble{background:var(--accent);color:var(--on-accent);border-bottom-right-radius:5px}
.counselor .bubble{background:#ecfdf5;border:1px solid #a7f3d0;border-bottom-left-radius:5px}
.label{font-size:12px;font-weight:650;color:#065f46;margin:0 0 3px 4px}
.bubble a{color:var(--accent-text);text-decoration:underline;text-underline-offset:2px}
.user .bubble a{color:inherit}
.meta{font-size:12px;color:#4b5563;margin:3px 4px 0;display:flex;gap:8px;align-items:center}
.msg.pending .bubble,.msg.sending .bubble{opacity:.75}
.msg.failed .bubble{outline:2px solid #fca5a5}
.meta button{border:0;background:none;color:var(--accent-text);text-decoration:underline;padding:0;font-size:12px}
.chips{display:flex;flex-wrap:wrap;gap:8px;margin-top:8px}
.chip{border:1.5px solid var(--accent-text);color:var(--accent-text);background:#fff;border-radius:999px;padding:7px 14px;
  font-size:14px;line-height:1.25;text-align:left;transition:background .12s}
.chip:hover:not(:disabled){background:color-mix(in srgb,var(--accent) 10%,#fff)}
.chip:disabled{border-color:#d1d5db;color:#4b5563;background:#f3f4f6}
.chip[aria-pressed=true]{border-color:var(--accent-text);background:color-mix(in srgb,var(--accent) 14%,#fff);color:#111827}
.divider{align-self:center;font-size:12px;color:#4b5563;padding:2px 10px;border-radius:999px;background:#eceef3}
.notice{align-self:stretch;font-size:13px;padding:8px 12px;border-radius:10px;background:#fef2f2;color:#7f1d1d;border:1px solid #fecaca}
.typing{padding:0 14px 6px;background:#f7f7fb;min-height:0}
.typing[hidden]{display:none}
.typing .dots{display:inline-flex;gap:4px;padding:11px 14px;background:#fff;border:1px solid #e6e7ee;border-radius:16px;border-bottom-left-radius:5px}
.typing .dots i{width:7px;height:7px;border-radius:50%;background:#6b7280;animation:blink 1.2s infinite ease-in-out}
.typing .dots i:nth-child(2){animation-delay:.15s}.typing .dots i:nth-child(3){animation-delay:.3s}
@keyframes blink{0%,80%,100%{opacity:.3;transform:translateY(0)}40%{opacity:1;transform:translateY(-3px)}}
.composer{display:flex;align-items:flex-end;gap:8px;padding:10px 10px 12px 14px;border-top:1px solid #e5e7eb;background:#fff}
.composer textarea{flex:1;resize:none;border:1.5px solid #d1d5db;border-radius:12px;padding:9px 12px;font:inherit;color:#111827;
  max-height:120px;min-height:42px;background:#fff;line-height:1.4}
.composer textarea::placeholder{color:#6b7280}
.composer textarea:focus{outline:none;border-color:var(--accent-text);box-shadow:0 0 0 3px color-mix(in srgb,var(--accent) 22%,transparent)}
.send{flex:none;width:42px;height:42px;border:0;border-radius:12px;background:var(--accent);color:var(--on-accent);display:grid;place-items:center}
.send:disabled{background:#e5e7eb;color:#6b7280}
.sheet{position:absolute;inset:0;z-index:4;background:#fff;display:flex;flex-direction:column;overflow:auto}
.sheet[hidden]{display:none}
.sheet-head{display:flex;align-items:center;gap:6px;padding:12px 10px;border-bottom:1px solid #e5e7eb}
.sheet-head h2{margin:0;font-size:16px}
.sheet-body{padding:14px 18px;font-size:14px}
.sheet-body p{margin:0 0 10px}
.sheet-body ul{margin:0 0 12px;padding-left:18px}
.sheet-body li{margin-bottom:8px}
.sheet-body a{color:var(--accent-text)}
.actions{display:flex;gap:10px;justify-content:flex-end;margin-top:16px}
.btn{border-radius:10px;padding:9px 16px;border:1.5px solid #d1d5db;background:#fff}
.btn.danger{background:#b91c1c;border-color:#b91c1c;color:#fff}
.msg.rich{max-width:100%;align-self:stretch}
.answer{background:#fff;border:1px solid #e6e7ee;border-radius:16px;border-bottom-left-radius:5px;padding:12px 12px 10px}
.answer p{margin:0 0 8px}
.answer .outro{margin:10px 0 0;color:#374151}
.answer a{color:var(--accent-text);text-underline-offset:2px}
.cards{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:10px}
.card{border:1px solid #e5e7eb;border-radius:12px;padding:10px 12px;background:#fff}
.card-head{display:flex;gap:8px;align-items:flex-start}
.rank{flex:none;min-width:26px;height:26px;padding:0 6px;border-radius:13px;background:var(--accent);color:var(--on-accent);
  font-weight:700;font-size:13px;display:grid;place-items:center}
.card h3{margin:0;font-size:15px;line-height:1.3;overflow-wrap:anywhere}
.answer .issuer{margin:1px 0 0;font-size:13px;color:#4b5563}
.answer .reason{margin:6px 0 0;font-size:14px}
.facts{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0 0;padding:0;list-style:none}
.facts li,.gaps li{font-size:12.5px;line-height:1.3;padding:4px 9px;border-radius:999px;background:#f3f4f6;color:#1f2937}
.facts b{font-weight:650}
.answer .dated{margin:6px 0 0;font-size:12px;color:#4b5563}
.answer .note{margin:6px 0 0;font-size:13px;color:#92400e}
.card details{margin-top:6px}
.card summary{cursor:pointer;color:var(--accent-text);font-size:13.5px;font-weight:600;padding:4px 0;width:max-content}
.card summary{list-style:none}
.card summary::-webkit-details-marker{display:none}
.card summary::before{content:"▸" / "";display:inline-block;width:1em}
.card details[open]>summary::before{content:"▾" / ""}
.card dl{margin:4px 0 0;font-size:13.5px}
.card dt{font-weight:650;margin-top:6px}
.card dd{margin:0;overflow-wrap:anywhere}
.compare table{width:100%;border-collapse:collapse;table-layout:fixed;font-size:13.5px}
.compare caption{text-align:left;font-weight:650;margin-bottom:6px}
.compare th,.compare td{padding:5px 6px;vertical-align:top;text-align:left;overflow-wrap:anywhere}
.compare thead th{font-size:14px;border-bottom:2px solid #e5e7eb}
.compare tbody th{font-size:12px;font-weight:650;color:#4b5563;padding:8px 6px 0}
.compare tbody th::first-letter{text-transform:uppercase}
.compare td{border-bottom:1px solid #f1f2f5}
.compare td+td{border-left:1px solid #f1f2f5}
.steps,.moves{margin:0;padding-left:22px}
.steps li,.moves li{margin-bottom:6px}
.gaps{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:6px}
.gaps .kind{color:#4b5563}
@media (max-width:480px){
  .panel{inset:0;width:100%;height:100%;max-height:none;border-radius:0;bottom:0;${side}:0}
  .root.open .launcher{display:none}
  .msg{max-width:92%}
  .composer textarea{font-size:16px;min-height:44px}
  .icon-btn,.send{width:44px;height:44px}
  .chip,.btn,.menu button,.banner button,.meta button{min-height:44px}
  .card summary{min-height:44px;display:flex;align-items:center}
}
@media (prefers-reduced-motion:reduce){*,*::before,*::after{animation:none!important;transition:none!important;scroll-behavior:auto!important}}
`;
}
