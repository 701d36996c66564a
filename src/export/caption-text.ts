import { translate } from '../i18n/i18n.js';

/**
 * The ready-to-paste text of a post: title, the hook line, "Part N", what to vote on, the series'
 * link and hashtags from the story (series, characters, species, genre), in the series' language
 * (the `cards` catalog, `kit.*`), within what TikTok and Instagram accept.
 */

/** TikTok's and Instagram's caption limit, in characters. */
export const CAPTION_MAX = 2200;
/** Instagram refuses a caption with more hashtags than this. */
export const HASHTAGS_MAX = 30;
/** We use far fewer: a long tail of tags reads as spam. */
const OUR_HASHTAGS = 12;

export interface StoryTags {
  seriesTitle: string;
  genre?: string | null;
  cast: { name: string; species: string }[];
}

export interface EpisodePost extends StoryTags {
  language: string;
  number: number;
  title: string;
  /** The line the episode opens on. */
  hook: string | null;
  /** The ballot of the episode: what the audience votes on (while open), or what it chose. */
  ballot: { open: boolean; options: { letter: string; label: string }[]; winner: string | null };
  /** The series' page in the studio (WEB_PUBLIC_URL), when it has a public address. */
  url?: string | null;
  /** A sponsored episode's disclosure line ("#ad · Sponsored by …", core/sponsors.ts): always first, never shortened. */
  disclosure?: string | null;
}

export interface SeasonPost extends StoryTags {
  language: string;
  from: number;
  to: number;
  chapters: { start: number; title: string }[];
  url?: string | null;
  /** One disclosure line per brand placed in the cut's episodes. */
  disclosures?: string[];
}

/**
 * A hashtag from a few words in any script: letters, marks and digits kept, the words joined with
 * a capital ("black cat" → #BlackCat, "柴犬" → #柴犬); null when nothing is left.
 */
export function hashtag(words: string): string | null {
  const parts = words
    .normalize('NFC')
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter(Boolean);
  if (!parts.length) return null;
  // Words of a script with capitals join with one ("BlackCat"); others with an underscore, as people write them (#دراما_عائلية).
  const caseless = (c: string) => /\p{L}/u.test(c) && c.toLocaleUpperCase() === c.toLocaleLowerCase();
  const joined = parts.map((p, i) => (i > 0 && caseless(p.charAt(0)) && caseless(parts[i - 1]!.at(-1)!) ? '_' : '') + p.charAt(0).toLocaleUpperCase() + p.slice(1)).join('');
  // Only digits is not a tag on either platform.
  if (/^\p{N}+$/u.test(joined)) return null;
  return `#${[...joined].slice(0, 40).join('')}`;
}

/** The story's hashtags, most telling first, without repeats (case-insensitive), at most `max`. */
export function storyHashtags(story: StoryTags, language: string, max = OUR_HASHTAGS): string[] {
  const t = translate(language);
  const words = [
    story.seriesTitle,
    ...story.cast.map((c) => c.name),
    ...story.cast.map((c) => c.species),
    ...(story.genre ? [t(`cards:kit.genre.${story.genre}`)] : []),
    ...t('cards:kit.tags').split(/[,，、]/),
  ];
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const w of words) {
    const tag = hashtag(w);
    if (!tag || seen.has(tag.toLocaleLowerCase())) continue;
    seen.add(tag.toLocaleLowerCase());
    tags.push(tag);
  }
  return tags.slice(0, Math.min(max, HASHTAGS_MAX));
}

/** Cuts text to `max` characters (whole graphemes), with an ellipsis. */
function clip(text: string, max: number): string {
  const chars = [...new Intl.Segmenter().segment(text)].map((s) => s.segment);
  return chars.length <= max
    ? text
    : `${chars
        .slice(0, Math.max(0, max - 1))
        .join('')
        .trimEnd()}…`;
}

/** Joins the blocks of a caption and keeps it within the limit by shortening the longest block first (never the disclosures). */
function fit(blocks: string[], tags: string[], disclosures: string[] = []): string {
  const text = () => [...disclosures, ...blocks.filter(Boolean), tags.join(' ')].filter(Boolean).join('\n\n');
  while (text().length > CAPTION_MAX) {
    const longest = blocks.reduce((a, b, i) => (b.length > blocks[a]!.length ? i : a), 0);
    if (blocks[longest]!.length < 40) {
      tags.pop();
      if (!tags.length) break;
      continue;
    }
    blocks[longest] = clip(blocks[longest]!, Math.floor(blocks[longest]!.length * 0.8));
  }
  return text().slice(0, CAPTION_MAX);
}

export function episodeCaption(post: EpisodePost): string {
  const t = translate(post.language);
  const blocks = [t('cards:kit.headline', { series: post.seriesTitle, number: post.number, title: post.title })];
  if (post.hook) blocks.push(post.hook);
  const active = post.ballot.options;
  if (post.ballot.open && active.length) blocks.push([t('cards:kit.vote'), ...active.map((o) => `${o.letter}) ${o.label}`)].join('\n'));
  else if (post.ballot.winner) blocks.push(t('cards:kit.chosen', { label: post.ballot.winner }));
  if (post.url) blocks.push(t('cards:kit.link', { url: post.url }));
  return fit(blocks, storyHashtags(post, post.language), post.disclosure ? [post.disclosure] : []);
}

/** 75 s → "1:15"; an hour or more → "1:02:03" (YouTube's chapter format). */
export function chapterClock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export function seasonCaption(post: SeasonPost): string {
  const t = translate(post.language);
  const blocks = [
    t('cards:kit.season', { series: post.seriesTitle, from: post.from, to: post.to }),
    [t('cards:kit.chapters'), ...post.chapters.map((c) => `${chapterClock(c.start)} ${c.title}`)].join('\n'),
  ];
  if (post.url) blocks.push(t('cards:kit.link', { url: post.url }));
  return fit(blocks, storyHashtags(post, post.language), post.disclosures ?? []);
}
