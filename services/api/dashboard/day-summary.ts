import htm from 'htm';
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { type Answer, answer, apiClient } from './api.ts';
import type { paths } from './api-types.ts';
import { formatChange, formatCount, formatDay, formatDecimal, formatInstant, formatShare } from './format.ts';
import type { Labels, Lang } from './i18n.ts';
import './summary.css';

const html = htm.bind(h);

type Summary = Answer<'/v1/summary'>['data'];
type Story = Summary['stories'][number];
/** The platform filter `GET /v1/summary` accepts. */
type SummaryPlatform = NonNullable<NonNullable<paths['/v1/summary']['get']['parameters']['query']>['platform']>;

/** Where the day's report opens inside the dashboard: `#report/2026-11-10` (the view's topic rides in the query string). */
export const reportHash = (day: string) => `#report/${day}`;
/** The day of a report address, or null when the address is not one. */
export function reportDayOf(hash: string): string | null {
  return /^#report\/(\d{4}-\d{2}-\d{2})$/.exec(hash)?.[1] ?? null;
}

/** The weekday of a calendar day, whatever the browser's time zone (`Sabtu`). */
const weekdayOf = (day: string, lang: Lang) =>
  new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', { weekday: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
/** A net sentiment with a true minus sign (`−0,31`). */
const net = (x: number | null, lang: Lang) => (x === null ? '–' : formatDecimal(x, lang, 2).replace('-', '−'));

/** One figure of the summary with what it is compared against. */
function Tile(props: { label: string; value: string; note?: string; testid: string; count?: number }) {
  return html`<div class="tile" data-testid=${props.testid} data-count=${props.count}><span class="tile-label">${props.label}</span>
    <strong class="tile-value">${props.value}</strong>${props.note ? html`<small>${props.note}</small>` : null}</div>`;
}

/** A story of the day: its name, the rule's numbers, the folded terms, example posts with links, and its posts. */
function StoryItem(props: { t: Labels; lang: Lang; story: Story; day: string; onOpenPosts: (title: string, term: string) => void }) {
  const { t, lang, story: s } = props;
  const e = s.evidence;
  const numbers =
    e.z === null
      ? t.storyNew(formatCount(e.count, lang))
      : `${t.storyNumbers(formatCount(e.count, lang), formatDecimal(e.baselineMean, lang))}; ${t.storyZ(formatDecimal(e.z, lang))}`;
  const title = s.title ?? s.term;
  return html`<li class="story" data-testid="story" data-key=${s.key}>
    <h4>${title}</h4>
    <p>${numbers}${s.posts ? ` · ${t.storyPosts(formatCount(s.posts, lang))}` : ''}${
      s.coordinated && s.coordinated.successes > 0 ? ` · ${t.storyCoordinated(formatShare(s.coordinated.share, lang, 0))}` : ''
    }</p>
    ${
      s.related.length > 0
        ? html`<p class="muted"><small>${t.storyFolded(
            s.related
              .slice(0, 8)
              .map((r) => r.term)
              .join(', '),
            Math.max(0, s.related.length - 8),
          )}</small></p>`
        : null
    }
    <ul class="examples">${s.examples.map(
      (
        x,
      ) => html`<li data-testid="story-example"><span class=${`label ${x.label}`}>${t.sentimentLabels[x.label] ?? x.label}</span> ${x.text ?? html`<i>${t.removed}</i>`}
        ${x.url ? html` <a href=${x.url} target="_blank" rel="noopener noreferrer">${t.openOriginal}</a>` : null}
        <small>${t.platforms[x.platform as keyof typeof t.platforms] ?? x.platform} · <time datetime=${x.publishedAt}>${formatInstant(x.publishedAt, lang)}</time>${
          x.sameText && x.sameText > 1 ? ` · ${t.sameText(x.sameText)}` : ''
        }</small></li>`,
    )}</ul>
    <button type="button" class="link" data-term=${s.term} onClick=${() => props.onOpenPosts(`${formatDay(props.day, lang)} · ${title}`, s.term)}>${t.openPosts}</button>
  </li>`;
}

/**
 * "Ringkasan hari ini": the last day of the window in three headlines, its figures against the day before and the same
 * weekday, its spikes as stories and the coverage gaps that matter, from `GET /v1/summary` (what the report says).
 */
export function DaySummary(props: {
  t: Labels;
  lang: Lang;
  apiKey: string;
  day: string;
  topic: string;
  platform: string;
  excludeCoordinated: boolean;
  onOpenPosts: (title: string, params: { term: string; from: string; to: string }) => void;
  onError: (message: string) => void;
}) {
  const { t, lang } = props;
  const [summary, setSummary] = useState<Summary | null>(null);
  useEffect(() => {
    if (!props.day) return;
    let stale = false;
    const query = {
      date: props.day,
      ...(props.topic ? { topic: Number(props.topic) } : {}),
      ...(props.platform ? { platform: props.platform as SummaryPlatform } : {}),
      ...(props.excludeCoordinated ? { excludeCoordinated: true } : {}),
    };
    answer(apiClient(props.apiKey).GET('/v1/summary', { params: { query } }))
      .then((r) => {
        if (!stale) setSummary(r.data);
      })
      .catch((e: unknown) => {
        if (!stale) props.onError(e instanceof Error ? e.message : String(e));
      });
    return () => {
      stale = true;
    };
  }, [props.apiKey, props.day, props.topic, props.platform, props.excludeCoordinated]);
  if (!summary) return null;
  const s = summary;
  const change = (c: { posts: number; change: number | null }) =>
    c.change === null ? (s.posts > 0 && c.posts === 0 ? t.noneBefore : '–') : formatChange(c.change, lang);
  const source = s.net.source === 'validated' ? t.netValidated : t.netModel;
  return html`<section class="day-summary" aria-labelledby="h-day-summary" data-testid="day-summary" data-day=${s.date}>
    <h2 id="h-day-summary">${t.summaryTitle}: ${formatDay(s.date, lang, true)}</h2>
    ${s.platform ? html`<p class="muted" data-testid="summary-platform"><small>${t.summaryOnePlatform(t.platforms[s.platform as keyof typeof t.platforms] ?? s.platform)}</small></p>` : null}
    <ol class="headlines" data-testid="headlines">${(s.headlines[lang] ?? []).map(
      (line, i) => html`<li><b>${t.headlineNames[i]}.</b> ${line}</li>`,
    )}</ol>
    <div class="tiles">
      <${Tile} testid="summary-posts" count=${s.posts} label=${t.tilePosts} value=${formatCount(s.posts, lang)} />
      <${Tile} testid="summary-vs-day" label=${t.tileVsDay} value=${change(s.previousDay)} note=${`${formatDay(s.previousDay.day, lang)}: ${formatCount(s.previousDay.posts, lang)}`} />
      <${Tile} testid="summary-vs-weekday" label=${t.tileVsWeekday(weekdayOf(s.sameWeekday.day, lang))} value=${change(s.sameWeekday)} note=${`${formatDay(s.sameWeekday.day, lang)}: ${formatCount(s.sameWeekday.posts, lang)}`} />
      <${Tile} testid="summary-net" label=${t.tileNet} value=${net(s.net.value, lang)} note=${`${source}${s.net.previousDay === null ? '' : ` · ${t.netYesterday(net(s.net.previousDay, lang))}`}`} />
    </div>
    <h3>${t.storiesTitle}</h3>
    <p class="muted" data-testid="stories-as-of" data-behind=${String(s.storiesAsOf.behind)}><small>${t.storiesAsOf(formatInstant(s.storiesAsOf.computedAt, lang), formatCount(s.storiesAsOf.posts, lang))}${s.storiesAsOf.behind ? ` ${t.storiesBehind}` : ''}</small></p>
    ${s.stories.length === 0 ? html`<p>${s.baselineAvailable ? t.noStories : t.noBaseline}</p>` : null}
    <ul class="stories">${s.stories.map(
      (story) =>
        html`<${StoryItem} t=${t} lang=${lang} story=${story} day=${s.date} onOpenPosts=${(title: string, term: string) => props.onOpenPosts(title, { term, from: s.date, to: s.date })} />`,
    )}</ul>
    ${s.moreStories > 0 ? html`<p class="muted">${t.moreStories(s.moreStories)}</p>` : null}
    <h3>${t.gapsTitle}</h3>
    ${
      s.gaps.length === 0
        ? html`<p data-testid="summary-gaps">${t.noGaps}</p>`
        : html`<ul data-testid="summary-gaps">${s.gaps.map(
            (g) => html`<li class="gap"><b>${g.connector}${g.query ? ` «${g.query}»` : ''}</b>: ${t.gapWords[g.status]}</li>`,
          )}</ul>`
    }
    <p><a href=${`${window.location.search}${reportHash(s.date)}`} data-testid="report-link">${t.readReport}</a></p>
  </section>`;
}
