import htm from 'htm';
import { type ComponentType, h } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import { type Answer, answer, apiClient } from './api.ts';
import type { paths } from './api-types.ts';
import { ChartExport, CsvButton, type CsvTable } from './export.ts';
import { addDays, formatCount, formatDay, formatDecimal, formatShare, isDay } from './format.ts';
import type { Labels, Lang } from './i18n.ts';

const html = htm.bind(h);

type Topic = Answer<'/v1/topics'>['data'][number];
type SentimentAnswer = Answer<'/v1/sentiment'>;
type VolumeSeries = Answer<'/v1/volume'>['data']['series'];
/** The dashboard's view the comparison starts from: its window and filters. */
export type CompareBase = Pick<
  NonNullable<paths['/v1/volume']['get']['parameters']['query']>,
  'from' | 'to' | 'platform' | 'topic' | 'excludeCoordinated'
>;

/**
 * A comparison in the address: two topics over the dashboard's window (`cmp=topics&cmpA=3&cmpB=all`), or two periods
 * of the dashboard's topic (`cmp=periods&cmpA=2026-11-01..2026-11-07&cmpB=2026-11-08..2026-11-14`).
 */
export type Comparison = { kind: 'topics'; a: string; b: string } | { kind: 'periods'; a: Period; b: Period };
interface Period {
  from: string;
  to: string;
}

/** The address parameters a comparison owns. */
export const COMPARE_PARAMS = ['cmp', 'cmpA', 'cmpB'] as const;

const topicRef = (value: string | null) => (value && (value === 'all' || /^\d+$/.test(value)) ? value : null);
function period(value: string | null): Period | null {
  const [from, to] = (value ?? '').split('..');
  return from && to && isDay(from) && isDay(to) && from <= to ? { from, to } : null;
}

/** The comparison a query string asks for; null when there is none or it is malformed. */
export function readComparison(search: string): Comparison | null {
  const q = new URLSearchParams(search);
  if (q.get('cmp') === 'topics') {
    const a = topicRef(q.get('cmpA'));
    const b = topicRef(q.get('cmpB'));
    return a && b ? { kind: 'topics', a, b } : null;
  }
  if (q.get('cmp') === 'periods') {
    const a = period(q.get('cmpA'));
    const b = period(q.get('cmpB'));
    return a && b ? { kind: 'periods', a, b } : null;
  }
  return null;
}

/** A query string with the comparison's parameters set (or removed), the others as they were. */
export function withComparison(search: string, comparison: Comparison | null): string {
  const q = new URLSearchParams(search);
  for (const name of COMPARE_PARAMS) q.delete(name);
  if (comparison) {
    q.set('cmp', comparison.kind);
    q.set('cmpA', comparison.kind === 'topics' ? comparison.a : `${comparison.a.from}..${comparison.a.to}`);
    q.set('cmpB', comparison.kind === 'topics' ? comparison.b : `${comparison.b.from}..${comparison.b.to}`);
  }
  const text = q.toString();
  return text ? `?${text}` : '';
}

/** The period of the same length just before a window. */
const previousPeriod = (p: Period): Period => {
  let days = 0;
  while (addDays(p.from, days) < p.to) days++;
  return { from: addDays(p.from, -(days + 1)), to: addDays(p.from, -1) };
};

/** One side's figures. */
interface Side {
  label: string;
  sentiment: SentimentAnswer;
  volume: VolumeSeries;
}

const CLASSES = ['negative', 'neutral', 'positive'] as const;

/**
 * Compare two topics over the dashboard's window, or two periods of its topic, side by side: posts, the class shares
 * with their 95% intervals, the uncertain share, net sentiment, and volume per day; exportable as CSV, PNG and SVG.
 */
export function Compare(props: {
  t: Labels;
  lang: Lang;
  apiKey: string;
  topics: Topic[];
  base: CompareBase;
  /** The dashboard's chart component (uPlot that follows its box's width). */
  Chart: ComponentType<{ options: Omit<uPlot.Options, 'width'>; data: uPlot.AlignedData; label: string }>;
}) {
  const { t, lang, apiKey, topics, base, Chart } = props;
  const [comparison, setComparison] = useState<Comparison | null>(() => readComparison(window.location.search));
  const [sides, setSides] = useState<[Side, Side] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const search = withComparison(window.location.search, comparison);
    if (search !== window.location.search)
      history.replaceState(history.state, '', `${window.location.pathname}${search}${window.location.hash}`);
  }, [comparison]);

  const topicName = (ref: string) => (ref === 'all' ? t.allPosts : (topics.find((tp) => String(tp.id) === ref)?.name ?? `#${ref}`));
  const periodName = (p: Period) => `${formatDay(p.from, lang)} – ${formatDay(p.to, lang, true)}`;

  useEffect(() => {
    if (!comparison) {
      setSides(null);
      return;
    }
    let stale = false;
    const api = apiClient(apiKey);
    const { from, to, platform, excludeCoordinated, topic } = base;
    const common = { ...(platform ? { platform } : {}), ...(excludeCoordinated ? { excludeCoordinated: true } : {}) };
    const queries =
      comparison.kind === 'topics'
        ? [comparison.a, comparison.b].map((ref) => ({
            ...common,
            ...(from ? { from } : {}),
            ...(to ? { to } : {}),
            ...(ref === 'all' ? {} : { topic: Number(ref) }),
          }))
        : [comparison.a, comparison.b].map((p) => ({ ...common, ...(topic ? { topic } : {}), from: p.from, to: p.to }));
    const labels =
      comparison.kind === 'topics'
        ? [topicName(comparison.a), topicName(comparison.b)]
        : [periodName(comparison.a), periodName(comparison.b)];
    Promise.all(
      queries.map(async (query, i) => {
        const [sentiment, volume] = await Promise.all([
          answer(api.GET('/v1/sentiment', { params: { query } })),
          answer(api.GET('/v1/volume', { params: { query } })),
        ]);
        return { label: labels[i] ?? '', sentiment, volume: volume.data.series };
      }),
    )
      .then(([a, b]) => {
        if (stale || !a || !b) return;
        setSides([a, b]);
        setError(null);
      })
      .catch((e: unknown) => {
        if (!stale) setError(e instanceof Error ? e.message : String(e));
      });
    return () => {
      stale = true;
    };
  }, [comparison, base.from, base.to, base.topic, base.platform, base.excludeCoordinated, topics, lang]);

  const start = (kind: Comparison['kind']) => {
    if (kind === 'topics') {
      const first = base.topic ? String(base.topic) : topics[0] ? String(topics[0].id) : 'all';
      const second = topics.find((tp) => String(tp.id) !== first);
      setComparison({ kind, a: first, b: second && first !== 'all' ? String(second.id) : 'all' });
    } else if (base.from && base.to) {
      const b = { from: base.from, to: base.to };
      setComparison({ kind, a: previousPeriod(b), b });
    }
  };

  const rows = useMemo(() => {
    if (!sides) return null;
    const [a, b] = sides.map((s) => s.sentiment.data.total) as [SentimentAnswer['data']['total'], SentimentAnswer['data']['total']];
    const uncertain = (x: typeof a) => (x.posts > 0 ? x.abstained / x.posts : null);
    const points = (x: number | null, y: number | null) =>
      x === null || y === null ? '–' : `${y - x >= 0 ? '+' : '−'}${formatDecimal(Math.abs(100 * (y - x)), lang)} ${t.points}`;
    return [
      {
        key: 'posts',
        name: t.posts,
        a: formatCount(a.posts, lang),
        b: formatCount(b.posts, lang),
        diff: formatCount(b.posts - a.posts, lang),
      },
      ...CLASSES.map((k) => ({
        key: k,
        name: t.compareShare(t[k]),
        a: `${formatShare(a.shares[k].share, lang)} (${formatShare(a.shares[k].low, lang)}–${formatShare(a.shares[k].high, lang)})`,
        b: `${formatShare(b.shares[k].share, lang)} (${formatShare(b.shares[k].low, lang)}–${formatShare(b.shares[k].high, lang)})`,
        diff: points(a.shares[k].share, b.shares[k].share),
      })),
      {
        key: 'abstained',
        name: t.abstained,
        a: formatShare(uncertain(a), lang),
        b: formatShare(uncertain(b), lang),
        diff: points(uncertain(a), uncertain(b)),
      },
      {
        key: 'net',
        name: t.netSentiment,
        a: a.netSentiment === null ? '–' : formatDecimal(100 * a.netSentiment, lang),
        b: b.netSentiment === null ? '–' : formatDecimal(100 * b.netSentiment, lang),
        diff: points(a.netSentiment, b.netSentiment),
      },
    ];
  }, [sides, lang]);

  const csv = useMemo((): CsvTable | null => {
    if (!sides) return null;
    const head = ['side', 'label', 'from', 'to', 'posts', 'abstained', 'answered'];
    for (const k of CLASSES) head.push(`${k}_count`, `${k}_share`, `${k}_low`, `${k}_high`);
    head.push('net_sentiment');
    return {
      head,
      rows: sides.map((s, i) => {
        const x = s.sentiment.data.total;
        return [
          i === 0 ? 'A' : 'B',
          s.label,
          s.sentiment.disclosure.window.from,
          s.sentiment.disclosure.window.to,
          x.posts,
          x.abstained,
          x.answered,
          ...CLASSES.flatMap((k) => [x.counts[k], x.shares[k].share, x.shares[k].low, x.shares[k].high]),
          x.netSentiment,
        ];
      }),
    };
  }, [sides]);

  const chart = useMemo(() => {
    if (!sides || !comparison) return null;
    const [a, b] = sides;
    const length = Math.max(a.volume.length, b.volume.length);
    const index = Array.from({ length }, (_, i) => i);
    const dayLabel = (i: number) =>
      comparison.kind === 'topics' ? formatDay(a.volume[i]?.period ?? b.volume[i]?.period ?? '', lang) : t.dayN(i + 1);
    const value = (_u: uPlot, v: number | null) => (v === null ? '–' : formatCount(v, lang));
    return {
      data: [index, index.map((i) => a.volume[i]?.posts ?? null), index.map((i) => b.volume[i]?.posts ?? null)] as uPlot.AlignedData,
      options: {
        height: 200,
        scales: { x: { time: false } },
        axes: [
          { values: (_u: uPlot, splits: number[]) => splits.map((x) => (Number.isInteger(x) ? dayLabel(x) : '')), space: 48 },
          { values: (_u: uPlot, v: number[]) => v.map((y) => formatCount(y, lang)) },
        ],
        series: [
          {
            label: comparison.kind === 'topics' ? t.day : t.dayOfPeriod,
            value: (_u: uPlot, x: number | null) => (x === null ? '–' : dayLabel(x)),
          },
          { label: `A: ${a.label}`, stroke: '#1f4e79', width: 2, value },
          { label: `B: ${b.label}`, stroke: '#d35400', width: 2, value },
        ],
      },
    };
  }, [sides, lang]);

  // File names: the two topics compared, or the dashboard's topic whose periods are compared.
  const scope = {
    topic:
      comparison?.kind === 'topics'
        ? `${topicName(comparison.a)} vs ${topicName(comparison.b)}`
        : base.topic
          ? topicName(String(base.topic))
          : undefined,
    from: base.from,
    to: base.to,
  };
  const topicOptions = [{ value: 'all', name: t.allPosts }, ...topics.map((tp) => ({ value: String(tp.id), name: tp.name }))];
  const topicSelect = (side: 'a' | 'b', value: string) => html`<label>${side.toUpperCase()}
    <select name=${`compare-${side}`} value=${value} onChange=${(e: Event) =>
      comparison?.kind === 'topics' && setComparison({ ...comparison, [side]: (e.target as HTMLSelectElement).value })}>
      ${topicOptions.map((o) => html`<option value=${o.value}>${o.name}</option>`)}
    </select></label>`;
  const periodInputs = (side: 'a' | 'b', p: Period) => html`<fieldset><legend>${t.period} ${side.toUpperCase()}</legend>
    <label>${t.from} <input type="date" name=${`compare-${side}-from`} value=${p.from} onChange=${(e: Event) => {
      const from = (e.target as HTMLInputElement).value;
      if (comparison?.kind === 'periods' && isDay(from) && from <= p.to) setComparison({ ...comparison, [side]: { ...p, from } });
    }} /></label>
    <label>${t.to} <input type="date" name=${`compare-${side}-to`} value=${p.to} onChange=${(e: Event) => {
      const to = (e.target as HTMLInputElement).value;
      if (comparison?.kind === 'periods' && isDay(to) && p.from <= to) setComparison({ ...comparison, [side]: { ...p, to } });
    }} /></label></fieldset>`;

  return html`<section aria-labelledby="h-compare" data-testid="compare">
    <h2 id="h-compare">${t.compareTitle}</h2>
    <div class="compare-modes" role="group" aria-label=${t.compareTitle}>
      <button type="button" data-compare="topics" aria-pressed=${comparison?.kind === 'topics'} onClick=${() => start('topics')}>${t.compareTopics}</button>
      <button type="button" data-compare="periods" aria-pressed=${comparison?.kind === 'periods'} disabled=${!base.from || !base.to} onClick=${() => start('periods')}>${t.comparePeriods}</button>
      ${comparison ? html`<button type="button" data-compare="off" onClick=${() => setComparison(null)}>${t.compareOff}</button>` : null}
    </div>
    ${
      comparison?.kind === 'topics'
        ? html`<div class="compare-controls">${topicSelect('a', comparison.a)} ${topicSelect('b', comparison.b)}
            <span class="muted">${base.from && base.to ? periodName({ from: base.from, to: base.to }) : ''}</span></div>`
        : null
    }
    ${
      comparison?.kind === 'periods'
        ? html`<div class="compare-controls">${periodInputs('a', comparison.a)} ${periodInputs('b', comparison.b)}
            <span class="muted">${topicName(String(base.topic ?? 'all'))}</span></div>`
        : null
    }
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    ${
      comparison && sides && rows
        ? html`<div class="scroll"><table class="data compare" data-testid="compare-table"><thead><tr><th></th>
              <th scope="col" data-side="a">A: ${sides[0].label}</th><th scope="col" data-side="b">B: ${sides[1].label}</th><th scope="col">${t.difference}</th></tr></thead>
            <tbody>${rows.map((r) => html`<tr data-row=${r.key}><th scope="row">${r.name}</th><td data-side="a">${r.a}</td><td data-side="b">${r.b}</td><td>${r.diff}</td></tr>`)}</tbody></table></div>
          ${csv ? html`<p class="exports-row"><${CsvButton} t=${t} table=${csv} scope=${scope} what="perbandingan" label=${t.compareTitle} /></p>` : null}
          <p class="muted">${t.compareNote}</p>
          ${
            chart
              ? html`<h3>${t.compareVolume}</h3><${Chart} options=${chart.options} data=${chart.data} label=${t.compareVolume} />
                <${ChartExport} t=${t} chart=${chart} title=${`${t.compareVolume}: A ${sides[0].label} · B ${sides[1].label}`} scope=${scope} what="perbandingan-volume" />`
              : null
          }`
        : null
    }
  </section>`;
}
