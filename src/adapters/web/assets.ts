/** The studio's stylesheet and script: small enough to ship as strings, no build step. */

export const CSS = `
:root{--bg:#14121a;--card:#1f1c27;--line:#2e2a39;--text:#f3eff8;--muted:#a49cb4;--accent:#ff8a5c;--ok:#58c48c;--danger:#e0566b;--chosen:#ffd166}
*{box-sizing:border-box}
body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--text)}
a{color:var(--accent);text-decoration:none}
main{max-width:980px;margin:0 auto;padding:16px}
.top{display:flex;flex-wrap:wrap;align-items:center;gap:12px;justify-content:space-between;padding:12px 16px;border-bottom:1px solid var(--line);position:sticky;top:0;background:rgba(20,18,26,.94);backdrop-filter:blur(6px);z-index:5}
.brand{font-weight:800;font-size:20px;color:var(--text)} .brand span{color:var(--muted);font-weight:500}
.tabs{display:flex;gap:4px;flex-wrap:wrap} .tabs a{padding:6px 12px;border-radius:999px;color:var(--muted)} .tabs a.on{background:var(--card);color:var(--text)}
h1{font-size:clamp(24px,5vw,34px);margin:8px 0} h2{font-size:20px;margin:4px 0 8px} h3{margin:0 0 10px}
.muted{color:var(--muted)} .meta{color:var(--muted);font-size:14px;margin:4px 0 0}
.card{background:var(--card);border:1px solid var(--line);border-radius:16px;padding:16px;margin:16px 0}
.notice{background:#2b2540;border-inline-start:4px solid var(--accent);padding:10px 14px;border-radius:8px}
.alert{border-color:var(--danger)}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:16px}
.series{display:flex;gap:12px;color:var(--text);margin:0} .series img,.poster-none{width:84px;aspect-ratio:9/16;object-fit:cover;border-radius:10px;background:#000;flex:none;display:grid;place-items:center;font-size:32px}
.series h3{margin:0 0 4px}
.stack{display:grid;gap:10px} .row{display:flex;flex-wrap:wrap;gap:10px;align-items:end}
label{display:grid;gap:4px;color:var(--muted);font-size:14px;flex:1 1 160px}
input,textarea,select{font:inherit;color:var(--text);background:#15131b;border:1px solid var(--line);border-radius:10px;padding:9px 11px;width:100%}
button{font:inherit;cursor:pointer;border:1px solid var(--line);background:#2a2636;color:var(--text);border-radius:10px;padding:9px 14px}
button:hover:not(:disabled){border-color:var(--accent)} button:disabled{opacity:.55;cursor:default}
button.primary{background:var(--accent);color:#1b1420;border-color:var(--accent);font-weight:700} button.ok{border-color:var(--ok)} button.danger{border-color:var(--danger)}
form.inline{display:inline} .viewer{display:flex;gap:8px;align-items:end;max-width:420px}
.episode{display:grid;grid-template-columns:minmax(0,340px) minmax(0,1fr);gap:20px;align-items:start} .episode>*{min-width:0}
.episode video,.video-pending{width:100%;aspect-ratio:9/16;background:#000;border-radius:12px;display:block}
.video-pending{display:grid;place-items:center;text-align:center;color:var(--muted)} .video-pending span{font-size:48px}
.previously{font-style:italic;color:var(--muted)} .cliffhanger{font-weight:700;font-size:18px}
.ballot ol{list-style:none;padding:0;margin:0;display:grid;gap:10px}
.ballot li{display:grid;grid-template-columns:1fr auto;gap:4px 10px;align-items:center}
.ballot li button{grid-column:1/-1;text-align:start} .ballot li small{grid-column:1/-1;color:var(--muted)}
.ballot li.chosen button{border-color:var(--chosen);box-shadow:0 0 0 1px var(--chosen)} .ballot li.winner button{border-color:var(--ok);background:#1f3a2c}
.bar{-webkit-appearance:none;appearance:none;width:100%;height:8px;border:0;background:#15131b;border-radius:99px;overflow:hidden}
.bar::-webkit-progress-bar{background:#15131b;border-radius:99px} .bar::-webkit-progress-value{background:var(--accent);border-radius:99px;transition:width .4s} .bar::-moz-progress-bar{background:var(--accent);border-radius:99px}
.count{font-variant-numeric:tabular-nums;font-weight:700;min-width:2ch;text-align:end}
.ballot-status{color:var(--muted);font-size:14px}
.tree{list-style:none;padding:0;margin:0}
.tree .node{position:relative;padding-block:0 24px;padding-inline:28px 0;border-inline-start:3px solid var(--line);margin-inline-start:12px}
.tree .node:last-child{border-inline-start-color:transparent}
.tree .node::before{content:"";position:absolute;inset-inline-start:-10px;top:8px;width:17px;height:17px;border-radius:50%;background:var(--accent)}
.tree .ep{display:flex;gap:10px;align-items:center;color:var(--text)} .tree .ep img{width:40px;aspect-ratio:9/16;object-fit:cover;border-radius:6px}
.branches{list-style:none;padding:8px 0 0;margin:0;display:grid;gap:6px}
.branches li{padding:6px 10px;border-radius:8px;background:var(--card);border:1px solid var(--line)}
.branches li.won{border-color:var(--ok);background:#1f3a2c} .branches li.lost{opacity:.6;text-decoration:line-through;text-decoration-color:rgba(255,255,255,.25)}
.branches .votes{color:var(--muted);font-size:14px}
.bars{list-style:none;padding:0;margin:0;display:grid;gap:8px} .bars li{display:grid;grid-template-columns:minmax(90px,180px) 1fr 3ch;gap:10px;align-items:center}
.chart{margin:0 0 8px;overflow-x:auto} .chart svg{display:block;width:100%;min-width:560px;height:auto;overflow:visible} h4{margin:14px 0 6px;color:var(--muted);font-size:14px;font-weight:600} .table-wrap{overflow-x:auto} table.insight{border-collapse:collapse;width:100%;font-size:14px} table.insight th,table.insight td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:start;white-space:nowrap} .favoured{margin:0;padding-inline-start:20px} .reason{display:block;color:var(--muted);font-size:13px}
.list{list-style:none;padding:0;margin:0 0 10px;display:grid;gap:8px} .list li{display:flex;flex-wrap:wrap;gap:8px;align-items:center;justify-content:space-between} .list li.vetoed span{opacity:.55;text-decoration:line-through}
.audit{width:100%;border-collapse:collapse;font-size:14px} .audit td{padding:6px;border-top:1px solid var(--line);vertical-align:top}
.story-layout{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,400px);gap:24px;align-items:start}
.story-panel .card{margin:0 0 16px} .small{font-size:13px}
.question-line{font-weight:600} .question-line a{font-weight:400;margin-inline-start:6px;white-space:nowrap}
.central-question{font-size:20px;font-weight:700;margin:0 0 12px}
.arc{list-style:none;padding:0;margin:0 0 8px;display:flex;flex-wrap:wrap;gap:4px} .arc li{font-size:12px;padding:3px 8px;border-radius:999px;border:1px solid var(--line);color:var(--muted)}
.arc li.done{background:#2a2636;color:var(--text)} .arc li.now{background:var(--accent);border-color:var(--accent);color:#1b1420;font-weight:700}
.last-time{font-style:italic}
.thread-list,.characters,.facts{list-style:none;padding:0;margin:0 0 12px;display:grid;gap:10px}
.thread{border-inline-start:3px solid var(--accent);padding-block:2px;padding-inline:10px 0} .thread.closed{border-inline-start-color:var(--ok)} .thread.central .q{font-weight:700}
.thread p{margin:0} .thread .answer{color:var(--ok)} .clues{margin:6px 0 0;padding:0;padding-inline-start:4px;list-style:none;display:grid;gap:3px;font-size:14px}
.character p{margin:0} .character .feelings{color:var(--muted);font-size:14px}
.badge{display:inline-block;font-size:12px;padding:1px 8px;border-radius:999px;border:1px solid var(--line);color:var(--muted);vertical-align:1px}
.badge.role{color:var(--accent);border-color:var(--accent)} .badge.cond-fine{color:var(--ok);border-color:var(--ok)}
.badge.cond-hurt,.badge.cond-in-hospital,.badge.cond-unconscious,.badge.cond-missing,.badge.cond-arrested{color:var(--chosen);border-color:var(--chosen)} .badge.cond-dead{color:var(--danger);border-color:var(--danger)}
#story,#bible{scroll-margin-top:72px} .bible .stack button{justify-self:start}
.bible form{margin:0 0 12px} .bible .roles li{display:block} .bible .roles form{margin:0} .role-name{min-width:80px;align-self:center}
#toast{position:fixed;left:50%;bottom:20px;transform:translateX(-50%);background:#2b2540;border:1px solid var(--accent);padding:10px 16px;border-radius:12px;opacity:0;transition:opacity .3s;pointer-events:none;max-width:90vw}
#toast.show{opacity:1}
code{background:#15131b;padding:1px 5px;border-radius:5px}
@media (max-width:860px){.story-layout{grid-template-columns:minmax(0,1fr)}.story-panel{order:-1}}
.account{display:flex;align-items:center;gap:6px;font-size:.9em}.account form{margin:0}
.corner{display:flex;align-items:center;gap:12px;margin-inline-start:auto}
.lang{position:relative;font-size:.9em} .lang summary{cursor:pointer;list-style:none;color:var(--muted);padding:4px 8px;border-radius:999px} .lang summary::-webkit-details-marker{display:none} .lang[open] summary{background:var(--card);color:var(--text)}
.lang-menu{position:absolute;inset-inline-end:0;top:calc(100% + 6px);display:grid;gap:2px;min-width:180px;padding:6px;background:var(--card);border:1px solid var(--line);border-radius:12px;z-index:10} .lang-menu button{border:0;background:none;text-align:start;padding:7px 10px} .lang-menu button:hover,.lang-menu button[aria-current]{background:#2a2636}
a.button{display:inline-block;padding:10px 16px;border-radius:10px;text-decoration:none}
/* What people wrote runs in its own direction, whatever the page's: an English premise on an Arabic page, an Arabic twist on an English one. */
.series h3,.series p.muted,.series-head h1,.series-head>p.muted,.previously,.cliffhanger,.central-question,.last-time,.thread .q,.thread .answer,.clues li,.facts li,.ballot li small,.standing,input,textarea{unicode-bidi:plaintext}
@media (max-width:640px){main{padding:10px}.card{padding:12px}.episode{grid-template-columns:minmax(0,1fr)}.episode video,.video-pending{width:100%;max-width:calc(78vh * 9 / 16);margin:0 auto}.top{padding:10px;position:static}}
`;

export const JS = `
(() => {
  const series = document.body.dataset.series;
  // The page's language: its words for the script (on <html>), Intl for the countdown's units
  // ("1h 5m 3s" in English as always; Intl's narrow Japanese is Latin "5m", its short "5 分" is not).
  const root = document.documentElement;
  const lang = root.lang || 'en';
  const unit = (n, u) => new Intl.NumberFormat(lang, { style: 'unit', unit: u, unitDisplay: lang === 'en' ? 'narrow' : 'short' }).format(n);
  const toast = (text) => { const t = document.getElementById('toast'); t.textContent = text; t.classList.add('show'); clearTimeout(t._h); t._h = setTimeout(() => t.classList.remove('show'), 3500); };
  const post = async (url, data) => {
    const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(data), credentials: 'same-origin' });
    const body = await r.json().catch(() => ({ message: root.dataset.oops }));
    return { ok: r.ok, ...body };
  };
  let skew = 0;
  const tick = () => {
    for (const el of document.querySelectorAll('time[data-closes]')) {
      if (el.dataset.now && !el._skew) { skew = Number(el.dataset.now) - Date.now(); el._skew = true; }
      const left = Math.max(0, Number(el.dataset.closes) - (Date.now() + skew));
      const h = Math.floor(left / 3600000), m = Math.floor(left / 60000) % 60, s = Math.floor(left / 1000) % 60;
      el.textContent = left === 0 ? root.dataset.moments : [h ? unit(h, 'hour') : '', h || m ? unit(m, 'minute') : '', unit(s, 'second')].filter(Boolean).join(' ');
    }
  };
  tick(); setInterval(tick, 1000);
  document.addEventListener('click', async (e) => {
    const b = e.target.closest('[data-vote]');
    if (!b || !series) return;
    e.preventDefault();
    const res = await post('/s/' + series + '/vote', { letter: b.dataset.vote });
    toast(res.message);
    if (res.ok) for (const li of document.querySelectorAll('.ballot li')) li.classList.toggle('chosen', li.dataset.option === b.dataset.vote);
  });
  document.addEventListener('submit', async (e) => {
    const f = e.target;
    if (f.matches('[data-viewer-form]')) {
      e.preventDefault();
      const res = await post('/viewer', { name: f.name.value });
      toast(res.message);
    } else if (f.matches('[data-ajax]')) {
      e.preventDefault();
      const res = await post(f.action, Object.fromEntries(new FormData(f)));
      toast(res.message);
      if (res.ok) f.reset();
    }
  });
  const applyTally = (t) => {
    const box = document.querySelector('.ballot[data-ballot="' + t.ballotId + '"]');
    if (!box) return;
    for (const o of t.options) {
      const li = box.querySelector('li[data-option="' + o.letter + '"]');
      if (!li) continue;
      li.querySelector('.count').textContent = o.votes;
      li.querySelector('.bar').value = t.total ? Math.round(o.votes / t.total * 100) : 0;
    }
    box.querySelector('.total').textContent = t.total;
    const time = box.querySelector('time[data-closes]');
    if (time && t.closesAt) time.dataset.closes = t.closesAt;
  };
  const refresh = async () => {
    const live = document.getElementById('live');
    if (!live) return;
    const r = await fetch(location.pathname + '?fragment=' + live.dataset.fragment, { credentials: 'same-origin' });
    if (!r.ok) return;
    const chosen = document.querySelector('.ballot li.chosen')?.dataset.option;
    live.outerHTML = await r.text();
    if (chosen) document.querySelector('.ballot li[data-option="' + chosen + '"]')?.classList.add('chosen');
    tick();
  };
  if (series && document.getElementById('live')) {
    const events = new EventSource('/s/' + series + '/events');
    events.addEventListener('tally', (e) => applyTally(JSON.parse(e.data)));
    events.addEventListener('story', () => refresh());
  }
})();
`;
