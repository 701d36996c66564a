import { resolveLocale } from '../../i18n/i18n.js';
import { escapeRegExp } from '../text.js';

/**
 * The languages the story model itself speaks: the premise parser, the facts and questions twists
 * leave in the state, and the offline writer's phrase bank. A series in any other language is
 * still written in it by the LLM writer; offline, it is told in English.
 */
export const STORY_LANGUAGES = ['en', 'zh'] as const;
export type StoryLanguage = (typeof STORY_LANGUAGES)[number];

/** Language names people type instead of a tag ("Chinese", "中文", "普通话"). */
const NAMES: [RegExp, StoryLanguage][] = [
  [/^(chinese|mandarin|simplified chinese|putonghua|中文|汉语|漢語|华语|華語|普通话|國語|国语|简体|简体中文|簡體中文|中文简体|繁体中文|繁體中文)$/i, 'zh'],
  [/^(english|英语|英文)$/i, 'en'],
];

/** Han ideographs: a text that has them is (for the story model) Chinese. */
const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;

export function hasHan(text: string): boolean {
  return HAN.test(text);
}

/**
 * The story language of a series: its language setting as a tag ("zh-CN", "zh-Hans") or a name
 * ("Chinese", "简体中文"); without one, or with English (every series' default), a premise written mostly in Chinese
 * makes a Chinese story.
 */
export function storyLanguage(language: string | null | undefined, premise = ''): StoryLanguage {
  const tag = (language ?? '').trim();
  const named = NAMES.find(([re]) => re.test(tag))?.[1];
  if (named) return named;
  if (resolveLocale(tag) === 'zh') return 'zh';
  // No language, or the English every series starts with: a premise written in Chinese is a Chinese story.
  return (!tag || resolveLocale(tag) === 'en') && writtenIn(premise) === 'zh' ? 'zh' : 'en';
}

/** The language a text is written in, as far as the story model reads: mostly Han is Chinese, else English. */
export function writtenIn(text: string): StoryLanguage {
  const letters = text.match(/\p{L}/gu) ?? [];
  const han = letters.filter((c) => HAN.test(c)).length;
  return han > 0 && han >= letters.length / 2 ? 'zh' : 'en';
}

/** Around a name in letters: no other letter, except Han, which runs into it ("Lola向Frank说"). */
export const NOT_LETTER_BEFORE = '(?<![^\\P{L}\\p{Script=Han}])';
export const NOT_LETTER_AFTER = '(?![^\\P{L}\\p{Script=Han}])';

/**
 * A cast name as a pattern: whole words in scripts with spaces ("Max" is not in "Maxine"), but
 * anywhere in Chinese, whose words run together ("豆豆一直在撒谎").
 */
export function namePattern(name: string): string {
  const body = escapeRegExp(name);
  const before = hasHan(name.charAt(0)) ? '' : NOT_LETTER_BEFORE;
  const after = hasHan(name.charAt(name.length - 1)) ? '' : NOT_LETTER_AFTER;
  return `${before}${body}${after}`;
}

/** Whether `text` names `name` (see namePattern). */
export function mentions(text: string, name: string): boolean {
  return new RegExp(namePattern(name), 'iu').test(text);
}

/** How many Han characters a text has: the length of Chinese, which has no spaces to count words by. */
export function hanLength(text: string): number {
  return text.match(new RegExp(HAN.source, 'g'))?.length ?? 0;
}

/** The shortest Chinese sentence or clause heard as a repeat when it comes back: about four English words' worth. */
export const REPEAT_HAN = 8;

/**
 * What a listener hears again when it comes back in one episode: in Chinese, the sentence and each
 * of its clauses (between ，；：、— and the stops) of REPEAT_HAN characters or more — "咪咪在靠垫上踩起了奶"
 * after another lead-in is the same words twice. Other languages: none (state.ts sayHash keeps their sentences).
 * Keys without punctuation, names kept: the same words about someone else are another line.
 */
export function repeatClauses(sentence: string): string[] {
  if (!hasHan(sentence)) return [];
  const key = (text: string) => text.replace(/[^\p{L}\p{N}]/gu, '').toLowerCase();
  const clauses = sentence.split(/[，,；;：:、—…。！？!?“”「」『』]+/u).map(key);
  return [...new Set([key(sentence), ...clauses])].filter((c) => hanLength(c) >= REPEAT_HAN);
}
