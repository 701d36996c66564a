import type { PlatformHealth } from './health.js';
import { feelingsText, type PublicStory } from '../../../commands/format.js';
import type { SeriesStats, StoryNode } from '../../core/history.js';
import type { BallotView, EpisodeView } from '../../core/ports.js';
import { TONES } from '../../core/series.js';
import { ARC_BEATS, GENRES, ROLES, type Bible } from '../../core/story/model.js';
import { html, raw, type Safe } from './html.js';

/** Server-rendered pages: plain HTML and CSS, a small script for live updates. */

export interface SeriesCard {
  name: string;
  title: string;
  premise: string;
  status: string;
  episodes: number;
  posterEpisodeId: string | null;
}

export interface PageContext {
  canModerate: boolean;
  viewerName: string | null;
  /** Who is signed in with a chat platform; null: nobody. */
  account: { name: string; platform: string } | null;
  /** Whether this studio offers a sign-in at all (Discord or Telegram is set up). */
  signInOffered: boolean;
}

/** The corner of the header that says who you are, or offers a sign-in. */
function accountBox(ctx: PageContext | undefined): Safe | string {
  if (!ctx) return '';
  if (ctx.account) {
    return html`<span class="account">${ctx.account.name} <span class="muted">(${ctx.account.platform})</span> <form method="post" action="/sign-out" class="inline"><button type="submit">Sign out</button></form></span>`;
  }
  return ctx.signInOffered ? html`<a class="account" href="/sign-in">Sign in</a>` : '';
}

export function layout(title: string, body: Safe, opts: { series?: string; nav?: Safe; ctx?: PageContext } = {}): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · TailTwist</title>
<link rel="stylesheet" href="/assets/studio.css">
<script src="/assets/studio.js" defer></script>
</head>
<body${opts.series ? raw(html` data-series="${opts.series}"`.html) : ''}>
<header class="top"><a class="brand" href="/">🐾 TailTwist <span>studio</span></a>${opts.nav ?? ''}${accountBox(opts.ctx)}</header>
<main>${body}</main>
<div id="toast" role="status" aria-live="polite"></div>
</body>
</html>`.html;
}

function seriesNav(name: string, current: string, ctx: PageContext): Safe {
  const link = (href: string, label: string, key: string) => html`<a href="${href}" class="${current === key ? 'on' : ''}">${label}</a>`;
  return html`<nav class="tabs">${link(`/s/${name}`, 'Feed', 'feed')}${link(`/s/${name}/tree`, 'Story tree', 'tree')}${link(`/s/${name}/stats`, 'Stats', 'stats')}${ctx.canModerate ? link(`/s/${name}/mod`, 'Moderate', 'mod') : ''}</nav>`;
}

// ---- home ----------------------------------------------------------------------------------

function platformTrouble(p: PlatformHealth): string {
  switch (p.state) {
    case 'connecting':
      return 'is connecting';
    case 'retrying':
      return 'is not connected';
    case 'unreachable':
      return 'does not answer, so its episodes wait';
    default:
      return 'is stopped';
  }
}

function relativeWhen(at: number): string {
  const s = Math.max(0, Math.round((at - Date.now()) / 1000));
  return s < 60 ? `in ${s} s` : `in ${Math.round(s / 60)} min`;
}

export function homePage(series: SeriesCard[], ctx: PageContext & { platforms: PlatformHealth[]; notice?: string | undefined }): string {
  const create = ctx.canModerate
    ? html`<section class="card create" id="create">
  <h2>${series.length ? 'Start another series' : 'Start your first series'}</h2>
  <p class="muted">A title and a premise are enough: episode 1 is written and rendered at once. Add a cast like <code>Mochi: Shiba Inu, Luna: black cat</code>.</p>
  <form method="post" action="/series" class="stack">
    <label>Title <input name="title" required maxlength="80" placeholder="Paws of Fate"></label>
    <label>Premise <textarea name="premise" required maxlength="500" rows="3" placeholder="A Shiba Inu wakes up in hospital with no memory of the wedding."></textarea></label>
    <div class="row">
      <label>Cast <input name="cast" maxlength="400" placeholder="Mochi: Shiba Inu, Luna: black cat"></label>
      <label>Tone <select name="tone"><option value="">any</option>${TONES.map((t) => html`<option>${t}</option>`)}</select></label>
      <label>Votes last <input name="window" maxlength="20" placeholder="24h"></label>
    </div>
    <button class="primary" type="submit">Start the series</button>
  </form>
</section>`
    : '';
  const cards = series.map(
    (s) => html`<a class="card series" href="/s/${s.name}">
  ${s.posterEpisodeId ? html`<img src="/media/${s.posterEpisodeId}/poster" alt="" loading="lazy">` : html`<div class="poster-none">🐾</div>`}
  <div><h3>${s.title}</h3><p class="muted">${s.premise}</p><p class="meta">${s.episodes} episode${s.episodes === 1 ? '' : 's'} · ${s.status}</p></div>
</a>`,
  );
  const connected = ctx.platforms.filter((p) => p.state === 'connected').map((p) => p.platform);
  const troubled = ctx.platforms.filter((p) => p.state !== 'connected');
  const platforms = ctx.platforms.length
    ? html`${connected.length ? html`<p class="muted">Also connected: ${connected.join(' and ')}. Votes from every channel add up.</p>` : ''}${troubled.map(
        (p) =>
          html`<p class="notice">${p.platform} ${platformTrouble(p)}${p.reason ? html`: ${p.reason}` : ''}. The story goes on here and on the other platforms${p.retryAt ? html`; trying again ${relativeWhen(p.retryAt)}` : ''}.</p>`,
      )}`
    : html`<p class="muted">No Discord or Telegram token is configured: this studio is where the story happens. Add tokens in <code>.env</code> to bring the series to your chats.</p>`;
  return layout(
    'Studio',
    html`${ctx.notice ? html`<p class="notice">${ctx.notice}</p>` : ''}
<section class="hero"><h1>Co-write an animal micro-drama</h1>${platforms}</section>
${series.length ? '' : create}
<section class="grid">${cards}</section>
${series.length ? create : ''}`,
    { ctx },
  );
}

// ---- feed ----------------------------------------------------------------------------------

function player(e: EpisodeView): Safe {
  if (e.videoPath?.endsWith('.mp4')) {
    return html`<video controls playsinline preload="metadata" ${e.posterPath ? raw(html`poster="/media/${e.id}/poster"`.html) : ''} src="/media/${e.id}/video"></video>`;
  }
  const state = e.status === 'failed' ? `stuck at the ${e.failedStage ?? 'unknown'} step` : e.status === 'published' ? 'published without a video' : `${e.status}…`;
  return html`<div class="video-pending"><span>🎬</span><p>${state}</p></div>`;
}

export function ballotWidget(b: BallotView, opts: { now: number; chosen: string | null; seriesName: string }): Safe {
  const active = b.options.filter((o) => o.status === 'active');
  const open = b.status === 'open';
  const rows = active.map((o) => {
    const pct = b.totalVotes ? Math.round((o.votes / b.totalVotes) * 100) : 0;
    return html`<li data-option="${o.letter}" class="${o.letter === b.winnerLetter ? 'winner' : ''} ${o.letter === opts.chosen ? 'chosen' : ''}">
  <button type="button" data-vote="${o.letter}" ${open ? '' : raw('disabled')}><b>${o.letter}</b> ${o.label}</button>
  ${o.teaser ? html`<small>${o.teaser}</small>` : ''}
  <progress class="bar" max="100" value="${pct}"></progress><span class="count">${o.votes}</span>
</li>`;
  });
  const status =
    open && b.closesAt !== null
      ? html`Voting closes in <time data-closes="${b.closesAt}" data-now="${opts.now}"></time>`
      : b.status === 'tied'
        ? html`A tie: the moderators pick the winner.`
        : b.status === 'closed'
          ? html`Closed — ${b.winnerLetter ? html`twist <b>${b.winnerLetter}</b> won` : 'no winner'}.`
          : html`Voting opens when the episode is out.`;
  return html`<section class="ballot" data-ballot="${b.id}" data-status="${b.status}">
  <h3>What happens next?</h3>
  <ol>${rows}</ol>
  <p class="ballot-status"><span class="total">${b.totalVotes}</span> votes from every channel · ${status}</p>
</section>`;
}

export function feedFragment(series: { name: string; title: string; premise: string }, nodes: StoryNode[], ctx: PageContext & { now: number; chosen: string | null }): Safe {
  const newest = nodes.at(-1);
  const episodes = [...nodes].reverse().map(({ episode: e, ballot }) => {
    const showBallot = ballot && e.id === newest?.episode.id && e.status === 'published';
    return html`<article class="card episode" id="ep-${e.number}">
  ${player(e)}
  <div class="episode-text">
    <h2>Episode ${e.number}${e.title ? html`: ${e.title}` : ''}</h2>
    ${e.previously && e.number > 1 ? html`<p class="previously">${e.previously}</p>` : ''}
    ${e.cliffhanger ? html`<p class="cliffhanger">${e.cliffhanger}</p>` : ''}
    ${showBallot ? ballotWidget(ballot, { now: ctx.now, chosen: ctx.chosen, seriesName: series.name }) : ''}
  </div>
</article>`;
  });
  return html`<div id="live" data-fragment="feed">${episodes.length ? episodes : html`<p class="card muted">Episode 1 is being written…</p>`}</div>`;
}

export function feedPage(
  series: { name: string; title: string; premise: string; status: string },
  nodes: StoryNode[],
  ctx: PageContext & { now: number; chosen: string | null; question?: string | undefined },
): string {
  return layout(
    series.title,
    html`<section class="series-head">
  <h1>${series.title}</h1><p class="muted">${series.premise}</p>
  ${ctx.question ? html`<p class="question-line">❓ ${ctx.question} <a href="/s/${series.name}/tree#story">The story so far →</a></p>` : ''}
  ${series.status !== 'running' ? html`<p class="notice">This series is ${series.status}.</p>` : ''}
  <form class="viewer" data-viewer-form>
    <label>Voting as <input name="name" maxlength="32" value="${ctx.viewerName ?? ''}" placeholder="your name"></label><button type="submit">Save</button>
  </form>
</section>
${feedFragment(series, nodes, ctx)}
<section class="card suggest">
  <h3>Suggest a twist</h3>
  <form method="post" action="/s/${series.name}/suggest" data-ajax>
    <input name="text" maxlength="200" required placeholder="Luna was the surgeon all along"><button type="submit">Suggest</button>
  </form>
</section>`,
    { series: series.name, nav: seriesNav(series.name, 'feed', ctx), ctx },
  );
}

// ---- story tree ----------------------------------------------------------------------------

const since = (episode: number) => (episode === 0 ? 'from the start' : `since episode ${episode}`);

/** The story beside the tree: the question, the arc, the threads and where everyone stands. No secrets. */
export function storyPanel(story: PublicStory): Safe {
  const { arc } = story;
  const beatAt = ARC_BEATS.indexOf(arc.beat);
  const open = story.threads.filter((t) => t.status === 'open');
  const closed = story.threads.filter((t) => t.status === 'closed');
  const thread = (t: PublicStory['threads'][number]) => html`<li class="thread ${t.status}${t.central ? ' central' : ''}" data-thread="${t.id}">
  <p class="q">${t.question}</p>
  <p class="meta">${t.central ? 'The central question · ' : ''}${t.status === 'open' ? `open ${since(t.opened)}` : `answered in episode ${t.closed ?? '?'}`}</p>
  ${t.status === 'closed' ? html`<p class="answer">${t.answer ?? 'The answer came out on screen.'}</p>` : ''}
  ${t.clues.length ? html`<ol class="clues">${t.clues.map((c) => html`<li>🔍 ${c}</li>`)}</ol>` : t.status === 'open' ? html`<p class="muted small">No clues yet.</p>` : ''}
</li>`;
  const characters = story.characters.map((c) => {
    const feelings = feelingsText(c);
    return html`<li class="character" data-character="${c.name}">
  <p><b>${c.name}</b>, ${c.title} <span class="badge role">${c.role}</span></p>
  <p class="standing"><span class="badge cond-${c.condition.replace(/\s+/g, '-')}">${c.condition === 'arrested' ? 'under arrest' : c.condition}</span> ${c.where}</p>
  ${feelings ? html`<p class="feelings">${feelings.charAt(0).toUpperCase()}${feelings.slice(1)}.</p>` : ''}
</li>`;
  });
  const known = story.known.slice(-6);
  return html`<aside class="story-panel" id="story">
<section class="card question-card"><h2>The question</h2><p class="central-question">${story.question}</p>
  <ol class="arc" aria-label="The season's arc">${ARC_BEATS.map((b, i) => html`<li class="${i < beatAt ? 'done' : i === beatAt ? 'now' : ''}">${b}</li>`)}</ol>
  <p class="meta arc-text">${story.written === 0 ? `Episode 1 of ${arc.of} is next: ${arc.beatText}.` : `${story.written} episode${story.written === 1 ? '' : 's'} in · next: episode ${arc.at} of ${arc.of}${arc.season > 1 ? ` in season ${arc.season}` : ''}, ${arc.beatText}.`}</p>
  ${story.cliffhanger ? html`<p class="last-time"><span class="muted">Last time:</span> ${story.cliffhanger}</p>` : ''}
</section>
<section class="card threads"><h3>Open threads</h3>${open.length ? html`<ul class="thread-list">${open.map(thread)}</ul>` : html`<p class="muted">Every question is answered, for now.</p>`}
${closed.length ? html`<h3>Answered</h3><ul class="thread-list">${closed.map(thread)}</ul>` : ''}</section>
<section class="card cast"><h3>Where everyone stands</h3><ul class="characters">${characters}</ul></section>
${known.length ? html`<section class="card known"><h3>What everyone knows</h3><ul class="facts">${known.map((f) => html`<li>${f.text}${f.episode ? html` <span class="muted">(episode ${f.episode})</span>` : ''}</li>`)}</ul></section>` : ''}
</aside>`;
}

export function treeFragment(series: { name: string }, nodes: StoryNode[], story?: PublicStory): Safe {
  const items = nodes.map(({ episode: e, ballot }, i) => {
    const next = nodes[i + 1];
    const options = (ballot?.options ?? []).filter((o) => o.status === 'active');
    const decided = ballot?.status === 'closed';
    const branches = options.map(
      (o) =>
        html`<li class="${!decided ? 'pending' : o.letter === ballot?.winnerLetter ? 'won' : 'lost'}"><b>${o.letter}</b> ${o.label} <span class="votes">${o.votes} vote${o.votes === 1 ? '' : 's'}</span>${o.letter === ballot?.winnerLetter ? html` <em>→ episode ${e.number + 1}</em>` : ''}</li>`,
    );
    return html`<li class="node ${next ? 'has-next' : ''}" data-episode="${e.number}">
  <a class="ep" href="/s/${series.name}#ep-${e.number}">${e.posterPath ? html`<img src="/media/${e.id}/poster" alt="" loading="lazy">` : ''}<span><b>Episode ${e.number}</b> ${e.title ?? '(being written)'}</span></a>
  ${branches.length ? html`<ul class="branches">${branches}</ul>` : ''}
  ${ballot?.status === 'open' ? html`<p class="muted">Voting now…</p>` : ''}
</li>`;
  });
  const tree = html`<ol class="tree">${items.length ? items : html`<li class="muted">Episode 1 is being written…</li>`}</ol>`;
  return html`<div id="live" data-fragment="tree" class="story-layout">${tree}${story ? storyPanel(story) : ''}</div>`;
}

/** What moderators see of the bible on the story page: everything, the secret culprit included. */
export interface BibleForm {
  bible: Bible;
  /** Who did it as the story stands now (it can differ from the bible's after a vote). */
  storyCulprit: string | null;
  written: number;
  notice?: string | undefined;
}

const rows = (n: number) => String(Math.min(8, Math.max(3, n + 1)));

function bibleSection(series: { name: string }, view: BibleForm): Safe {
  const { bible } = view;
  const action = `/s/${series.name}/story`;
  const field = (name: string) => html`<input type="hidden" name="field" value="${name}">`;
  const selected = (on: boolean) => (on ? raw(' selected') : '');
  const culprit = bible.incident?.culprit ?? null;
  return html`<section class="card bible" id="bible">
<h2>The story bible <span class="muted small">(moderators)</span></h2>
<p class="muted">Writers follow it from the next episode on. Viewers never see the culprit.</p>
${view.notice ? html`<p class="notice">${view.notice}</p>` : ''}
<form method="post" action="${action}" class="row" data-bible="genre">${field('genre')}
  <label>Genre <select name="value">${GENRES.map((g) => html`<option${selected(g === bible.genre)}>${g}</option>`)}</select></label><button type="submit">Set genre</button></form>
<form method="post" action="${action}" class="row" data-bible="question">${field('question')}
  <label>Central question <input name="value" maxlength="200" required value="${bible.question}"></label><button type="submit">Set question</button></form>
<h3>Roles</h3>
<ul class="list roles">${bible.roles.map(
    (r) => html`<li><form method="post" action="${action}" class="row" data-bible="role">${field('role')}<input type="hidden" name="name" value="${r.name}">
  <b class="role-name">${r.name}</b>
  <label>Role <select name="role">${ROLES.map((x) => html`<option${selected(x === r.role)}>${x}</option>`)}</select></label>
  <label>Title <input name="title" maxlength="60" value="${r.title}"></label><button type="submit">Save</button></form></li>`,
  )}</ul>
<form method="post" action="${action}" class="stack" data-bible="places">${field('places')}
  <label>Places (one per line, or separated by commas) <textarea name="value" rows="${rows(bible.places.length)}" maxlength="500">${bible.places.map((p) => p.name).join('\n')}</textarea></label><button type="submit">Set places</button></form>
<form method="post" action="${action}" class="stack" data-bible="props">${field('props')}
  <label>Props (one per line, or separated by commas; none for no props) <textarea name="value" rows="${rows(bible.props.length)}" maxlength="500">${bible.props.join('\n')}</textarea></label><button type="submit">Set props</button></form>
${
  bible.incident
    ? html`<h3>The incident</h3><p>${bible.incident.sentence}${bible.incident.accused ? html` <span class="muted">${bible.incident.accused} is blamed.</span>` : ''}</p>
<form method="post" action="${action}" class="row" data-bible="culprit">${field('culprit')}
  <label>🔒 Culprit (secret) <select name="value"><option value="none"${selected(!culprit)}>undecided</option>${bible.roles.map((r) => html`<option value="${r.name}"${selected(r.name === culprit)}>${r.name}</option>`)}</select></label><button type="submit">Set culprit</button></form>
${view.written > 0 && view.storyCulprit !== culprit ? html`<p class="muted small">After episode ${view.written} the story has ${view.storyCulprit ?? 'nobody'} as the culprit.</p>` : ''}`
    : html`<p class="muted">The premise names no incident, so there is no culprit to hide.</p>`
}
${bible.others.length ? html`<p class="muted">Also mentioned, never on screen: ${bible.others.join(', ')}.</p>` : ''}
</section>`;
}

export function treePage(series: { name: string; title: string }, nodes: StoryNode[], ctx: PageContext & { story?: PublicStory | undefined; bible?: BibleForm | undefined }): string {
  return layout(
    `${series.title}: story tree`,
    html`<h1>${series.title}: the story so far</h1><p class="muted">Each episode, the twists on its ballot and the one that won — and beside them, where the story stands.</p>
${treeFragment(series, nodes, ctx.story)}
${ctx.canModerate && ctx.bible ? bibleSection(series, ctx.bible) : ''}`,
    { series: series.name, nav: seriesNav(series.name, 'tree', ctx), ctx },
  );
}

// ---- stats ---------------------------------------------------------------------------------

function bars(rows: { label: string; value: number }[]): Safe {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return html`<ul class="bars">${rows.map((r) => html`<li><span>${r.label}</span><progress class="bar" max="100" value="${Math.round((r.value / max) * 100)}"></progress><b>${r.value}</b></li>`)}</ul>`;
}

const PLATFORM: Record<string, string> = { discord: 'Discord', telegram: 'Telegram', web: 'Studio', unknown: 'Other' };

function channelLabel(t: { platform: string; chatId: string }): string {
  if (t.platform === 'web') return 'Studio';
  if (t.platform === 'unknown') return 'Other (no channel)';
  return `${PLATFORM[t.platform] ?? t.platform} ${t.chatId}`;
}

function byPlatform(turnout: { platform: string; votes: number }[]): { label: string; value: number }[] {
  const sums = new Map<string, number>();
  for (const t of turnout) sums.set(t.platform, (sums.get(t.platform) ?? 0) + t.votes);
  return [...sums].map(([p, v]) => ({ label: PLATFORM[p] ?? p, value: v })).sort((a, b) => b.value - a.value);
}

export function statsPage(series: { name: string; title: string }, stats: SeriesStats, ctx: PageContext): string {
  const source: Record<string, string> = { writer: "the writer's twists", community: 'community suggestions', moderator: "moderators' twists" };
  return layout(
    `${series.title}: stats`,
    html`<h1>${series.title}: stats</h1>
<p class="muted">${stats.voters} different voter${stats.voters === 1 ? '' : 's'} so far.</p>
<section class="card"><h3>Votes per episode</h3>${bars(stats.votesPerEpisode.map((r) => ({ label: `Episode ${r.number}`, value: r.votes })))}</section>
<section class="card"><h3>Turnout by platform</h3>${stats.turnout.length ? bars(byPlatform(stats.turnout)) : html`<p class="muted">No votes yet.</p>`}</section>
<section class="card"><h3>Turnout by channel</h3>${stats.turnout.length ? bars(stats.turnout.map((t) => ({ label: channelLabel(t), value: t.votes }))) : html`<p class="muted">No votes yet.</p>`}</section>
<section class="card"><h3>Which twists win</h3>${stats.winnersBySource.length ? bars(stats.winnersBySource.map((w) => ({ label: source[w.source] ?? w.source, value: w.wins }))) : html`<p class="muted">No ballot has closed yet.</p>`}</section>`,
    { series: series.name, nav: seriesNav(series.name, 'stats', ctx), ctx },
  );
}

// ---- moderation ----------------------------------------------------------------------------

export interface ModView {
  series: { name: string; title: string; status: string; voteWindow: string; moderatorRole: string | null; studioVotes: string };
  suggestions: { number: number; text: string; author: string }[];
  ballot: BallotView | null;
  latest: EpisodeView | null;
  cast: { name: string; species: string }[];
  audit: { at: number; actor: string; action: string; details: string }[];
  /** Channels the platform refuses now: episodes wait there until someone fixes it. */
  blocked: { platform: string; chatId: string; reason: string; since: number }[];
  notice?: string | undefined;
}

const action = (series: string, command: string, args: Record<string, string>, label: string, cls = '') =>
  html`<form method="post" action="/s/${series}/mod" class="inline"><input type="hidden" name="command" value="${command}">${Object.entries(args).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}<button class="${cls}" type="submit">${label}</button></form>`;

export function modPage(view: ModView, ctx: PageContext): string {
  const s = view.series;
  const failed = view.latest?.status === 'failed';
  return layout(
    `${s.title}: moderate`,
    html`<h1>Moderate ${s.title}</h1>
${view.notice ? html`<p class="notice">${view.notice}</p>` : ''}
${view.blocked.map(
  (b) =>
    html`<section class="card alert"><h3>A ${PLATFORM[b.platform] ?? b.platform} channel can't receive episodes</h3><p>${PLATFORM[b.platform] ?? b.platform} chat <code>${b.chatId}</code>, since <time data-at="${b.since}">${new Date(b.since).toISOString().replace('T', ' ').slice(0, 16)}</time>: ${b.reason}.</p><p class="muted">Episodes for it wait. Fix it there (add the bot back, or give it the permission); TailTwist notices at once when the platform tells it, and tries again every half hour anyway.</p></section>`,
)}
${failed ? html`<section class="card alert"><h3>Episode ${view.latest!.number} is stuck at the ${view.latest!.failedStage ?? ''} step</h3><p>${view.latest!.error ?? ''}</p>${action(s.name, 'mod retry', {}, 'Retry', 'primary')}</section>` : ''}
<section class="card" id="suggestions"><h3>Suggestions waiting</h3>
${view.suggestions.length ? html`<ul class="list">${view.suggestions.map((x) => html`<li><span>#${x.number} ${x.text}</span>${action(s.name, 'mod approve', { target: String(x.number) }, 'Approve', 'ok')}${action(s.name, 'mod veto', { target: String(x.number) }, 'Veto', 'danger')}</li>`)}</ul>` : html`<p class="muted">None right now.</p>`}
</section>
<section class="card" id="ballot"><h3>Ballot</h3>
${
  view.ballot
    ? html`<ul class="list">${view.ballot.options.map((o) => html`<li class="${o.status}"><span><b>${o.letter}</b> ${o.label} — ${o.votes} votes${o.status === 'vetoed' ? ' (vetoed)' : ''}</span>${o.status === 'vetoed' ? action(s.name, 'mod approve', { target: o.letter }, 'Restore') : action(s.name, 'mod veto', { target: o.letter }, 'Veto', 'danger')}</li>`)}</ul>
<form method="post" action="/s/${s.name}/mod" class="row"><input type="hidden" name="command" value="mod add-option"><input name="label" maxlength="55" required placeholder="A new twist for the ballot"><button type="submit">Add option</button></form>
${view.ballot.status === 'open' ? action(s.name, 'mod close-vote', {}, 'Close the ballot now', 'danger') : ''}
${view.ballot.status === 'tied' ? html`<p>Tied: pick the winner</p>${view.ballot.options.filter((o) => o.status === 'active').map((o) => action(s.name, 'mod pick', { option: o.letter }, `Pick ${o.letter}`))}` : ''}`
    : html`<p class="muted">No ballot yet.</p>`
}
</section>
<section class="card"><h3>Series</h3>
<p>Status: <b>${s.status}</b> · ballots last ${s.voteWindow}${s.moderatorRole ? html` · Discord role “${s.moderatorRole}” moderates` : ''}</p>
<div class="row">${s.status === 'running' ? action(s.name, 'series pause', {}, 'Pause') : ''}${s.status === 'paused' ? action(s.name, 'series resume', {}, 'Resume', 'ok') : ''}${s.status !== 'ended' ? action(s.name, 'series end', {}, 'End the series', 'danger') : ''}</div>
<form method="post" action="/s/${s.name}/mod" class="row"><input type="hidden" name="command" value="mod window"><input name="duration" maxlength="20" required placeholder="12h"><button type="submit">Set vote window</button></form>
<p>Studio votes from other machines count ${s.studioVotes === 'anyone' ? html`from <b>anyone</b>` : html`only when people <b>sign in</b> with Discord or Telegram`}. ${s.studioVotes === 'anyone' ? action(s.name, 'mod studio-votes', { who: 'signed-in' }, 'Require sign-in') : action(s.name, 'mod studio-votes', { who: 'anyone' }, 'Let anyone vote')}</p>
</section>
<section class="card"><h3>Story bible</h3><p>Genre, roles, places, props, the central question and the secret culprit: <a href="/s/${s.name}/tree#bible">read and correct them on the story page</a>.</p></section>
<section class="card"><h3>Cast</h3>
<ul class="list">${view.cast.map((c) => html`<li>${c.name} <span class="muted">(${c.species})</span></li>`)}</ul>
<form method="post" action="/s/${s.name}/mod" class="row"><input type="hidden" name="command" value="cast add"><input name="name" maxlength="40" required placeholder="Name"><input name="species" maxlength="40" required placeholder="corgi"><button type="submit">Add character</button></form>
</section>
<section class="card"><h3>Audit log</h3>
${view.audit.length ? html`<table class="audit"><tbody>${view.audit.map((a) => html`<tr><td><time data-at="${a.at}">${new Date(a.at).toISOString().replace('T', ' ').slice(0, 16)}</time></td><td>${a.actor}</td><td>${a.action}</td><td class="muted">${a.details}</td></tr>`)}</tbody></table>` : html`<p class="muted">Nothing yet.</p>`}
</section>`,
    { series: s.name, nav: seriesNav(s.name, 'mod', ctx), ctx },
  );
}

export function messagePage(title: string, message: string, status = 'Not found'): string {
  return layout(title, html`<section class="card"><h1>${status}</h1><p>${message}</p><p><a href="/">Back to the studio</a></p></section>`);
}

/** Where a moderator types the admin token once: a form post, so the token never lands in a URL. */
export function adminPage(message?: string): string {
  return layout(
    'Moderator sign-in',
    html`<section class="card"><h1>Moderate from here</h1>
${message ? html`<p class="notice">${message}</p>` : ''}
<p class="muted">Type the studio's admin token (<code>WEB_ADMIN_TOKEN</code>) once; this browser then stays signed in for 30 days.</p>
<form method="post" action="/admin" class="stack"><label>Admin token <input name="token" type="password" required maxlength="200" autocomplete="current-password"></label><button class="primary" type="submit">Sign in</button></form>
</section>`,
  );
}

/** Sign in with the platform you chat on, so your studio vote is your chat vote. */
export function signInPage(opts: { discord: boolean; telegramBot: string | undefined; telegramAuthUrl: string; message?: string | undefined }): string {
  const none = !opts.discord && !opts.telegramBot;
  return layout(
    'Sign in',
    html`<section class="card"><h1>Sign in to vote</h1>
${opts.message ? html`<p class="notice">${opts.message}</p>` : ''}
<p class="muted">Sign in with the platform you follow the series on: your vote here is then the same vote as in the chat, one per person, and a moderator there moderates here too.</p>
${opts.discord ? html`<p><a class="button primary" href="/auth/discord">Sign in with Discord</a></p>` : ''}
${opts.telegramBot ? html`<script async src="https://telegram.org/js/telegram-widget.js?22" data-telegram-login="${opts.telegramBot}" data-size="large" data-auth-url="${opts.telegramAuthUrl}"></script>` : ''}
${none ? html`<p>This studio has no sign-in set up (<code>DISCORD_CLIENT_SECRET</code>, or a Telegram bot). A moderator can let anyone vote with <code>/mod studio-votes anyone</code>.</p>` : ''}
</section>`,
  );
}
