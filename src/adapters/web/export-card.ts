import type { Engine } from '../../core/engine.js';
import type { ExportStatus } from '../../core/export-jobs.js';
import type { Series } from '../../core/series.js';
import { html, type Safe } from './html.js';
import type { Lang } from './lang.js';

/**
 * The moderation page's exports: the season cut (ask → being made → a download link and its
 * caption) and the latest episode without burnt-in captions (ask → being made → in the post kit).
 * Both are made by the `export` job (core/export-jobs.ts); the buttons post to routes/export.ts.
 */

export interface ExportsView {
  season?: ExportStatus | undefined;
  /** The latest episode with a video, and its soft-subtitled variant. */
  latest?: { number: number; soft?: ExportStatus | undefined } | undefined;
}

/** What the card shows, read for the moderation page; undefined while no episode has a video. */
export async function exportsView(engine: Engine, series: Series): Promise<ExportsView | undefined> {
  const latest = await engine.ctx.db
    .selectFrom('episodes')
    .select(['id', 'number'])
    .where('series_id', '=', series.id)
    .where('status', 'in', ['rendered', 'published'])
    .where('video_path', 'is not', null)
    .orderBy('number', 'desc')
    .executeTakeFirst();
  if (!latest) return undefined;
  return { season: await engine.exports.season(series), latest: { number: latest.number, soft: await engine.exports.softSubtitles(latest.id) } };
}

export function exportsCard(series: string, view: ExportsView, lang: Lang): Safe {
  const { t } = lang;
  const button = (action: string, label: string, cls = '') => html`<form method="post" action="${action}" class="inline"><button class="${cls}" type="submit">${label}</button></form>`;
  const season = view.season;
  const seasonAsk = button(`/s/${series}/exports/season`, !season ? t('export.season.make') : season.status === 'failed' ? t('export.retry') : t('export.season.again'), 'primary');
  const [from, to] = (season?.target ?? '').split('-');
  const seasonState = !season
    ? html`<p class="muted">${t('export.season.none')}</p>${seasonAsk}`
    : season.status === 'making'
      ? html`<p><b>${t('export.season.making')}</b></p>`
      : season.status === 'failed'
        ? html`<p class="alert">${t('export.failed', { error: season.error ?? '?' })}</p>${seasonAsk}`
        : html`<p><a href="/s/${series}/exports/${season.id}/video.mp4" download>⬇ ${t('export.season.download', { from, to })}</a>${season.durationMs ? ` · ${lang.duration(season.durationMs)}` : ''}</p>
${season.current ? '' : html`<p class="muted">${t('export.season.outdated')}</p>${seasonAsk}`}
${season.caption ? html`<details><summary>${t('export.season.caption')}</summary><textarea readonly rows="10">${season.caption}</textarea></details>` : ''}`;
  const latest = view.latest;
  const soft = latest?.soft;
  const softAsk = latest && button(`/s/${series}/episodes/${latest.number}/soft-subtitles`, soft?.status === 'failed' ? t('export.retry') : t('export.soft.make'));
  const softState = !latest
    ? ''
    : html`<h4>${t('export.soft.heading', { number: latest.number })}</h4><p class="muted">${t('export.soft.hint')}</p>${
        !soft
          ? softAsk
          : soft.status === 'making'
            ? html`<p><b>${t('export.soft.making')}</b></p>`
            : soft.status === 'failed'
              ? html`<p class="alert">${t('export.failed', { error: soft.error ?? '?' })}</p>${softAsk}`
              : html`<p><a href="/s/${series}/episodes/${latest.number}/kit.zip" download>⬇ ${t('export.soft.ready')}</a></p>`
      }`;
  return html`<section class="card" id="exports"><h3>${t('export.season.heading')}</h3><p class="muted">${t('export.season.hint')}</p>
${seasonState}
${softState}</section>`;
}
