import { SPONSOR_LIMITS, SPONSOR_TIERS, type SponsorReport } from '../../core/sponsors.js';
import { html, raw, type Safe } from './html.js';
import type { Lang } from './lang.js';

/**
 * The moderation page's sponsors: each sponsor with the episodes it was placed in (votes, posts
 * and reach of each), a form to add one, and per sponsor a form to change its tier or episodes
 * and a button to remove it. The forms run `/mod sponsor`, so the studio and the chats share one
 * path (and its audit).
 */
export function sponsorCard(series: string, reports: readonly SponsorReport[], lang: Lang): Safe {
  const { t } = lang;
  const form = (fields: Safe, label: string, cls = '') =>
    html`<form method="post" action="/s/${series}/mod" class="row"><input type="hidden" name="command" value="mod sponsor">${fields}<button class="${cls}" type="submit">${label}</button></form>`;
  const tierSelect = (current?: string) =>
    html`<label>${t('sponsor.tier')} <select name="tier">${SPONSOR_TIERS.map((tier) => html`<option value="${tier}"${current === tier ? raw(' selected') : ''}>${t(`sponsor.tiers.${tier}`)}</option>`)}</select></label>`;
  const list = reports.map(({ sponsor: s, placements }) => {
    const removed = s.removed_at !== null;
    const rows = placements.map(
      (p) =>
        html`<tr><td><a href="/s/${series}#ep-${p.number}">${t('sponsor.episode', { number: p.number })}</a> <bdi>${p.title ?? ''}</bdi></td><td>${t(`sponsor.tiers.${p.tier}`)}</td><td>${p.holder ?? '—'}</td><td>${lang.number(p.votes)}</td><td>${lang.number(p.posts)}</td><td>${p.reach === null ? '—' : lang.number(p.reach)}</td></tr>`,
    );
    return html`<li class="${removed ? 'vetoed' : ''}"><div><b>#${s.number} <bdi>${s.brand}</bdi></b> — <bdi>${s.product}</bdi> · ${t(`sponsor.tiers.${s.tier}`)} · ${t('sponsor.range', { first: s.first_episode, last: s.last_episode })}${removed ? ` ${t('sponsor.removed')}` : ''}
<p class="muted"><bdi>${s.brief}</bdi></p>
${
  rows.length
    ? html`<div class="table-wrap"><table class="audit"><thead><tr><th>${t('sponsor.col.episode')}</th><th>${t('sponsor.tier')}</th><th>${t('sponsor.col.holder')}</th><th>${t('sponsor.col.votes')}</th><th>${t('sponsor.col.posts')}</th><th>${t('sponsor.col.reach')}</th></tr></thead><tbody>${rows}</tbody></table></div>`
    : html`<p class="muted">${t('sponsor.notPlaced')}</p>`
}
${
  removed
    ? ''
    : html`${form(html`<input type="hidden" name="action" value="edit"><input type="hidden" name="number" value="${s.number}">${tierSelect(s.tier)}<label>${t('sponsor.episodes')} <input name="episodes" maxlength="20" value="${s.first_episode}-${s.last_episode}"></label>`, t('sponsor.save'))}${form(html`<input type="hidden" name="action" value="remove"><input type="hidden" name="number" value="${s.number}">`, t('sponsor.remove'), 'danger')}`
}</div></li>`;
  });
  return html`<section class="card" id="sponsors"><h3>${t('sponsor.heading')}</h3>
<p class="muted">${t('sponsor.intro')}</p>
${reports.length ? html`<ul class="list">${list}</ul>` : html`<p class="muted">${t('sponsor.none')}</p>`}
<p class="muted small">${t('sponsor.reachHint')}</p>
${form(
  html`<input type="hidden" name="action" value="add"><label>${t('sponsor.brand')} <input name="brand" required maxlength="${SPONSOR_LIMITS.brand}"></label><label>${t('sponsor.product')} <input name="product" required maxlength="${SPONSOR_LIMITS.product}"></label>${tierSelect('prop')}<label>${t('sponsor.episodes')} <input name="episodes" required maxlength="20" placeholder="next 3"></label><label>${t('sponsor.brief')} <input name="brief" required maxlength="${SPONSOR_LIMITS.brief}"></label>`,
  t('sponsor.add'),
  'primary',
)}
</section>`;
}
