// The language filter's choices and the language shares of the "how this is computed" panel.

import htm from 'htm';
import { h } from 'preact';
import { formatCount, formatShare } from './format.ts';
import type { Lang } from './i18n.ts';
import type { LANGUAGE_LABELS } from './i18n-language.ts';

const html = htm.bind(h);

/** The codes a post is stored with, in the order of the selector: Indonesian, then the regional languages. */
export const LANGUAGE_CODES = ['id', 'jav', 'sun', 'min', 'bjn', 'ban', 'mad', 'ace', 'bug', 'nij', 'bbc'] as const;

/** Whether a text is one of the language codes (the `language` parameter of the view). */
export const isLanguageCode = (value: string | null): value is (typeof LANGUAGE_CODES)[number] =>
  value !== null && (LANGUAGE_CODES as readonly string[]).includes(value);

type Words = (typeof LANGUAGE_LABELS)['id'];

/** An exclusion reason in words: `language_jav` names its language, other reasons come from `reasons`. */
export function reasonWords(reason: string, t: Words & { reasons: Record<string, string> }): string {
  const code = reason.startsWith('language_') ? reason.slice('language_'.length) : null;
  if (code) return t.languageExcluded(t.languageNames[code] ?? code);
  return t.reasons[reason] ?? reason;
}

/** The counted posts per language with their shares (largest first, as the disclosure lists them). */
export function LanguageShares(props: { t: Words; lang: Lang; languages: Record<string, { posts: number; share: number }> | undefined }) {
  const { t, lang, languages } = props;
  if (!languages || Object.keys(languages).length === 0) return null;
  return html`<p data-testid="language-shares"><b>${t.languagesCounted}</b>: ${Object.entries(languages).map(
    ([code, v], i) =>
      html`${i > 0 ? ' · ' : ''}<span data-language=${code} data-count=${v.posts}>${t.languageNames[code] ?? code} ${formatCount(v.posts, lang)} (${formatShare(v.share, lang)})</span>`,
  )}<br /><small>${t.languagesNote}</small></p>`;
}
