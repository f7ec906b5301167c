import htm from 'htm';
import { h } from 'preact';
import { addDays, formatChange } from './format.ts';
import type { Labels, Lang } from './i18n.ts';

const html = htm.bind(h);

/** Posts per day over `from`–`to`, a zero for each day without posts (a series lists only days with posts). */
export function filledCounts(from: string, to: string, series: readonly { period: string; posts: number }[]): number[] {
  const byDay = new Map(series.map((p) => [p.period, p.posts]));
  const out: number[] = [];
  for (let day = from; day <= to && out.length < 400; day = addDays(day, 1)) out.push(byDay.get(day) ?? 0);
  return out;
}

/** How a keyword's change was measured: against the previous period, or within the window when data starts inside it. */
export type ChangeBasis = 'previous' | 'halves';

/**
 * A keyword's change. Against the previous period of the same length when the data reaches it; when no keyword has
 * posts there (the data starts inside the window, as with a fresh install), the window's last half against its first.
 * `new`: none before, some now.
 */
export function keywordChange(
  keyword: { posts: number; previousPosts: number; change: number | null },
  counts: readonly number[] | undefined,
  basis: ChangeBasis,
): number | 'new' | null {
  if (basis === 'previous') return keyword.change ?? (keyword.posts > 0 ? 'new' : null);
  const half = Math.floor((counts?.length ?? 0) / 2);
  if (!counts || half === 0) return null;
  const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);
  const last = sum(counts.slice(counts.length - half));
  const before = sum(counts.slice(counts.length - 2 * half, counts.length - half));
  return before > 0 ? last / before - 1 : last > 0 ? 'new' : null;
}

/** The basis of the change column: within the window when no keyword had posts in the previous period. */
export const changeBasisOf = (keywords: readonly { previousPosts: number }[]): ChangeBasis =>
  keywords.length > 0 && keywords.every((k) => k.previousPosts === 0) ? 'halves' : 'previous';

/** The change cell of a keyword. */
export function KeywordChange(props: {
  t: Labels;
  lang: Lang;
  keyword: { posts: number; previousPosts: number; change: number | null };
  counts: readonly number[] | undefined;
  basis: ChangeBasis;
}) {
  const value = keywordChange(props.keyword, props.counts, props.basis);
  const text = value === 'new' ? props.t.changeNew : formatChange(value, props.lang);
  return html`<span data-field="change" data-basis=${props.basis}>${text}${props.basis === 'halves' && value !== null ? '*' : ''}</span>`;
}

/** The note under the keyword table when the change is measured within the window. */
export function KeywordChangeNote(props: { t: Labels; basis: ChangeBasis; days: number }) {
  if (props.basis !== 'halves') return null;
  return html`<p class="muted" data-testid="change-note"><small>* ${props.t.changeHalves(Math.floor(props.days / 2))}</small></p>`;
}
