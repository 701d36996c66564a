/** HTML built from templates in which every interpolated value is escaped unless marked safe. */

const SAFE = Symbol('safe-html');

export interface Safe {
  [SAFE]: true;
  html: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Marks markup we built ourselves as safe to insert. */
export function raw(html: string): Safe {
  return { [SAFE]: true, html };
}

export type Value = string | number | boolean | null | undefined | Safe | Value[];

/** A value as HTML: text escaped, our own markup as it is. */
export function render(value: Value): string {
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  if (typeof value === 'object') return value.html;
  return escape(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Safe {
  let out = strings[0]!;
  values.forEach((v, i) => (out += render(v) + strings[i + 1]!));
  return raw(out);
}
