import { platformReason, type PlatformHealth } from './health.js';
import { feelingsText, type PublicStory } from '../../../commands/format.js';
import type { StoryNode } from '../../core/history.js';
import { kindName, reasonText, type EpisodeInsight, type SeriesInsight } from '../../core/insight.js';
import { chart, type ChartSeries } from './charts.js';
import type { BallotView, EpisodeView } from '../../core/ports.js';
import { TONES } from '../../core/series.js';
import { ARC_BEATS, GENRES, ROLES, type Bible } from '../../core/story/model.js';
import { LOCALES, listText } from '../../i18n/i18n.js';
import { formatDuration } from '../../core/duration.js';
import { formatRelease, type ReleaseView } from '../../core/schedule.js';
import { html, raw, type Safe } from './html.js';
import { sponsorCard } from './sponsor-card.js';
import { exportsCard, type ExportsView } from './export-card.js';
import { disclosureOf, type SponsorReport } from '../../core/sponsors.js';
import { refusalText, type Refusal } from '../../core/refusal.js';
import { LANGUAGE_NAMES, type Lang } from './lang.js';

/**
 * Server-rendered pages: plain HTML and CSS, a small script for live updates. Every word comes
 * from the `studio` catalog in the reader's language (`Lang`); what people wrote (titles, premises,
 * twists, names) is shown as they wrote it.
 */

export interface SeriesCard {
  name: string;
  title: string;
  premise: string;
  status: string;
  episodes: number;
  posterEpisodeId: string | null;
}

export interface PageContext {
  lang: Lang;
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
  const { t } = ctx.lang;
  if (ctx.account) {
    return html`<span class="account">${ctx.account.name} <span class="muted">(${ctx.account.platform})</span> <form method="post" action="/sign-out" class="inline"><button type="submit">${t('account.signOut')}</button></form></span>`;
  }
  return ctx.signInOffered ? html`<a class="account" href="/sign-in">${t('account.signIn')}</a>` : '';
}

/** The language menu: each language in its own words; the pick is remembered in a cookie. */
function languageMenu(lang: Lang): Safe {
  return html`<details class="lang"><summary title="${lang.t('language.menu')}"><span aria-hidden="true">🌐</span> ${LANGUAGE_NAMES[lang.locale]}</summary>
<form method="post" action="/language" class="lang-menu">${LOCALES.map(
    (l) => html`<button type="submit" name="lang" value="${l}" lang="${l}"${l === lang.locale ? raw(' aria-current="true"') : ''}>${LANGUAGE_NAMES[l]}</button>`,
  )}</form></details>`;
}

export function layout(lang: Lang, title: string, body: Safe, opts: { series?: string; nav?: Safe; ctx?: PageContext } = {}): string {
  const { t } = lang;
  return html`<!doctype html>
<html lang="${lang.locale}" dir="${lang.dir}" data-moments="${t('ballot.moments')}" data-oops="${t('errors.generic')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · TailTwist</title>
<link rel="stylesheet" href="/assets/studio.css">
<script src="/assets/studio.js" defer></script>
</head>
<body${opts.series ? raw(html` data-series="${opts.series}"`.html) : ''}>
<header class="top"><a class="brand" href="/">🐾 TailTwist <span>${t('brand')}</span></a>${opts.nav ?? ''}<div class="corner">${languageMenu(lang)}${accountBox(opts.ctx)}</div></header>
<main>${body}</main>
<div id="toast" role="status" aria-live="polite"></div>
</body>
</html>`.html;
}

function seriesNav(name: string, current: string, ctx: PageContext): Safe {
  const { t } = ctx.lang;
  const link = (href: string, label: string, key: string) => html`<a href="${href}" class="${current === key ? 'on' : ''}">${label}</a>`;
  return html`<nav class="tabs">${link(`/s/${name}`, t('nav.feed'), 'feed')}${link(`/s/${name}/tree`, t('nav.tree'), 'tree')}${link(`/s/${name}/stats`, t('nav.stats'), 'stats')}${ctx.canModerate ? link(`/s/${name}/mod`, t('nav.moderate'), 'mod') : ''}</nav>`;
}

/** running, paused, ended */
const seriesStatus = (lang: Lang, status: string) => lang.t(`status.${status}`, { defaultValue: status });

// ---- home ----------------------------------------------------------------------------------

/**
 * How a platform stands, in the reader's language: the kind of trouble and the settings to check
 * (the adapter's own English reason, with its details, is in the log and /healthz).
 */
function platformTrouble(lang: Lang, p: PlatformHealth): Safe {
  const state = p.state === 'connected' ? 'stopped' : p.state;
  const why = p.reason ? platformReason(p.reason) : undefined;
  // "Does not answer, so its episodes wait: it does not answer" says nothing twice.
  const said = why && !(state === 'unreachable' && why.kind === 'noAnswer');
  const trouble = lang.t(said ? `home.trouble.${state}Why` : `home.trouble.${state}`, { platform: p.platform, reason: why ? lang.t(`home.reason.${why.kind}`, { status: why.status ?? '' }) : '' });
  const settings = why?.settings.length ? listText(lang.locale, why.settings) : undefined;
  const check = !why ? '' : settings ? lang.t(why.network ? 'home.reason.checkNetwork' : 'home.reason.check', { settings }) : why.network ? lang.t('home.reason.network') : '';
  const goesOn = p.retryAt ? lang.t('home.goesOnRetry', { when: lang.fromNow(p.retryAt, Date.now()) }) : lang.t('home.goesOn');
  // Chinese and Japanese sentences follow each other without a space.
  return html`<p class="notice">${[trouble, check, goesOn].filter(Boolean).join(lang.locale === 'zh' || lang.locale === 'ja' ? '' : ' ')}</p>`;
}

export function homePage(series: SeriesCard[], ctx: PageContext & { platforms: PlatformHealth[]; notice?: string | undefined }): string {
  const { lang } = ctx;
  const { t } = lang;
  const create = ctx.canModerate
    ? html`<section class="card create" id="create">
  <h2>${series.length ? t('home.startAnother') : t('home.startFirst')}</h2>
  <p class="muted">${lang.html('home.createHint', { cast: html`<code>${t('home.form.castExample')}</code>` })}</p>
  <form method="post" action="/series" class="stack">
    <label>${t('home.form.title')} <input name="title" required maxlength="80" placeholder="${t('home.form.titleExample')}"></label>
    <label>${t('home.form.premise')} <textarea name="premise" required maxlength="500" rows="3" placeholder="${t('home.form.premiseExample')}"></textarea></label>
    <div class="row">
      <label>${t('home.form.cast')} <input name="cast" maxlength="400" placeholder="${t('home.form.castExample')}"></label>
      <label>${t('home.form.tone')} <select name="tone"><option value="">${t('home.form.anyTone')}</option>${TONES.map((tone) => html`<option value="${tone}">${t(`tone.${tone}`)}</option>`)}</select></label>
      <label>${t('home.form.window')} <input name="window" maxlength="20" placeholder="24h"></label>
    </div>
    <button class="primary" type="submit">${t('home.form.start')}</button>
  </form>
</section>`
    : '';
  const cards = series.map(
    (s) => html`<a class="card series" href="/s/${s.name}">
  ${s.posterEpisodeId ? html`<img src="/media/${s.posterEpisodeId}/poster" alt="" loading="lazy">` : html`<div class="poster-none">🐾</div>`}
  <div><h3>${s.title}</h3><p class="muted">${s.premise}</p><p class="meta">${t('home.episodes', { count: s.episodes })} · ${seriesStatus(lang, s.status)}</p></div>
</a>`,
  );
  const connected = ctx.platforms.filter((p) => p.state === 'connected').map((p) => p.platform);
  const troubled = ctx.platforms.filter((p) => p.state !== 'connected');
  const platforms = ctx.platforms.length
    ? html`${connected.length ? html`<p class="muted">${t('home.alsoConnected', { platforms: new Intl.ListFormat(lang.locale, { type: 'conjunction' }).format(connected) })}</p>` : ''}${troubled.map((p) => platformTrouble(lang, p))}`
    : html`<p class="muted">${lang.html('home.noPlatforms', { env: html`<code>.env</code>` })}</p>`;
  return layout(
    lang,
    t('home.title'),
    html`${ctx.notice ? html`<p class="notice">${ctx.notice}</p>` : ''}
<section class="hero"><h1>${t('home.hero')}</h1>${platforms}</section>
${series.length ? '' : create}
<section class="grid">${cards}</section>
${series.length ? create : ''}`,
    { ctx },
  );
}

// ---- feed ----------------------------------------------------------------------------------

function player(lang: Lang, e: EpisodeView): Safe {
  if (e.videoPath?.endsWith('.mp4')) {
    // The post kit for TikTok, Reels, Shorts and Douyin: the video, covers, subtitles and a caption, in one zip.
    const kit = html`<p class="kit-line"><a href="/s/${e.seriesName}/episodes/${e.number}/kit.zip" download title="${lang.t('export.kitHint')}">⬇ ${lang.t('export.kit')}</a></p>`;
    return html`<video controls playsinline preload="metadata" ${e.posterPath ? raw(html`poster="/media/${e.id}/poster"`.html) : ''} src="/media/${e.id}/video"></video>${kit}`;
  }
  const { t } = lang;
  const state =
    e.status === 'failed'
      ? t('episode.stuck', { stage: t(`stage.${e.failedStage ?? 'unknown'}`, { defaultValue: e.failedStage ?? '?' }) })
      : e.status === 'published'
        ? t('episode.noVideo')
        : t(`episode.status.${e.status}`, { defaultValue: `${e.status}…` });
  return html`<div class="video-pending"><span>🎬</span><p>${state}</p></div>`;
}

export function ballotWidget(b: BallotView, opts: { now: number; chosen: string | null; seriesName: string; lang: Lang }): Safe {
  const { lang } = opts;
  const { t } = lang;
  const active = b.options.filter((o) => o.status === 'active');
  const open = b.status === 'open';
  const rows = active.map((o) => {
    const pct = b.totalVotes ? Math.round((o.votes / b.totalVotes) * 100) : 0;
    return html`<li data-option="${o.letter}" class="${o.letter === b.winnerLetter ? 'winner' : ''} ${o.letter === opts.chosen ? 'chosen' : ''}">
  <button type="button" data-vote="${o.letter}" ${open ? '' : raw('disabled')}><b>${o.letter}</b> <bdi>${o.label}</bdi></button>
  ${o.teaser ? html`<small>${o.teaser}</small>` : ''}
  <progress class="bar" max="100" value="${pct}"></progress><span class="count">${o.votes}</span>
</li>`;
  });
  const status =
    open && b.closesAt !== null
      ? lang.html('ballot.closesIn', { time: html`<time data-closes="${b.closesAt}" data-now="${opts.now}"></time>` })
      : b.status === 'tied'
        ? t('ballot.tied')
        : b.status === 'closed'
          ? b.winnerLetter
            ? lang.html('ballot.won', { letter: html`<b>${b.winnerLetter}</b>` })
            : t('ballot.noWinner')
          : t('ballot.opensLater');
  return html`<section class="ballot" data-ballot="${b.id}" data-status="${b.status}">
  <h3>${t('ballot.question')}</h3>
  <ol>${rows}</ol>
  <p class="ballot-status">${lang.html('ballot.total', { total: html`<span class="total">${b.totalVotes}</span>` })} · ${status}</p>
</section>`;
}

export function feedFragment(series: { name: string; title: string; premise: string }, nodes: StoryNode[], ctx: PageContext & { now: number; chosen: string | null }): Safe {
  const { lang } = ctx;
  const newest = nodes.at(-1);
  const episodes = [...nodes].reverse().map(({ episode: e, ballot }) => {
    const showBallot = ballot && e.id === newest?.episode.id && e.status === 'published';
    return html`<article class="card episode" id="ep-${e.number}">
  ${player(lang, e)}
  <div class="episode-text">
    <h2>${e.title ? lang.html('episode.titled', { number: e.number, title: html`<bdi>${e.title}</bdi>` }) : lang.t('episode.number', { number: e.number })}</h2>
    ${e.sponsoredBy ? html`<p class="disclosure muted small">${disclosureOf(e, lang.locale)?.caption}</p>` : ''}
    ${e.previously && e.number > 1 ? html`<p class="previously">${e.previously}</p>` : ''}
    ${e.cliffhanger ? html`<p class="cliffhanger">${e.cliffhanger}</p>` : ''}
    ${showBallot ? ballotWidget(ballot, { now: ctx.now, chosen: ctx.chosen, seriesName: series.name, lang }) : ''}
  </div>
</article>`;
  });
  return html`<div id="live" data-fragment="feed">${episodes.length ? episodes : html`<p class="card muted">${lang.t('episode.firstBeingWritten')}</p>`}</div>`;
}

export function feedPage(
  series: { name: string; title: string; premise: string; status: string },
  nodes: StoryNode[],
  ctx: PageContext & { now: number; chosen: string | null; question?: string | undefined; recap?: { id: string; number: number; current: boolean } | undefined },
): string {
  const { lang } = ctx;
  const { t } = lang;
  return layout(
    lang,
    series.title,
    html`<section class="series-head">
  <h1>${series.title}</h1><p class="muted">${series.premise}</p>
  ${ctx.question ? html`<p class="question-line">❓ <bdi>${ctx.question}</bdi> <a href="/s/${series.name}/tree#story">${t('feed.storySoFar')}</a></p>` : ''}
  ${series.status !== 'running' ? html`<p class="notice">${t('feed.seriesIs', { status: seriesStatus(lang, series.status) })}</p>` : ''}
  <div class="recap-line">${ctx.recap ? html`<a href="/media/${ctx.recap.id}/video">${t('recap.watch', { number: ctx.recap.number })}</a> ` : ''}${
    ctx.recap?.current ? '' : html`<form method="post" action="/s/${series.name}/recap" data-ajax><button type="submit">${t('recap.make')}</button></form>`
  }</div>
  <form class="viewer" data-viewer-form>
    <label>${t('feed.votingAs')} <input name="name" maxlength="32" value="${ctx.viewerName ?? ''}" placeholder="${t('feed.yourName')}"></label><button type="submit">${t('feed.save')}</button>
  </form>
</section>
${feedFragment(series, nodes, ctx)}
<section class="card suggest">
  <h3>${t('feed.suggestTitle')}</h3>
  <form method="post" action="/s/${series.name}/suggest" data-ajax>
    <input name="text" maxlength="200" required placeholder="${t('feed.suggestExample')}"><button type="submit">${t('feed.suggest')}</button>
  </form>
</section>`,
    { series: series.name, nav: seriesNav(series.name, 'feed', ctx), ctx },
  );
}

// ---- story tree ----------------------------------------------------------------------------

/** The story beside the tree: the question, the arc, the threads and where everyone stands. No secrets. */
export function storyPanel(story: PublicStory, lang: Lang): Safe {
  const { t } = lang;
  const { arc } = story;
  const beatAt = ARC_BEATS.indexOf(arc.beat);
  const open = story.threads.filter((th) => th.status === 'open');
  const closed = story.threads.filter((th) => th.status === 'closed');
  const since = (episode: number) => (episode === 0 ? t('story.openFromStart') : t('story.openSince', { episode }));
  const thread = (th: PublicStory['threads'][number]) => html`<li class="thread ${th.status}${th.central ? ' central' : ''}" data-thread="${th.id}">
  <p class="q">${th.question}</p>
  <p class="meta">${th.central ? `${t('story.central')} · ` : ''}${th.status === 'open' ? since(th.opened) : t('story.answeredIn', { episode: th.closed ?? '?' })}</p>
  ${th.status === 'closed' ? html`<p class="answer">${th.answer ?? t('story.answerOnScreen')}</p>` : ''}
  ${th.clues.length ? html`<ol class="clues">${th.clues.map((c) => html`<li>🔍 ${c}</li>`)}</ol>` : th.status === 'open' ? html`<p class="muted small">${t('story.noClues')}</p>` : ''}
</li>`;
  const characters = story.characters.map((c) => {
    const feelings = feelingsText(c, lang.locale);
    return html`<li class="character" data-character="${c.name}">
  <p><b><bdi>${c.name}</bdi></b>, <bdi>${c.title}</bdi> <span class="badge role">${t(`bot:story.role.${c.role}`, { defaultValue: c.role })}</span></p>
  <p class="standing"><span class="badge cond-${c.condition.replace(/\s+/g, '-')}">${t(`bot:story.condition.${c.condition}`, { defaultValue: c.condition })}</span> ${c.where}</p>
  ${feelings ? html`<p class="feelings">${lang.t('story.sentence', { text: `${feelings.charAt(0).toLocaleUpperCase(lang.locale)}${feelings.slice(1)}` })}</p>` : ''}
</li>`;
  });
  const known = story.known.slice(-6);
  const progress =
    story.written === 0
      ? t('story.firstNext', { of: arc.of, beat: arc.beatText })
      : t('story.progress', { count: story.written, at: arc.at, of: arc.of, beat: arc.beatText, season: arc.season > 1 ? t('story.inSeason', { season: arc.season }) : '' });
  return html`<aside class="story-panel" id="story">
<section class="card question-card"><h2>${t('story.question')}</h2><p class="central-question">${story.question}</p>
  <ol class="arc" aria-label="${t('story.arcLabel')}">${ARC_BEATS.map((b, i) => html`<li class="${i < beatAt ? 'done' : i === beatAt ? 'now' : ''}">${t(`beat.${b}`)}</li>`)}</ol>
  <p class="meta arc-text">${progress}</p>
  ${story.cliffhanger ? html`<p class="last-time"><span class="muted">${t('story.lastTime')}</span> ${story.cliffhanger}</p>` : ''}
</section>
<section class="card threads"><h3>${t('story.openThreads')}</h3>${open.length ? html`<ul class="thread-list">${open.map(thread)}</ul>` : html`<p class="muted">${t('story.allAnswered')}</p>`}
${closed.length ? html`<h3>${t('story.answered')}</h3><ul class="thread-list">${closed.map(thread)}</ul>` : ''}</section>
<section class="card cast"><h3>${t('story.standings')}</h3><ul class="characters">${characters}</ul></section>
${known.length ? html`<section class="card known"><h3>${t('story.known')}</h3><ul class="facts">${known.map((f) => html`<li>${f.text}${f.episode ? html` <span class="muted">${t('story.factEpisode', { episode: f.episode })}</span>` : ''}</li>`)}</ul></section>` : ''}
</aside>`;
}

export function treeFragment(series: { name: string }, nodes: StoryNode[], lang: Lang, story?: PublicStory): Safe {
  const { t } = lang;
  const items = nodes.map(({ episode: e, ballot }, i) => {
    const next = nodes[i + 1];
    const options = (ballot?.options ?? []).filter((o) => o.status === 'active');
    const decided = ballot?.status === 'closed';
    const branches = options.map(
      (o) =>
        html`<li class="${!decided ? 'pending' : o.letter === ballot?.winnerLetter ? 'won' : 'lost'}"><b>${o.letter}</b> <bdi>${o.label}</bdi> <span class="votes">${t('tree.votes', { count: o.votes })}</span>${o.letter === ballot?.winnerLetter ? html` <em>${t('tree.leadsTo', { number: e.number + 1 })}</em>` : ''}</li>`,
    );
    return html`<li class="node ${next ? 'has-next' : ''}" data-episode="${e.number}">
  <a class="ep" href="/s/${series.name}#ep-${e.number}">${e.posterPath ? html`<img src="/media/${e.id}/poster" alt="" loading="lazy">` : ''}<span><b>${t('episode.number', { number: e.number })}</b> ${e.title ? html`<bdi>${e.title}</bdi>` : t('tree.beingWritten')}</span></a>
  ${branches.length ? html`<ul class="branches">${branches}</ul>` : ''}
  ${ballot?.status === 'open' ? html`<p class="muted">${t('tree.votingNow')}</p>` : ''}
</li>`;
  });
  const tree = html`<ol class="tree">${items.length ? items : html`<li class="muted">${t('episode.firstBeingWritten')}</li>`}</ol>`;
  return html`<div id="live" data-fragment="tree" class="story-layout">${tree}${story ? storyPanel(story, lang) : ''}</div>`;
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

function bibleSection(series: { name: string }, view: BibleForm, lang: Lang): Safe {
  const { t } = lang;
  const { bible } = view;
  const action = `/s/${series.name}/story`;
  const field = (name: string) => html`<input type="hidden" name="field" value="${name}">`;
  const selected = (on: boolean) => (on ? raw(' selected') : '');
  const culprit = bible.incident?.culprit ?? null;
  return html`<section class="card bible" id="bible">
<h2>${t('bible.title')} <span class="muted small">${t('bible.moderatorsOnly')}</span></h2>
<p class="muted">${t('bible.intro')}</p>
${view.notice ? html`<p class="notice">${view.notice}</p>` : ''}
<form method="post" action="${action}" class="row" data-bible="genre">${field('genre')}
  <label>${t('bible.genre')} <select name="value">${GENRES.map((g) => html`<option value="${g}"${selected(g === bible.genre)}>${t(`genre.${g}`)}</option>`)}</select></label><button type="submit">${t('bible.setGenre')}</button></form>
<form method="post" action="${action}" class="row" data-bible="question">${field('question')}
  <label>${t('bible.question')} <input name="value" maxlength="200" required value="${bible.question}"></label><button type="submit">${t('bible.setQuestion')}</button></form>
<h3>${t('bible.roles')}</h3>
<ul class="list roles">${bible.roles.map(
    (r) => html`<li><form method="post" action="${action}" class="row" data-bible="role">${field('role')}<input type="hidden" name="name" value="${r.name}">
  <b class="role-name">${r.name}</b>
  <label>${t('bible.role')} <select name="role">${ROLES.map((x) => html`<option value="${x}"${selected(x === r.role)}>${t(`bot:story.role.${x}`, { defaultValue: x })}</option>`)}</select></label>
  <label>${t('bible.roleTitle')} <input name="title" maxlength="60" value="${r.title}"></label><button type="submit">${t('bible.save')}</button></form></li>`,
  )}</ul>
<form method="post" action="${action}" class="stack" data-bible="places">${field('places')}
  <label>${t('bible.places')} <textarea name="value" rows="${rows(bible.places.length)}" maxlength="500">${bible.places.map((p) => p.name).join('\n')}</textarea></label><button type="submit">${t('bible.setPlaces')}</button></form>
<form method="post" action="${action}" class="stack" data-bible="props">${field('props')}
  <label>${t('bible.props')} <textarea name="value" rows="${rows(bible.props.length)}" maxlength="500">${bible.props.join('\n')}</textarea></label><button type="submit">${t('bible.setProps')}</button></form>
${
  bible.incident
    ? html`<h3>${t('bible.incident')}</h3><p>${bible.incident.sentence}${bible.incident.accused ? html` <span class="muted">${t('bible.accused', { name: bible.incident.accused })}</span>` : ''}</p>
<form method="post" action="${action}" class="row" data-bible="culprit">${field('culprit')}
  <label>🔒 ${t('bible.culprit')} <select name="value"><option value="none"${selected(!culprit)}>${t('bible.undecided')}</option>${bible.roles.map((r) => html`<option value="${r.name}"${selected(r.name === culprit)}>${r.name}</option>`)}</select></label><button type="submit">${t('bible.setCulprit')}</button></form>
${view.written > 0 && view.storyCulprit !== culprit ? html`<p class="muted small">${view.storyCulprit ? t('bible.storyCulprit', { episode: view.written, name: view.storyCulprit }) : t('bible.storyNoCulprit', { episode: view.written })}</p>` : ''}`
    : html`<p class="muted">${t('bible.noIncident')}</p>`
}
${bible.others.length ? html`<p class="muted">${t('bible.others', { names: new Intl.ListFormat(lang.locale, { type: 'unit' }).format(bible.others) })}</p>` : ''}
</section>`;
}

export function treePage(series: { name: string; title: string }, nodes: StoryNode[], ctx: PageContext & { story?: PublicStory | undefined; bible?: BibleForm | undefined }): string {
  const { lang } = ctx;
  return layout(
    lang,
    lang.t('tree.pageTitle', { title: series.title }),
    html`<h1>${lang.t('tree.heading', { title: series.title })}</h1><p class="muted">${lang.t('tree.intro')}</p>
${treeFragment(series, nodes, lang, ctx.story)}
${ctx.canModerate && ctx.bible ? bibleSection(series, ctx.bible, lang) : ''}`,
    { series: series.name, nav: seriesNav(series.name, 'tree', ctx), ctx },
  );
}

// ---- stats ---------------------------------------------------------------------------------

function bars(lang: Lang, rows: { label: string; value: number }[]): Safe {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return html`<ul class="bars">${rows.map((r) => html`<li><span>${r.label}</span><progress class="bar" max="100" value="${Math.round((r.value / max) * 100)}"></progress><b>${lang.number(r.value)}</b></li>`)}</ul>`;
}

/** A platform's name: Discord and Telegram are names in every language; the studio is ours to say. */
function platformName(lang: Lang, platform: string): string {
  if (platform === 'discord') return 'Discord';
  if (platform === 'telegram') return 'Telegram';
  if (platform === 'web') return lang.t('platform.web');
  if (platform === 'unknown') return lang.t('platform.unknown');
  return platform;
}

function channelLabel(lang: Lang, ch: { platform: string; chatId: string; members: number | null }): string {
  const name = ch.platform === 'web' ? lang.t('platform.web') : ch.platform === 'unknown' ? lang.t('platform.noChannel') : `${platformName(lang, ch.platform)} ${ch.chatId}`;
  return ch.members === null ? name : `${name} · ${lang.t('insight.members', { count: ch.members })}`;
}

const PLATFORM_ORDER = ['discord', 'telegram', 'web', 'unknown'] as const;

/** A share as the reader writes percentages; an em dash where nobody knows it. */
function percent(lang: Lang, share: number | null): string {
  return share === null ? '—' : new Intl.NumberFormat(lang.locale, { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/** What the writers give more room, and the rule that keeps it from taking the ballot. */
function favouredSection(lang: Lang, insight: SeriesInsight): Safe {
  const { t } = lang;
  const { kinds, characters } = insight.taste.favoured;
  const list = (items: string[]) => new Intl.ListFormat(lang.locale, { type: 'conjunction' }).format(items);
  const body =
    kinds.length || characters.length
      ? html`<ul class="favoured">${kinds.length ? html`<li>${t('insight.favoured.kinds', { list: list(kinds.map((k) => kindName(k, lang.locale))) })}</li>` : ''}${characters.length ? html`<li>${t('insight.favoured.characters', { list: list(characters) })}</li>` : ''}</ul><p class="muted small">${t('insight.favoured.rule', { ballots: insight.taste.ballots })}</p>`
      : html`<p class="muted">${t('insight.favoured.none')}</p>`;
  return html`<section class="card" id="favoured"><h3>${t('insight.favoured.title')}</h3>${body}</section>`;
}

function episodeTable(lang: Lang, episodes: EpisodeInsight[]): Safe {
  const { t } = lang;
  const winner = (e: EpisodeInsight) =>
    e.winner
      ? t('insight.table.winnerValue', { letter: e.winner.letter, kind: e.winner.kind ? kindName(e.winner.kind, lang.locale) : t('insight.ownWords'), character: e.winner.character ?? '—' })
      : '—';
  // The lead in votes, and who decided when the votes did not (a draw, the moderators).
  const margin = (e: EpisodeInsight) => {
    const how = e.winner?.decidedBy && e.winner.decidedBy !== 'votes' ? t(`bot:ballot.decidedBy.${e.winner.decidedBy}`) : null;
    const lead = e.margin ? `${percent(lang, e.margin.share)} (+${lang.number(e.margin.votes)})` : how ? '' : '—';
    return [lead, how].filter(Boolean).join(' · ');
  };
  return html`<div class="table-wrap"><table class="insight"><thead><tr><th>${t('insight.table.episode')}</th><th>${t('insight.table.voters')}</th><th>${t('insight.turnout')}</th><th>${t('insight.firstHour')}</th><th>${t('insight.margin')}</th><th>${t('insight.suggestions')}</th><th>${t('insight.table.winner')}</th></tr></thead><tbody>${episodes.map(
    (e) =>
      html`<tr data-episode="${e.number}"><td>${lang.number(e.number)}</td><td class="voters">${lang.number(e.voters)}</td><td class="turnout">${e.turnout === null ? t('insight.unknown') : percent(lang, e.turnout)}</td><td class="first-hour">${percent(lang, e.firstHourShare)}</td><td class="margin">${margin(e)}</td><td class="suggestions">${lang.number(e.suggestions)}</td><td class="winner">${winner(e)}</td></tr>`,
  )}</tbody></table></div>`;
}

/** The lines of "How each ballot went": a known 0% is drawn at 0; only a figure nobody knows (no platform said, no votes) is a gap. */
export function rateSeries(lang: Lang, eps: readonly EpisodeInsight[]): ChartSeries[] {
  const { t } = lang;
  return [
    { name: t('insight.turnout'), data: eps.map((e) => e.turnout), kind: 'line' },
    { name: t('insight.firstHour'), data: eps.map((e) => e.firstHourShare), kind: 'line' },
    { name: t('insight.margin'), data: eps.map((e) => e.margin?.share ?? null), kind: 'line' },
  ];
}

export function statsPage(series: { name: string; title: string }, insight: SeriesInsight, ctx: PageContext): string {
  const { lang } = ctx;
  const { t } = lang;
  const rtl = lang.dir === 'rtl';
  const none = (key: string) => html`<p class="muted">${t(key)}</p>`;
  const eps = insight.episodes;
  const numbers = eps.map((e) => t('episode.number', { number: e.number }));
  const platforms = PLATFORM_ORDER.filter((p) => eps.some((e) => e.byPlatform[p]));
  const perEpisode = eps.length
    ? chart({
        label: t('stats.perEpisode'),
        categories: numbers,
        series: [
          ...platforms.map((p) => ({ name: platformName(lang, p), data: eps.map((e) => e.byPlatform[p] ?? 0), stack: 'voters' })),
          { name: t('insight.suggestions'), data: eps.map((e) => e.suggestions), kind: 'line' as const },
        ],
        rtl,
      })
    : none('stats.noVotes');
  const rates = eps.some((e) => e.voters)
    ? chart({
        label: t('insight.rates'),
        categories: numbers,
        percent: true,
        series: rateSeries(lang, eps),
        rtl,
      })
    : none('stats.noVotes');
  const won = (label: string, rows: { key: string; count: number }[], name: (key: string) => string) =>
    rows.length
      ? html`<h4>${label}</h4>${chart({ label, categories: rows.slice(0, 8).map((r) => name(r.key)), series: [{ name: label, data: rows.slice(0, 8).map((r) => r.count) }], horizontal: true, rtl })}`
      : '';
  const w = insight.winners;
  const byPlatform = new Map<string, number>();
  for (const c of insight.channels) byPlatform.set(c.platform, (byPlatform.get(c.platform) ?? 0) + c.voters);
  return layout(
    lang,
    t('stats.pageTitle', { title: series.title }),
    html`<h1>${t('stats.pageTitle', { title: series.title })}</h1>
<p class="muted">${t('stats.voters', { count: insight.voters })}</p>
<section class="card" id="per-episode"><h3>${t('stats.perEpisode')}</h3>${perEpisode}</section>
<section class="card" id="rates"><h3>${t('insight.rates')}</h3>${rates}<p class="muted small">${t('insight.ratesNote')}</p></section>
<section class="card" id="winners"><h3>${t('stats.winners')}</h3>${
      w.sources.length
        ? html`${won(t('insight.winningKinds'), w.kinds, (k) => kindName(k, lang.locale))}${won(t('insight.winningCharacters'), w.characters, (c) => c)}${won(t('insight.winningHooks'), w.hooks, (h) => t(`bot:insight.hook.${h}`, { defaultValue: h }))}<h4>${t('insight.winningSources')}</h4>${bars(
            lang,
            w.sources.map((s) => ({ label: t(`stats.source.${s.key}`, { defaultValue: s.key }), value: s.count })),
          )}`
        : none('stats.noneClosed')
    }</section>
${favouredSection(lang, insight)}
<section class="card"><h3>${t('stats.byPlatform')}</h3>${
      byPlatform.size
        ? bars(
            lang,
            [...byPlatform].map(([p, v]) => ({ label: platformName(lang, p), value: v })).sort((a, b) => b.value - a.value),
          )
        : none('stats.noVotes')
    }</section>
<section class="card"><h3>${t('stats.byChannel')}</h3>${
      insight.channels.length
        ? bars(
            lang,
            insight.channels.map((row) => ({ label: channelLabel(lang, row), value: row.voters })),
          )
        : none('stats.noVotes')
    }</section>
<section class="card" id="episodes"><h3>${t('insight.table.title')}</h3>${eps.length ? episodeTable(lang, eps) : none('stats.noVotes')}</section>`,
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
  blocked: { platform: string; chatId: string; reason: string; why?: Refusal; since: number }[];
  /** The release schedule and the next release; null: episodes go out as soon as they are ready. */
  release?: ReleaseView | null;
  /** The series' sponsors with the episodes each was placed in. */
  sponsors?: SponsorReport[];
  /** Season cut and soft-subtitled variant (export-card.ts); undefined while no episode has a video. */
  exports?: ExportsView | undefined;
  notice?: string | undefined;
}

/** Time zones offered as the moderator types one (any IANA name is accepted). */
let zoneList: Safe | undefined;
const zoneOptions = () => (zoneList ??= html`<datalist id="zones">${Intl.supportedValuesOf('timeZone').map((z) => html`<option value="${z}">`)}</datalist>`);

/** The release schedule: the times, the next release on the series' clock, and the form that sets them. */
function scheduleCard(series: string, status: string, release: ReleaseView | null, lang: Lang): Safe {
  const { t } = lang;
  const schedule = release?.schedule;
  const next = !release
    ? ''
    : release.lateEpisode !== null
      ? t('schedule.missed', { number: release.lateEpisode })
      : release.at !== null
        ? t('schedule.next', { when: formatRelease(release.at, release.schedule.zone, lang.locale) })
        : status === 'paused'
          ? t('schedule.paused')
          : '';
  return html`<section class="card" id="schedule"><h3>${t('schedule.heading')}</h3>
<p>${schedule ? t('schedule.line', { times: listText(lang.locale, schedule.times), zone: schedule.zone, close: lang.duration(schedule.closeMs) }) : t('schedule.asap')}</p>
${next ? html`<p><b>${next}</b></p>` : ''}
<form method="post" action="/s/${series}/mod" class="row"><input type="hidden" name="command" value="series schedule"><input name="times" maxlength="120" required placeholder="${t('schedule.times')}" aria-label="${t('schedule.times')}" value="${schedule?.times.join(',') ?? ''}"><input name="zone" maxlength="60" list="zones" placeholder="${t('schedule.zone')}" aria-label="${t('schedule.zone')}" value="${schedule?.zone ?? ''}"><input name="close" maxlength="20" placeholder="${t('schedule.close')}" aria-label="${t('schedule.close')}" value="${schedule ? formatDuration(schedule.closeMs) : ''}"><button type="submit">${t('schedule.save')}</button></form>
${zoneOptions()}
${schedule ? action(series, 'series schedule', { times: 'off' }, t('schedule.off')) : ''}
<p class="muted">${t('schedule.hint')}</p></section>`;
}

const action = (series: string, command: string, args: Record<string, string>, label: string, cls = '') =>
  html`<form method="post" action="/s/${series}/mod" class="inline"><input type="hidden" name="command" value="${command}">${Object.entries(args).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}<button class="${cls}" type="submit">${label}</button></form>`;

export function modPage(view: ModView, ctx: PageContext): string {
  const { lang } = ctx;
  const { t } = lang;
  const s = view.series;
  const latest = view.latest;
  const stuck = latest?.status === 'failed' ? latest : undefined;
  const time = (at: number) => html`<time data-at="${at}">${lang.when(at)}</time>`;
  return layout(
    lang,
    t('mod.pageTitle', { title: s.title }),
    html`<h1>${t('mod.heading', { title: s.title })}</h1>
${view.notice ? html`<p class="notice">${view.notice}</p>` : ''}
${view.blocked.map(
  (b) =>
    html`<section class="card alert"><h3>${t('mod.blocked.title', { platform: platformName(lang, b.platform) })}</h3><p>${lang.html('mod.blocked.where', {
      platform: platformName(lang, b.platform),
      chat: html`<code>${b.chatId}</code>`,
      since: time(b.since),
      reason: refusalText(b.why ?? b.reason, lang.locale),
    })}</p><p class="muted">${t('mod.blocked.help')}</p></section>`,
)}
${stuck ? html`<section class="card alert"><h3>${t('mod.stuck', { number: stuck.number, stage: t(`stage.${stuck.failedStage ?? 'unknown'}`, { defaultValue: stuck.failedStage ?? '?' }) })}</h3><p>${stuck.error ?? ''}</p>${action(s.name, 'mod retry', {}, t('mod.retry'), 'primary')}</section>` : ''}
<section class="card" id="suggestions"><h3>${t('mod.suggestions')}</h3>
${
  view.suggestions.length
    ? html`<ul class="list">${view.suggestions.map((x) => html`<li><span>#${x.number} <bdi>${x.text}</bdi></span>${action(s.name, 'mod approve', { target: String(x.number) }, t('mod.approve'), 'ok')}${action(s.name, 'mod veto', { target: String(x.number) }, t('mod.veto'), 'danger')}</li>`)}</ul>`
    : html`<p class="muted">${t('mod.noneNow')}</p>`
}
</section>
<section class="card" id="ballot"><h3>${t('mod.ballot')}</h3>
${
  view.ballot
    ? html`<ul class="list">${view.ballot.options.map(
        (o) =>
          html`<li class="${o.status}"><span><b>${o.letter}</b> <bdi>${o.label}</bdi> — ${t('mod.optionVotes', { count: o.votes })}${o.status === 'vetoed' ? ` ${t('mod.vetoed')}` : ''}${o.reason ? html`<small class="reason">${reasonText(o.reason, lang.locale)}</small>` : ''}</span>${o.status === 'vetoed' ? action(s.name, 'mod approve', { target: o.letter }, t('mod.restore')) : action(s.name, 'mod veto', { target: o.letter }, t('mod.veto'), 'danger')}</li>`,
      )}</ul>
<form method="post" action="/s/${s.name}/mod" class="row"><input type="hidden" name="command" value="mod add-option"><input name="label" maxlength="55" required placeholder="${t('mod.newOption')}"><button type="submit">${t('mod.addOption')}</button></form>
${view.ballot.status === 'open' ? action(s.name, 'mod close-vote', {}, t('mod.closeNow'), 'danger') : ''}
${view.ballot.status === 'tied' ? html`<p>${t('mod.tiedPick')}</p>${view.ballot.options.filter((o) => o.status === 'active').map((o) => action(s.name, 'mod pick', { option: o.letter }, t('mod.pick', { letter: o.letter })))}` : ''}`
    : html`<p class="muted">${t('mod.noBallot')}</p>`
}
</section>
<section class="card"><h3>${t('mod.series')}</h3>
<p>${lang.html('mod.seriesLine', { status: html`<b>${seriesStatus(lang, s.status)}</b>`, window: s.voteWindow })}${s.moderatorRole ? ` · ${t('mod.roleModerates', { role: s.moderatorRole })}` : ''}</p>
<div class="row">${s.status === 'running' ? action(s.name, 'series pause', {}, t('mod.pause')) : ''}${s.status === 'paused' ? action(s.name, 'series resume', {}, t('mod.resume'), 'ok') : ''}${s.status !== 'ended' ? action(s.name, 'series end', {}, t('mod.end'), 'danger') : ''}</div>
<form method="post" action="/s/${s.name}/mod" class="row"><input type="hidden" name="command" value="mod window"><input name="duration" maxlength="20" required placeholder="12h"><button type="submit">${t('mod.setWindow')}</button></form>
<p>${s.studioVotes === 'anyone' ? lang.html('mod.votesAnyone', { who: html`<b>${t('mod.anyone')}</b>` }) : lang.html('mod.votesSignedIn', { who: html`<b>${t('mod.signIn')}</b>` })} ${
      s.studioVotes === 'anyone' ? action(s.name, 'mod studio-votes', { who: 'signed-in' }, t('mod.requireSignIn')) : action(s.name, 'mod studio-votes', { who: 'anyone' }, t('mod.letAnyone'))
    }</p>
</section>
${scheduleCard(s.name, s.status, view.release ?? null, lang)}
${view.sponsors ? sponsorCard(s.name, view.sponsors, lang) : ''}
${view.exports ? exportsCard(s.name, view.exports, lang) : ''}
<section class="card"><h3>${t('mod.bible')}</h3><p>${lang.html('mod.bibleHint', { link: html`<a href="/s/${s.name}/tree#bible">${t('mod.bibleLink')}</a>` })}</p></section>
<section class="card"><h3>${t('mod.cast')}</h3>
<ul class="list">${view.cast.map((c) => html`<li>${c.name} <span class="muted">(${c.species})</span></li>`)}</ul>
<form method="post" action="/s/${s.name}/mod" class="row"><input type="hidden" name="command" value="cast add"><input name="name" maxlength="40" required placeholder="${t('mod.castName')}"><input name="species" maxlength="40" required placeholder="${t('mod.speciesExample')}"><button type="submit">${t('mod.addCharacter')}</button></form>
</section>
<section class="card"><h3>${t('mod.audit')}</h3>
${
  view.audit.length
    ? html`<table class="audit"><tbody>${view.audit.map((a) => html`<tr><td>${time(a.at)}</td><td>${a.actor}</td><td>${t(`mod.auditAction.${a.action}`, { defaultValue: a.action })}</td><td class="muted"><code>${a.action}</code> ${a.details}</td></tr>`)}</tbody></table>`
    : html`<p class="muted">${t('mod.nothingYet')}</p>`
}
</section>`,
    { series: s.name, nav: seriesNav(s.name, 'mod', ctx), ctx },
  );
}

/** An error or a notice on a page of its own: `status` is the heading's key (notFound, notAllowed, oops). */
export function messagePage(lang: Lang, message: string, heading: 'notFound' | 'notAllowed' | 'oops' = 'notFound'): string {
  return layout(lang, 'TailTwist', html`<section class="card"><h1>${lang.t(`errors.heading.${heading}`)}</h1><p>${message}</p><p><a href="/">${lang.t('errors.back')}</a></p></section>`);
}

/** Where a moderator types the admin token once: a form post, so the token never lands in a URL. */
export function adminPage(lang: Lang, message?: string): string {
  const { t } = lang;
  return layout(
    lang,
    t('admin.pageTitle'),
    html`<section class="card"><h1>${t('admin.heading')}</h1>
${message ? html`<p class="notice">${message}</p>` : ''}
<p class="muted">${lang.html('admin.intro', { setting: html`<code>WEB_ADMIN_TOKEN</code>` })}</p>
<form method="post" action="/admin" class="stack"><label>${t('admin.token')} <input name="token" type="password" required maxlength="200" autocomplete="current-password"></label><button class="primary" type="submit">${t('admin.signIn')}</button></form>
</section>`,
  );
}

/** Sign in with the platform you chat on, so your studio vote is your chat vote. */
export function signInPage(lang: Lang, opts: { discord: boolean; telegramBot: string | undefined; telegramAuthUrl: string; message?: string | undefined }): string {
  const { t } = lang;
  const none = !opts.discord && !opts.telegramBot;
  return layout(
    lang,
    t('signIn.pageTitle'),
    html`<section class="card"><h1>${t('signIn.heading')}</h1>
${opts.message ? html`<p class="notice">${opts.message}</p>` : ''}
<p class="muted">${t('signIn.intro')}</p>
${opts.discord ? html`<p><a class="button primary" href="/auth/discord">${t('signIn.withDiscord')}</a></p>` : ''}
${opts.telegramBot ? html`<script async src="https://telegram.org/js/telegram-widget.js?22" data-telegram-login="${opts.telegramBot}" data-size="large" data-auth-url="${opts.telegramAuthUrl}" data-lang="${lang.locale.split('-')[0]}"></script>` : ''}
${none ? html`<p>${lang.html('signIn.none', { settings: html`<code>DISCORD_CLIENT_SECRET</code>`, command: html`<code>/mod studio-votes anyone</code>` })}</p>` : ''}
</section>`,
  );
}
