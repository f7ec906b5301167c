import htm from 'htm';
import { h, render } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { AlertRulesEditor } from './alert-rules.ts';
import { AlertList } from './alerts.ts';
import { type Answer, ApiError, answer, apiClient, KEY_STORAGE, SESSION_KEY } from './api.ts';
import type { components, paths } from './api-types.ts';
import { Compare } from './compare.ts';
import { CoordinationClusters } from './coordination-clusters.ts';
import { DaySummary, reportDayOf } from './day-summary.ts';
import { EmotionPanel } from './emotions.ts';
import { ChartExport, CsvButton } from './export.ts';
import { coverageCsv, keywordsCsv, sentimentBands, sentimentCsv, validatedCsv, volumeCsv } from './export-tables.ts';
import { addDays, formatCompact, formatCount, formatDay, formatDecimal, formatShare, isDay, monthStart } from './format.ts';
import { LABELS, type Labels, type Lang } from './i18n.ts';
import { changeBasisOf, filledCounts, KeywordChange, KeywordChangeNote } from './keyword-change.ts';
import { sparklinesChart } from './keyword-sparklines.ts';
import { Labelling } from './labelling.ts';
import { isLanguageCode, LANGUAGE_CODES, LanguageShares, reasonWords } from './languages.ts';
import { ModelVersions } from './model-versions.ts';
import { PostsDialog, type PostsFilter, type PostsRequest } from './posts-dialog.ts';
import { RepeatedTexts } from './repeated-texts.ts';
import { ReportView } from './report-view.ts';
import { restoreSession, SignInPage } from './signin.ts';
import { Subscriptions } from './subscriptions.ts';
import { TopPosts } from './top-posts.ts';
import { Topics } from './topics.ts';
import { UserMenu, useMe } from './user-menu.ts';
import { UsersAdmin } from './users-admin.ts';
import './style.css';

const html = htm.bind(h);

/** The disclosure of every aggregate answer (the `Disclosure` schema of @pantau/disclosure, through the document). */
type Disclosure = components['schemas']['Disclosure'];
type Sentiment = Answer<'/v1/sentiment'>['data'];
type Keyword = Answer<'/v1/keywords/top'>['data']['keywords'][number];
type Topic = Answer<'/v1/topics'>['data'][number];
/** A platform a reader can filter on: the `platform` parameter the aggregate endpoints accept. */
type Platform = NonNullable<NonNullable<paths['/v1/sentiment']['get']['parameters']['query']>['platform']>;
/** The platforms of the filter (`PLATFORMS` of the contracts, in reading order). */
const PLATFORM_FILTER: readonly Platform[] = ['x', 'facebook', 'instagram', 'youtube', 'tiktok', 'news', 'app_review', 'forum', 'other'];
const isPlatform = (value: string): value is Platform => (PLATFORM_FILTER as readonly string[]).includes(value);

/** A macro-F1 interval as ` (95% CI 81.6–87.2)`; nothing without one. */
const ciText = (ci: number[] | undefined, t: Labels, lang: Lang) => {
  const [low, high] = ci ?? [];
  return low === undefined || high === undefined ? '' : ` (${t.ci95} ${formatDecimal(100 * low, lang)}–${formatDecimal(100 * high, lang)})`;
};
const interval = (lang: Lang, estimate: number | null, low: number | null, high: number | null) =>
  estimate === null ? '–' : `${formatShare(estimate, lang)} (${formatShare(low, lang)}–${formatShare(high, lang)})`;

/** The day of an x position on a chart whose x values are the indices of `days`; nothing between days. */
const dayAt = (days: readonly string[], x: number | null, lang: Lang) => {
  if (x === null || !Number.isInteger(x)) return '';
  const day = days[x];
  return day === undefined ? '' : formatDay(day, lang);
};

/**
 * The x axis of a daily chart. Days are plotted at their index, not as instants: a day never passes through the
 * browser's time zone, and a window of one day spans one day, not an automatic range of years.
 */
function dayScale(days: readonly string[], lang: Lang, label: string) {
  return {
    scale: { time: false, range: (_u: uPlot, min: number, max: number): uPlot.Range.MinMax => [min - 0.5, max + 0.5] },
    axis: {
      space: 48,
      incrs: [1, 2, 7, 14, 28, 56, 91, 182, 364],
      values: (_u: uPlot, splits: number[]) => splits.map((x) => dayAt(days, x, lang)),
    },
    series: { label, value: (_u: uPlot, x: number | null) => dayAt(days, x, lang) || '–' },
  };
}

/** Fills the interval between two series as a band under the lines (drawn, not listed as series in the legend). */
function drawBand(u: uPlot, low: readonly (number | null)[], high: readonly (number | null)[], fill: string) {
  const ctx = u.ctx;
  const halfWidth = Math.max(2, 3 * devicePixelRatio);
  ctx.save();
  ctx.fillStyle = fill;
  let run: number[] = [];
  const flush = () => {
    if (run.length === 0) return;
    const xOf = (i: number) => u.valToPos(i, 'x', true);
    // A lone day is a narrow bar around its point; a run of days is the area between the bounds.
    const only = run.length === 1 ? (run[0] ?? 0) : null;
    const at = only === null ? run : [only, only];
    const xs = only === null ? run.map(xOf) : [xOf(only) - halfWidth, xOf(only) + halfWidth];
    ctx.beginPath();
    at.forEach((i, j) => {
      const y = u.valToPos(high[i] ?? 0, 'y', true);
      if (j === 0) ctx.moveTo(xs[j] ?? 0, y);
      else ctx.lineTo(xs[j] ?? 0, y);
    });
    for (let j = at.length - 1; j >= 0; j--) ctx.lineTo(xs[j] ?? 0, u.valToPos(low[at[j] ?? 0] ?? 0, 'y', true));
    ctx.closePath();
    ctx.fill();
    run = [];
  };
  low.forEach((l, i) => {
    if (l === null || high[i] === null || high[i] === undefined) flush();
    else run.push(i);
  });
  flush();
  ctx.restore();
}

/** The route lives in the URL fragment (`#label`, `#label/ID`) so a labelling task can be bookmarked. */
function route(): { view: 'dashboard' | 'label' | 'users' | 'alert-rules' | 'subscriptions'; taskId: number | null } {
  if (window.location.hash === '#users') return { view: 'users', taskId: null };
  if (window.location.hash === '#alert-rules') return { view: 'alert-rules', taskId: null };
  if (window.location.hash === '#subscriptions') return { view: 'subscriptions', taskId: null };
  const match = /^#label(?:\/(\d+))?$/.exec(window.location.hash);
  if (!match) return { view: 'dashboard', taskId: null };
  return { view: 'label', taskId: match[1] ? Number(match[1]) : null };
}

/**
 * The window's shares beside the sentiment chart: validated (PPI++ from a task's gold labels) next to model-only, each
 * named, or a plain warning that the model was not validated on these posts.
 */
function WindowShares(props: { t: Labels; lang: Lang; total: Sentiment['total']; validation: Disclosure['validation'] }) {
  const { t, lang, total, validation } = props;
  const validated = total.validated;
  const classes = [
    ['negative', t.negative],
    ['neutral', t.neutral],
    ['positive', t.positive],
  ] as const;
  const taskName = validation?.task && validated && validation.task.id === validated.task ? ` ${validation.task.name}` : '';
  return html`${
    validation?.status === 'none'
      ? html`<p class="notice unvalidated" role="note" data-testid="not-validated"><strong>⚠ ${t.notValidated}</strong>${validation.reason ? html`: ${english(validation.reason)}` : null}</p>`
      : null
  }
  ${
    validated
      ? html`<h3>${t.validatedShares}</h3><div class="scroll"><table class="data validated" data-testid="validated-shares"><thead><tr><th></th>
          <th data-testid="validated-column">${t.validatedColumn(validated.labels, `#${validated.task}${taskName}`)}</th><th>${t.modelOnly}</th></tr></thead><tbody>
          ${classes.map(
            ([k, name]) => html`<tr data-class=${k}><th scope="row">${name}</th>
              <td data-field="validated"><b>${interval(lang, validated.shares[k].estimate, validated.shares[k].low, validated.shares[k].high)}</b></td>
              <td data-field="model">${interval(lang, total.shares[k].share, total.shares[k].low, total.shares[k].high)}</td></tr>`,
          )}
          <tr class="out-of-scope"><th colspan="3" scope="rowgroup"><small>${t.outOfScope}</small></th></tr>
          ${(
            [
              ['not_relevant', t.labelNotRelevant],
              ['not_indonesian', t.labelNotIndonesian],
            ] as const
          ).map(
            ([k, name]) => html`<tr data-class=${k} class="out-of-scope"><th scope="row">${name}</th>
              <td data-field="validated">${interval(lang, validated.outOfScope[k].estimate, validated.outOfScope[k].low, validated.outOfScope[k].high)}</td><td>–</td></tr>`,
          )}
        </tbody></table></div>`
      : null
  }`;
}

/** The disclosure's `validation` block for the "how this is computed" panel. */
function ValidationDisclosure(props: { t: Labels; lang: Lang; validation: NonNullable<Disclosure['validation']> }) {
  const { t, lang, validation: v } = props;
  const fixed = (x: number | null, digits: number) => (x === null ? '–' : formatDecimal(x, lang, digits));
  return html`<div data-testid="validation">
    <p><b>${t.validation}</b>: ${
      v.status === 'none'
        ? html`<strong class="warn">${t.notValidated}</strong>${v.reason ? html`: ${english(v.reason)}` : ''}`
        : html`${t.task} ${v.task ? `#${v.task.id} ${v.task.name} (${formatDay(v.task.from, lang, true)} – ${formatDay(v.task.to, lang, true)})` : ''}`
    }<br />
    ${v.labels} ${t.labels} · ${v.annotators} ${t.annotators} · ${t.alpha} ${fixed(v.alpha, 2)} · ${t.inDomainF1} ${v.inDomainMacroF1 === null ? '–' : formatDecimal(100 * v.inDomainMacroF1, lang)}</p>
    ${
      // The method statement runs to formulas and references: its first sentence shows, the rest opens on demand.
      (() => {
        const cut = v.method.search(/\.\s/);
        return cut < 0
          ? html`<p><b>${t.validationMethod}</b>: ${english(v.method)}</p>`
          : html`<details class="method-text"><summary><b>${t.validationMethod}</b>: ${english(v.method.slice(0, cut + 1))}</summary><p lang="en">${v.method.slice(cut + 2)}</p></details>`;
      })()
    }
    ${v.notes && v.notes.length > 0 ? html`<ul lang="en">${v.notes.map((n) => html`<li>${n}</li>`)}</ul>` : null}
  </div>`;
}

/** A uPlot chart that redraws when its data changes. */
function Chart(props: { options: Omit<uPlot.Options, 'width'>; data: uPlot.AlignedData; label: string; width?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const widthOf = () => props.width ?? Math.max(200, el.clientWidth || 600);
    const plot = new uPlot({ ...props.options, width: widthOf() } as uPlot.Options, props.data, el);
    // Follow the layout (a phone held upright, a resized window) instead of keeping the first width.
    const observer = props.width ? null : new ResizeObserver(() => plot.setSize({ width: widthOf(), height: props.options.height }));
    observer?.observe(el);
    return () => {
      observer?.disconnect();
      plot.destroy();
    };
  }, [props.data, props.options]);
  return html`<div class="chart" ref=${ref} role="img" aria-label=${props.label}></div>`;
}

function Sparkline(props: { values: number[] }) {
  const data = useMemo(() => [props.values.map((_, i) => i), props.values] as uPlot.AlignedData, [props.values]);
  const options = useMemo(
    () => ({
      height: 28,
      legend: { show: false },
      cursor: { show: false },
      axes: [{ show: false }, { show: false }],
      scales: { x: { time: false } },
      series: [{}, { stroke: '#2c3e50', width: 1.5, points: { show: false } }],
    }),
    [],
  );
  return html`<${Chart} options=${options} data=${data} width=${120} label=${props.values.join(', ')} />`;
}

function SignIn(props: { t: Labels; onKey: (key: string) => void; error: string | null }) {
  const [key, setKey] = useState('');
  return html`<form class="signin" onSubmit=${(e: Event) => {
    e.preventDefault();
    props.onKey(key.trim());
  }}>
    <h1>${props.t.title}</h1>
    <label>${props.t.apiKey} <input type="password" name="apiKey" autocomplete="off" value=${key} onInput=${(e: Event) => setKey((e.target as HTMLInputElement).value)} /></label>
    <button type="submit">${props.t.signIn}</button>
    ${props.error ? html`<p class="error" role="alert">${props.error}</p>` : null}
  </form>`;
}

const LANG_STORAGE = 'pantau.lang';
const isLang = (value: string | null): value is Lang => value === 'id' || value === 'en';
/** The language chosen before, Indonesian when none was. */
function storedLang(): Lang {
  try {
    const value = localStorage.getItem(LANG_STORAGE);
    return isLang(value) ? value : 'id';
  } catch {
    return 'id';
  }
}

/**
 * The view in the query string (`?topic=3&from=2026-11-01&to=2026-11-14&platform=x&excludeCoordinated=true&lang=en`),
 * so that a view can be bookmarked and shared; what is missing or malformed falls back to the defaults.
 */
interface ViewState {
  topic: string;
  platform: Platform | '';
  from: string;
  to: string;
  excludeCoordinated: boolean;
  lang: Lang | null;
  /** The posts' language filter (`language=jav`); '' for every language. */
  language: string;
}

function readView(search: string): ViewState {
  const q = new URLSearchParams(search);
  const text = (name: string) => q.get(name) ?? '';
  const platform = text('platform');
  const lang = q.get('lang');
  return {
    topic: /^\d+$/.test(text('topic')) ? text('topic') : '',
    platform: isPlatform(platform) ? platform : '',
    from: isDay(text('from')) ? text('from') : '',
    to: isDay(text('to')) ? text('to') : '',
    excludeCoordinated: q.get('excludeCoordinated') === 'true',
    lang: isLang(lang) ? lang : null,
    language: isLanguageCode(q.get('language')) ? (q.get('language') as string) : '',
  };
}

const VIEW_PARAMS = new Set(['topic', 'platform', 'from', 'to', 'excludeCoordinated', 'lang', 'language']);

function viewSearch(view: ViewState): string {
  const q = new URLSearchParams();
  if (view.topic) q.set('topic', view.topic);
  if (view.platform) q.set('platform', view.platform);
  if (view.from) q.set('from', view.from);
  if (view.to) q.set('to', view.to);
  if (view.excludeCoordinated) q.set('excludeCoordinated', 'true');
  if (view.lang) q.set('lang', view.lang);
  if (view.language) q.set('language', view.language);
  // Parameters kept by other panels (a comparison) stay as they are.
  for (const [name, value] of new URLSearchParams(window.location.search)) if (!VIEW_PARAMS.has(name)) q.append(name, value);
  const text = q.toString();
  return text ? `?${text}` : '';
}

/** The quick ranges: a number of days, or the month so far, ending at the window's last day. */
const PRESETS = [7, 14, 30, 90, 'month'] as const;
const presetFrom = (preset: (typeof PRESETS)[number], to: string) => (preset === 'month' ? monthStart(to) : addDays(to, -(preset - 1)));

/** Prose the API states only in English (method notes, caveats), marked as English for readers and screen readers. */
const english = (text: string) => html`<span lang="en">${text}</span>`;

function App() {
  // Read once: what the address asked for when the page was opened.
  const [opened] = useState(() => readView(window.location.search));
  const [lang, setLang] = useState<Lang>(() => opened.lang ?? storedLang());
  const t = LABELS[lang];
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t.title;
    try {
      localStorage.setItem(LANG_STORAGE, lang);
    } catch {
      // Storage can be refused (private mode): the choice then lasts until the page is left.
    }
  }, [lang]);
  const [key, setKey] = useState<string | null>(sessionStorage.getItem(KEY_STORAGE));
  const [signInError, setSignInError] = useState<string | null>(null);
  // A key made only for labelling (annotate without read) signs in, but the dashboard says it cannot show figures.
  const [canRead, setCanRead] = useState(true);
  const [where, setWhere] = useState(route());
  useEffect(() => {
    const onHash = () => setWhere(route());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const [topics, setTopics] = useState<Topic[]>([]);
  const [topic, setTopic] = useState<string>(opened.topic);
  const [platform, setPlatform] = useState<Platform | ''>(opened.platform);
  const [from, setFrom] = useState(opened.from);
  const [to, setTo] = useState(opened.to);
  // The API's default window (the days up to the latest with data) is filled in, but put in the address only once
  // the reader picks a window: a bookmark of the default view keeps following the latest days.
  const [windowChosen, setWindowChosen] = useState(opened.from !== '' || opened.to !== '');
  const [withoutCoordinated, setWithoutCoordinated] = useState(opened.excludeCoordinated);
  const [language, setLanguage] = useState(opened.language);
  useEffect(() => {
    const search = viewSearch({
      topic,
      platform,
      from: windowChosen ? from : '',
      to: windowChosen ? to : '',
      excludeCoordinated: withoutCoordinated,
      lang,
      language,
    });
    if (search !== window.location.search)
      history.replaceState(history.state, '', `${window.location.pathname}${search}${window.location.hash}`);
  }, [topic, platform, from, to, windowChosen, withoutCoordinated, lang, language]);
  const chooseWindow = (nextFrom: string, nextTo: string) => {
    setWindowChosen(true);
    setFrom(nextFrom);
    setTo(nextTo);
  };
  const [state, setState] = useState<'idle' | 'loading' | 'ready' | 'error'>('idle');
  const [error, setError] = useState<string | null>(null);
  const [sentiment, setSentiment] = useState<Sentiment | null>(null);
  const [disclosure, setDisclosure] = useState<Disclosure | null>(null);
  const [volume, setVolume] = useState<Answer<'/v1/volume'>['data']['series']>([]);
  const [keywords, setKeywords] = useState<Keyword[]>([]);
  const [sparks, setSparks] = useState<Record<string, number[]>>({});
  const [sparksFrom, setSparksFrom] = useState('');
  const [posts, setPosts] = useState<PostsRequest | null>(null);

  const query = () => ({
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(topic ? { topic: Number(topic) } : {}),
    ...(platform ? { platform } : {}),
    ...(withoutCoordinated ? { excludeCoordinated: true } : {}),
    ...(language ? { language } : {}),
  });

  // `remembered`: re-checking the key kept from an earlier sign-in, which a sign-out meanwhile must not bring back.
  const signIn = async (candidate: string, remembered = false) => {
    try {
      const list = await answer(apiClient(candidate).GET('/v1/topics')).catch((e: unknown) => {
        // 403 means the key is known but lacks read: still signed in, for the labelling view.
        if (e instanceof ApiError && e.status === 403) return null;
        throw e;
      });
      if (remembered && sessionStorage.getItem(KEY_STORAGE) !== candidate) return;
      sessionStorage.setItem(KEY_STORAGE, candidate);
      setTopics(list?.data ?? []);
      setCanRead(list !== null);
      setKey(candidate);
      setSignInError(null);
    } catch (e) {
      sessionStorage.removeItem(KEY_STORAGE);
      setKey(null);
      setSignInError(
        e instanceof ApiError && e.status === 401
          ? candidate === SESSION_KEY
            ? t.sessionEnded
            : t.badKey
          : e instanceof Error
            ? e.message
            : String(e),
      );
    }
  };

  useEffect(() => {
    // A session is the browser's cookie: picked up again on a new tab or after a reload, dropped when it has ended.
    if (key === SESSION_KEY || !key)
      void restoreSession().then((ok) => {
        if (ok) void signIn(SESSION_KEY, key === SESSION_KEY);
        else if (key) {
          sessionStorage.removeItem(KEY_STORAGE);
          setKey(null);
        }
      });
    else if (topics.length === 0) void signIn(key, true);
  }, []);
  const me = useMe(key);

  useEffect(() => {
    if (!key || !canRead || where.view !== 'dashboard') return;
    let stale = false;
    setState('loading');
    (async () => {
      const windowQuery = query();
      const api = apiClient(key);
      const s = await answer(api.GET('/v1/sentiment', { params: { query: windowQuery } }));
      const [v, k] = await Promise.all([
        answer(api.GET('/v1/volume', { params: { query: windowQuery } })),
        answer(api.GET('/v1/keywords/top', { params: { query: { ...windowQuery, limit: 10 } } })),
      ]);
      const series = await Promise.all(
        k.data.keywords.map((kw) =>
          answer(api.GET('/v1/keywords/{term}/series', { params: { path: { term: kw.term }, query: windowQuery } })),
        ),
      );
      if (stale) return;
      if (!from) setFrom(s.disclosure.window.from);
      if (!to) setTo(s.disclosure.window.to);
      setSentiment(s.data);
      setDisclosure(s.disclosure);
      setVolume(v.data.series);
      setKeywords(k.data.keywords);
      const { from: first, to: last } = k.data.window;
      setSparks(Object.fromEntries(k.data.keywords.map((kw, i) => [kw.key, filledCounts(first, last, series[i]?.data.series ?? [])])));
      setSparksFrom(first);
      setState('ready');
      setError(null);
    })().catch((e: unknown) => {
      if (stale) return;
      if (e instanceof ApiError && e.status === 401) {
        sessionStorage.removeItem(KEY_STORAGE);
        setKey(null);
        setSignInError(key === SESSION_KEY ? t.sessionEnded : t.badKey);
        return;
      }
      setState('error');
      setError(e instanceof Error ? e.message : String(e));
    });
    return () => {
      stale = true;
    };
  }, [key, topic, platform, from, to, withoutCoordinated, language, canRead, where.view]);

  // Every count opens the posts behind it (the dialog reads them page by page).
  const openMentions = (title: string, params: PostsFilter = {}) => setPosts({ title, filter: { ...query(), ...params } });

  const sentimentChart = useMemo(() => {
    if (!sentiment || sentiment.series.length === 0) return null;
    const days = sentiment.series.map((p) => p.period);
    const x = dayScale(days, lang, t.day);
    const share = (k: 'negative' | 'positive', f: 'share' | 'low' | 'high') => sentiment.series.map((p) => p.shares[k][f]);
    const data = [
      days.map((_, i) => i),
      share('negative', 'share'),
      share('positive', 'share'),
      sentiment.series.map((p) => (p.posts > 0 ? p.abstained / p.posts : null)),
    ] as uPlot.AlignedData;
    const asShare = (_u: uPlot, v: number | null) => formatShare(v, lang);
    const options = {
      height: 240,
      scales: { x: x.scale, y: { range: [0, 1] as [number, number] } },
      axes: [x.axis, { values: (_: uPlot, v: number[]) => v.map((y) => formatShare(y, lang, 0)) }],
      series: [
        x.series,
        { label: t.negative, stroke: '#c0392b', width: 2, value: asShare },
        { label: t.positive, stroke: '#27ae60', width: 2, value: asShare },
        { label: t.abstained, stroke: '#95a5a6', width: 1, value: asShare },
      ],
      // The 95% intervals are shaded bands: drawn under the lines, not series of their own.
      hooks: {
        drawAxes: [
          (u: uPlot) => {
            drawBand(u, share('negative', 'low'), share('negative', 'high'), 'rgba(192,57,43,0.15)');
            drawBand(u, share('positive', 'low'), share('positive', 'high'), 'rgba(39,174,96,0.15)');
          },
        ],
      },
    };
    return { data, options };
  }, [sentiment, lang]);

  const volumeChart = useMemo(() => {
    if (volume.length === 0) return null;
    const days = volume.map((p) => p.period);
    const x = dayScale(days, lang, t.day);
    const data = [days.map((_, i) => i), volume.map((p) => p.posts)] as uPlot.AlignedData;
    return {
      data,
      options: {
        height: 160,
        scales: { x: x.scale },
        axes: [x.axis, { values: (_: uPlot, v: number[]) => v.map((y) => formatCompact(y, lang)) }],
        series: [
          x.series,
          {
            label: t.posts,
            stroke: '#2c3e50',
            fill: 'rgba(44,62,80,0.15)',
            width: 2,
            value: (_u: uPlot, v: number | null) => (v === null ? '–' : formatCount(v, lang)),
          },
        ],
      },
    };
  }, [volume, lang]);

  const exportScope = { topic: topics.find((tp) => String(tp.id) === topic)?.name, from, to };
  const sparkChart = useMemo(() => sparklinesChart(keywords, sparks, sparksFrom, lang, t.day), [keywords, sparks, sparksFrom, lang]);

  if (!key)
    return html`<main><div class="bar"><span></span><button lang=${lang === 'id' ? 'en' : 'id'} onClick=${() => setLang(lang === 'id' ? 'en' : 'id')}>${t.language}</button></div><${SignInPage} t=${t} onSession=${() => void signIn(SESSION_KEY)}><${SignIn} t=${t} onKey=${signIn} error=${signInError} /></${SignInPage}></main>`;

  const nav = html`<nav class="views" aria-label="Pantau">
    <a href="#" aria-current=${where.view === 'dashboard' ? 'page' : undefined}>${t.dashboardView}</a>
    <a href="#label" aria-current=${where.view === 'label' ? 'page' : undefined}>${t.labellingView}</a>
    ${me?.user ? html`<a href="#subscriptions" aria-current=${where.view === 'subscriptions' ? 'page' : undefined}>${t.subscriptionsView}</a>` : null}
    ${me?.scopes.includes('admin') ? html`<a href="#users" aria-current=${where.view === 'users' ? 'page' : undefined}>${t.usersView}</a>` : null}
    ${me?.scopes.includes('admin') ? html`<a href="#alert-rules" aria-current=${where.view === 'alert-rules' ? 'page' : undefined}>${t.rulesView}</a>` : null}
  </nav>`;
  const signOut = () => {
    sessionStorage.removeItem(KEY_STORAGE);
    setKey(null);
  };
  if (where.view === 'users')
    return html`<main>
      <header class="bar"><strong>Pantau</strong>${nav}<span class="spacer"></span>
        <button lang=${lang === 'id' ? 'en' : 'id'} onClick=${() => setLang(lang === 'id' ? 'en' : 'id')}>${t.language}</button>
        <${UserMenu} t=${t} apiKey=${key} me=${me} onSignOut=${signOut} />
      </header>
      <${UsersAdmin} t=${t} apiKey=${key} />
    </main>`;
  if (where.view === 'alert-rules')
    return html`<main>
      <header class="bar"><strong>Pantau</strong>${nav}<span class="spacer"></span>
        <button lang=${lang === 'id' ? 'en' : 'id'} onClick=${() => setLang(lang === 'id' ? 'en' : 'id')}>${t.language}</button>
        <${UserMenu} t=${t} apiKey=${key} me=${me} onSignOut=${signOut} />
      </header>
      <${AlertRulesEditor} t=${t} apiKey=${key} admin=${me ? me.scopes.includes('admin') : null} topics=${topics} />
    </main>`;
  if (where.view === 'subscriptions')
    return html`<main>
      <header class="bar"><strong>Pantau</strong>${nav}<span class="spacer"></span>
        <button lang=${lang === 'id' ? 'en' : 'id'} onClick=${() => setLang(lang === 'id' ? 'en' : 'id')}>${t.language}</button>
        <${UserMenu} t=${t} apiKey=${key} me=${me} onSignOut=${signOut} />
      </header>
      <${Subscriptions} t=${t} lang=${lang} apiKey=${key} topics=${topics} />
    </main>`;
  if (where.view === 'label')
    return html`<main>
      <header class="bar"><strong>Pantau</strong>${nav}<span class="spacer"></span>
        <button lang=${lang === 'id' ? 'en' : 'id'} onClick=${() => setLang(lang === 'id' ? 'en' : 'id')}>${t.language}</button>
        <${UserMenu} t=${t} apiKey=${key} me=${me} onSignOut=${signOut} />
      </header>
      <${Labelling} t=${t} apiKey=${key} taskId=${where.taskId} topics=${topics} />
    </main>`;

  const reportDay = reportDayOf(window.location.hash);
  if (reportDay && canRead)
    return html`<main>
      <header class="bar"><strong>Pantau</strong>${nav}<span class="spacer"></span>
        <button lang=${lang === 'id' ? 'en' : 'id'} onClick=${() => setLang(lang === 'id' ? 'en' : 'id')}>${t.language}</button>
        <button onClick=${signOut}>${t.signOut}</button>
      </header>
      <${ReportView} t=${t} lang=${lang} apiKey=${key} day=${reportDay} topic=${topic} />
    </main>`;

  if (!canRead)
    return html`<main>
      <header class="bar"><strong>Pantau</strong>${nav}<span class="spacer"></span>
        <button lang=${lang === 'id' ? 'en' : 'id'} onClick=${() => setLang(lang === 'id' ? 'en' : 'id')}>${t.language}</button>
        <${UserMenu} t=${t} apiKey=${key} me=${me} onSignOut=${signOut} />
      </header>
      <p class="notice" role="alert" data-testid="no-read">${t.noRead}</p>
    </main>`;

  return html`<main>
    <header class="bar">
      <strong>Pantau</strong>
      ${nav}
      <label>${t.topic} <select name="topic" value=${topic} onChange=${(e: Event) => setTopic((e.target as HTMLSelectElement).value)}>
        <option value="">${t.allPosts}</option>
        ${topics.map((tp) => html`<option value=${String(tp.id)}>${tp.name}</option>`)}
      </select></label>
      <label>${t.platform} <select name="platform" value=${platform} onChange=${(e: Event) => {
        const value = (e.target as HTMLSelectElement).value;
        setPlatform(isPlatform(value) ? value : '');
      }}>
        <option value="">${t.allPlatforms}</option>
        ${PLATFORM_FILTER.map((p) => html`<option value=${p}>${t.platforms[p]}</option>`)}
      </select></label>
      <label>${t.from} <input type="date" name="from" value=${from} onChange=${(e: Event) => chooseWindow((e.target as HTMLInputElement).value, to)} /></label>
      <label>${t.to} <input type="date" name="to" value=${to} onChange=${(e: Event) => chooseWindow(from, (e.target as HTMLInputElement).value)} /></label>
      <span class="presets" role="group" aria-label=${t.presets}>${PRESETS.map((preset) => {
        const label = preset === 'month' ? t.thisMonth : t.presetDays(preset);
        return html`<button type="button" data-preset=${String(preset)} disabled=${!to} aria-pressed=${to !== '' && from === presetFrom(preset, to)}
          onClick=${() => to && chooseWindow(presetFrom(preset, to), to)}>${label}</button>`;
      })}</span>
      <label>${t.languageFilter} <select name="language" value=${language} onChange=${(e: Event) => {
        const value = (e.target as HTMLSelectElement).value;
        setLanguage(isLanguageCode(value) ? value : '');
      }}>
        <option value="">${t.allLanguages}</option>
        ${LANGUAGE_CODES.map((code) => html`<option value=${code}>${t.languageNames[code]}</option>`)}
      </select></label>
      <label><input type="checkbox" name="excludeCoordinated" checked=${withoutCoordinated} onChange=${(e: Event) => setWithoutCoordinated((e.target as HTMLInputElement).checked)} /> ${t.withoutCoordinated}</label>
      <button lang=${lang === 'id' ? 'en' : 'id'} onClick=${() => setLang(lang === 'id' ? 'en' : 'id')}>${t.language}</button>
      <${UserMenu} t=${t} apiKey=${key} me=${me} onSignOut=${signOut} />
    </header>
    ${state === 'loading' && !sentiment ? html`<p class="status" role="status">${t.loading}</p>` : null}
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    <${DaySummary} t=${t} lang=${lang} apiKey=${key} day=${to} topic=${topic} platform=${platform} excludeCoordinated=${withoutCoordinated}
      onOpenPosts=${(title: string, params: { term: string; from: string; to: string }) => openMentions(title, params)} onError=${setError} />
    <div class="layout">
      <div class="main">
        <section aria-labelledby="h-sentiment">
          <h2 id="h-sentiment">${t.sentiment}</h2>
          ${sentiment ? html`<${WindowShares} t=${t} lang=${lang} total=${sentiment.total} validation=${disclosure?.validation} />` : null}
          ${sentiment && validatedCsv(sentiment.total) ? html`<p class="exports-row"><${CsvButton} t=${t} table=${validatedCsv(sentiment.total)} scope=${exportScope} what="sentimen-tervalidasi" label=${t.validatedShares} /></p>` : null}
          ${sentiment && sentiment.series.length === 0 ? html`<p>${t.empty}</p>` : null}
          ${sentimentChart ? html`<${Chart} options=${sentimentChart.options} data=${sentimentChart.data} label=${t.sentiment} />` : null}
          ${sentimentChart && sentiment ? html`<${ChartExport} t=${t} chart=${sentimentChart} title=${t.sentiment} scope=${exportScope} what="grafik-sentimen" bands=${sentimentBands(sentiment)} />` : null}
          ${
            sentiment
              ? html`<div class="scroll"><table class="data" data-testid="sentiment-table"><thead><tr><th>${t.day}</th><th>${t.posts}</th><th>${t.negative}</th><th>${t.neutral}</th><th>${t.positive}</th><th>${t.abstained}</th></tr></thead>
              <tbody>${sentiment.series.map(
                (
                  p,
                ) => html`<tr data-day=${p.period}><td data-field="day">${formatDay(p.period, lang)}</td><td data-field="posts" data-count=${p.posts}><button class="link" onClick=${() => openMentions(formatDay(p.period, lang), { from: p.period, to: p.period })}>${formatCount(p.posts, lang)}</button></td>
                  <td data-field="negative"><button class="link" onClick=${() => openMentions(`${formatDay(p.period, lang)} · ${t.negative}`, { from: p.period, to: p.period, label: 'negative' })}>${formatCount(p.counts.negative, lang)}</button> <small>${formatShare(p.shares.negative.share, lang)}</small></td>
                  <td data-field="neutral"><button class="link" onClick=${() => openMentions(`${formatDay(p.period, lang)} · ${t.neutral}`, { from: p.period, to: p.period, label: 'neutral' })}>${formatCount(p.counts.neutral, lang)}</button> <small>${formatShare(p.shares.neutral.share, lang)}</small></td>
                  <td data-field="positive"><button class="link" onClick=${() => openMentions(`${formatDay(p.period, lang)} · ${t.positive}`, { from: p.period, to: p.period, label: 'positive' })}>${formatCount(p.counts.positive, lang)}</button> <small>${formatShare(p.shares.positive.share, lang)}</small></td>
                  <td data-field="abstained"><button class="link" onClick=${() => openMentions(`${formatDay(p.period, lang)} · ${t.abstained}`, { from: p.period, to: p.period, label: 'uncertain' })}>${formatCount(p.abstained, lang)}</button></td></tr>`,
              )}</tbody></table></div><p class="exports-row"><${CsvButton} t=${t} table=${sentimentCsv(sentiment)} scope=${exportScope} what="sentimen-harian" label=${t.sentiment} /></p>`
              : null
          }
        </section>
        ${disclosure ? html`<${EmotionPanel} t=${t} lang=${lang} apiKey=${key} filter=${query()} />` : null}
        <section aria-labelledby="h-volume">
          <h2 id="h-volume">${t.volume}</h2>
          ${volumeChart ? html`<${Chart} options=${volumeChart.options} data=${volumeChart.data} label=${t.volume} />` : null}
          ${volumeChart ? html`<p class="exports-row"><${ChartExport} t=${t} chart=${volumeChart} title=${t.volume} scope=${exportScope} what="grafik-volume" /> <${CsvButton} t=${t} table=${volumeCsv(volume)} scope=${exportScope} what="volume-harian" label=${t.volume} /></p>` : null}
          ${
            volume.length > 0
              ? html`<p data-testid="engagement">${(
                  [
                    [t.posts, volume.reduce((s, p) => s + p.posts, 0)],
                    [t.likes, volume.reduce((s, p) => s + p.likes, 0)],
                    [t.sharesCount, volume.reduce((s, p) => s + p.shares, 0)],
                    [t.views, volume.reduce((s, p) => s + p.views, 0)],
                  ] as const
                ).map(([name, n], i) =>
                  i === 0
                    ? html`<button class="link" data-field="volume-posts" title=${`${formatCount(n, lang)} ${name}`} onClick=${() => openMentions(t.allInWindow)}>${formatCompact(n, lang)} ${name}</button>`
                    : html` · <span title=${`${formatCount(n, lang)} ${name}`}>${formatCompact(n, lang)} ${name}</span>`,
                )}</p>`
              : null
          }
        </section>
        <section aria-labelledby="h-keywords">
          <h2 id="h-keywords">${t.keywords}</h2>
          <div class="scroll"><table class="data" data-testid="keywords"><thead><tr><th>${t.keyword}</th><th>${t.posts}</th><th>${t.change}</th><th></th></tr></thead><tbody>
            ${keywords.map(
              (
                k,
              ) => html`<tr><td><button class="link" data-term=${k.term} onClick=${() => openMentions(k.term, { term: k.term })}>${k.term}</button></td><td><button class="link" data-field="keyword-posts" onClick=${() => openMentions(k.term, { term: k.term })}>${formatCount(k.posts, lang)}</button></td>
                <td><${KeywordChange} t=${t} lang=${lang} keyword=${k} counts=${sparks[k.key]} basis=${changeBasisOf(keywords)} /></td><td class="spark">${sparks[k.key] ? html`<${Sparkline} values=${sparks[k.key]} />` : null}</td></tr>`,
            )}
          </tbody></table></div>
          ${keywords.length > 0 ? html`<p class="exports-row"><${CsvButton} t=${t} table=${keywordsCsv(keywords)} scope=${exportScope} what="kata-kunci" label=${t.keywords} />${sparkChart ? html` <${ChartExport} t=${t} chart=${sparkChart} title=${t.sparklinesTitle} scope=${exportScope} what="tren-kata-kunci" />` : null}</p>` : null}
          <${KeywordChangeNote} t=${t} basis=${changeBasisOf(keywords)} days=${sparks[keywords[0]?.key ?? '']?.length ?? 0} />
        </section>
        <${AlertList} t=${t} lang=${lang} apiKey=${key} />
        ${disclosure ? html`<${TopPosts} t=${t} lang=${lang} apiKey=${key} filter=${query()} onOpen=${setPosts} />` : null}
        ${
          disclosure
            ? html`<${CoordinationClusters} t=${t} lang=${lang} apiKey=${key} filter=${query()} coordination=${disclosure.coordination}
          withoutCoordinated=${withoutCoordinated} onSwitch=${setWithoutCoordinated} onOpen=${setPosts} />`
            : null
        }
        ${
          disclosure
            ? html`<${RepeatedTexts} t=${t} lang=${lang} apiKey=${key} filter=${query()} coordination=${disclosure.coordination}
          exportScope=${exportScope} onOpen=${setPosts} />`
            : null
        }
        <section aria-labelledby="h-coverage">
          <h2 id="h-coverage">${t.coverage}</h2>
          <div class="scroll"><table class="data"><thead><tr><th>${t.connector}</th><th>${t.platform}</th><th>${t.runs}</th><th>${t.fetched}</th><th>${t.published}</th><th>${t.rejected}</th><th>${t.gapDays}</th></tr></thead><tbody>
            ${(disclosure?.coverage ?? []).map((c) => {
              const gap = (c.gaps ?? []).length > 0;
              return html`<tr class=${gap ? 'gap' : ''}><td title=${c.limits ? t.sourceLimits(c.limits) : ''}>${c.connector}${c.query ? ` «${c.query}»` : ''}${gap ? html` <strong>(${t.gap})</strong>` : null}</td><td>${c.platform ? (isPlatform(c.platform) ? t.platforms[c.platform] : c.platform) : '–'}</td><td>${formatCount(c.runs, lang)}</td><td>${formatCount(c.fetched, lang)}</td><td>${formatCount(c.published, lang)}</td><td>${formatCount(c.rejected, lang)}</td><td data-testid="gap-days">${(c.gaps ?? []).map((g) => html`<span class=${`gap-${g.status}`} title=${g.detail}>${formatDay(g.day, lang)} ${t.gapStatus[g.status]} </span>`)}</td></tr>`;
            })}
          </tbody></table></div>
          ${disclosure ? html`<p class="exports-row"><${CsvButton} t=${t} table=${coverageCsv(disclosure.coverage)} scope=${exportScope} what="cakupan" label=${t.coverage} /></p>` : null}
        </section>
        <${Compare} t=${t} lang=${lang} apiKey=${key} topics=${topics} base=${query()} Chart=${Chart} />
        <${Topics} t=${t} lang=${lang} apiKey=${key} topics=${topics} window=${{ ...(from ? { from } : {}), ...(to ? { to } : {}), ...(platform ? { platform } : {}) }} onChange=${setTopics} />
      </div>
      <aside class="method" aria-labelledby="h-method" data-testid="disclosure">
        <h2 id="h-method">${t.method}</h2>
        ${
          disclosure
            ? html`<p><b>${t.model}</b>: ${disclosure.model.name} ${disclosure.model.version} (${disclosure.model.backend})${disclosure.model.placeholder ? ` — ${t.placeholder}` : ''}<br />
              ${disclosure.model.evaluation.map((e) => html`<span>${e.heldOut ? `${t.benchmark} ` : ''}${e.dataset} (n ${formatCount(e.n, lang)}) macro-F1 ${formatDecimal(100 * e.macroF1, lang)}${ciText(e.macroF1CI, t, lang)} </span>`)}</p>
              <${ModelVersions} t=${t} lang=${lang} model=${disclosure.model} />
              ${
                lang === 'en'
                  ? html`<p>${english(disclosure.method.label)}</p><p>${english(disclosure.method.abstainRule)}</p><p>${english(disclosure.method.spikeRule)}</p>`
                  : html`<p>${t.methodLabel(disclosure.model.name, disclosure.model.version, disclosure.model.placeholder === true)}</p><p>${t.methodAbstain}</p><p>${t.methodSpike}</p>
                    <details class="method-text"><summary>${t.serverText}</summary><div lang="en"><p>${disclosure.method.label}</p><p>${disclosure.method.abstainRule}</p><p>${disclosure.method.spikeRule}</p></div></details>`
              }
              <p><b>${t.counted}</b>: <span data-testid="posts-counted" data-count=${disclosure.population.postsCounted}>${formatCount(disclosure.population.postsCounted, lang)}</span></p>
              <p><b>${t.excluded}</b>: ${Object.entries(disclosure.population.excluded)
                .map(([reason, n]) => `${reasonWords(reason, t)} ${formatCount(n, lang)}`)
                .join(' · ')}</p>
              <${LanguageShares} t=${t} lang=${lang} languages=${disclosure.population.languages} />
              ${disclosure.population.redacted ? html`<p><b>${t.redacted}</b>: ${formatCount(disclosure.population.redacted.posts, lang)} (${(['phone', 'email', 'nik', 'bpjs'] as const).map((k) => `${t.redactionKinds[k]} ${formatCount(disclosure.population.redacted?.[k] ?? 0, lang)}`).join(' · ')})</p>` : null}
              ${
                disclosure.coordination
                  ? html`<p><b>${t.coordinated}</b>: <span data-testid="coordinated-share">${disclosure.coordination.share.successes} / ${disclosure.coordination.share.trials}${
                      disclosure.coordination.share.share === null
                        ? ''
                        : ` (${formatShare(disclosure.coordination.share.share, lang)}, 95% ${formatShare(disclosure.coordination.share.low ?? 0, lang)}–${formatShare(disclosure.coordination.share.high ?? 0, lang)})`
                    }</span><br />${english(disclosure.coordination.method)}</p>`
                  : null
              }
              ${disclosure.validation ? html`<${ValidationDisclosure} t=${t} lang=${lang} validation=${disclosure.validation} />` : null}
              <p data-testid="retention"><b>${t.retention}</b>: ${disclosure.retention.days > 0 ? t.retentionDays(disclosure.retention.days) : t.retentionForever}</p>
              <p><b>${t.caveats}</b></p><ul lang="en">${[...disclosure.caveats, ...(disclosure.coordination?.caveats ?? [])].map((c) => html`<li>${c}</li>`)}</ul>
              <p class="muted">Pantau ${disclosure.software.version} (${disclosure.software.commit}) · ${formatDay(disclosure.window.from, lang, true)} – ${formatDay(disclosure.window.to, lang, true)} · ${t.timeZone}</p>`
            : html`<p>${t.loading}</p>`
        }
      </aside>
    </div>
    ${posts ? html`<${PostsDialog} key=${JSON.stringify(posts)} t=${t} lang=${lang} apiKey=${key} request=${posts} onClose=${() => setPosts(null)} />` : null}
  </main>`;
}

render(html`<${App} />`, document.getElementById('app') as HTMLElement);
