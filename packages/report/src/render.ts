import { describeEvaluation } from '@pantau/contracts';
import type { ShareInterval } from '@pantau/disclosure';
import { scaleBand, scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { type DailyReport, headlineFactsOf, type SentimentShares } from './assemble.ts';
import { emotionHeading, emotionLine } from './emotions.ts';
import { REPORT_WORDS, type ReportWords } from './report-words.ts';
import type { ReportExample, ReportSpike } from './stories.ts';
import { formatReportCount, formatReportDay, formatReportDecimal, formatReportShare, headlines, type ReportLanguage } from './summary.ts';

const COLORS = { negative: '#c0392b', neutral: '#7f8c8d', positive: '#27ae60', uncertain: '#d5d8dc', volume: '#2c3e50' };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const mdCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The words, number and share formats of one report language. */
export function wordsOf(lang: ReportLanguage) {
  const w: ReportWords = REPORT_WORDS[lang];
  const count = (n: number) => formatReportCount(n, lang);
  const pct = (x: number | null) => formatReportShare(x, lang);
  const interval = (s: ShareInterval) => (s.share === null ? '–' : `${pct(s.share)} (${pct(s.low)}–${pct(s.high)})`);
  const signed = (now: number, before: number) =>
    before > 0
      ? `${now >= before ? '+' : '−'}${formatReportShare(Math.abs(now - before) / before, lang)}`
      : before === 0 && now > 0
        ? w.newWord
        : '–';
  const decimal = (x: number, digits = 2) => formatReportDecimal(x, lang, digits);
  return { w, count, pct, interval, signed, decimal, day: (d: string) => formatReportDay(d, lang) };
}
export type Words = ReturnType<typeof wordsOf>;

const GAP_WORDS = {
  partial: { en: 'collection cut short by a platform limit', id: 'pengumpulan terpotong batas platform' },
  failed: { en: 'collection failed', id: 'pengumpulan gagal' },
  empty: { en: 'ran and found nothing', id: 'berjalan, tidak menemukan apa pun' },
  not_run: { en: 'did not run for this day', id: 'tidak berjalan untuk hari ini' },
} as const;

/** One line per collector gap of the day, in the report's language. */
export function gapLines(r: DailyReport, lang: ReportLanguage = 'id'): string[] {
  const { w } = wordsOf(lang);
  return r.coverage.flatMap((c) =>
    c.gaps
      .filter((g) => g.day === r.date)
      .map((g) => {
        const name = `${c.connector}${c.query ? ` «${c.query}»` : ''}${c.platform ? ` (${c.platform})` : ''}`;
        return w.gapLine(name, lang === 'en' ? `${GAP_WORDS[g.status].en} (${g.detail})` : GAP_WORDS[g.status].id);
      }),
  );
}

/** A sparkline of daily counts as inline SVG (d3-scale + d3-shape; no DOM needed). */
export function sparklineSvg(values: readonly number[], width = 120, height = 24): string {
  const x = scaleLinear()
    .domain([0, Math.max(1, values.length - 1)])
    .range([2, width - 2]);
  const y = scaleLinear()
    .domain([0, Math.max(1, ...values)])
    .range([height - 2, 2]);
  const path = line<number>()
    .x((_, i) => x(i))
    .y((v) => y(v))(values as number[]);
  const last = values.length - 1;
  return `<svg class="spark" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${values.join(', ')}"><path d="${path ?? ''}" fill="none" stroke="${COLORS.volume}" stroke-width="1.5"/><circle cx="${x(last)}" cy="${y(values[last] ?? 0)}" r="2.5" fill="${COLORS.negative}"/></svg>`;
}

/** Daily stacked sentiment bars (negative, neutral, positive, uncertain) as inline SVG. */
export function sentimentChartSvg(
  series: DailyReport['sentiment']['series'],
  width = 640,
  height = 200,
  label = 'daily sentiment',
): string {
  const margin = { top: 10, right: 10, bottom: 24, left: 36 };
  const x = scaleBand<string>()
    .domain(series.map((d) => d.day))
    .range([margin.left, width - margin.right])
    .padding(0.2);
  const max = Math.max(1, ...series.map((d) => d.negative + d.neutral + d.positive + d.uncertain));
  const y = scaleLinear()
    .domain([0, max])
    .nice()
    .range([height - margin.bottom, margin.top]);
  const bars = series
    .map((d) => {
      let base = 0;
      return (['negative', 'neutral', 'positive', 'uncertain'] as const)
        .map((k) => {
          const v = d[k];
          const rect = `<rect x="${x(d.day)}" y="${y(base + v)}" width="${x.bandwidth()}" height="${y(base) - y(base + v)}" fill="${COLORS[k]}"><title>${d.day} ${k}: ${v}</title></rect>`;
          base += v;
          return v > 0 ? rect : '';
        })
        .join('');
    })
    .join('');
  const ticks = y
    .ticks(4)
    .map(
      (t) =>
        `<text x="${margin.left - 4}" y="${y(t) + 3}" text-anchor="end">${t}</text><line x1="${margin.left}" x2="${width - margin.right}" y1="${y(t)}" y2="${y(t)}" stroke="#eee"/>`,
    )
    .join('');
  const labels = series
    .map((d) => `<text x="${(x(d.day) ?? 0) + x.bandwidth() / 2}" y="${height - 8}" text-anchor="middle">${d.day.slice(8)}</text>`)
    .join('');
  return `<svg class="chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${label}"><g font-size="10" fill="#555">${ticks}${labels}</g>${bars}</svg>`;
}

/** Daily volume bars as inline SVG, the report day highlighted. */
export function volumeChartSvg(
  days: readonly string[],
  values: readonly number[],
  width = 640,
  height = 140,
  label = 'posts per day',
): string {
  const margin = { top: 10, right: 10, bottom: 24, left: 36 };
  const x = scaleBand<string>()
    .domain([...days])
    .range([margin.left, width - margin.right])
    .padding(0.2);
  const y = scaleLinear()
    .domain([0, Math.max(1, ...values)])
    .nice()
    .range([height - margin.bottom, margin.top]);
  const last = days.length - 1;
  const bars = days
    .map(
      (d, i) =>
        `<rect x="${x(d)}" y="${y(values[i] ?? 0)}" width="${x.bandwidth()}" height="${y(0) - y(values[i] ?? 0)}" fill="${i === last ? COLORS.negative : COLORS.volume}"><title>${d}: ${values[i] ?? 0}</title></rect>`,
    )
    .join('');
  const labels = days
    .map((d) => `<text x="${(x(d) ?? 0) + x.bandwidth() / 2}" y="${height - 8}" text-anchor="middle">${d.slice(8)}</text>`)
    .join('');
  const ticks = y
    .ticks(3)
    .map((t) => `<text x="${margin.left - 4}" y="${y(t) + 3}" text-anchor="end">${t}</text>`)
    .join('');
  return `<svg class="chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${label}"><g font-size="10" fill="#555">${ticks}${labels}</g>${bars}</svg>`;
}

/** The day's posts against the day before and the same weekday, its distinct authors and engagement, in words. */
export const volumeLine = (v: DailyReport['volume'], x: Words) =>
  x.w.volumeLine({
    posts: x.count(v.posts),
    before: `${x.count(v.previousDay)}, ${x.signed(v.posts, v.previousDay)}`,
    week: `${x.count(v.sameDayLastWeek)}, ${x.signed(v.posts, v.sameDayLastWeek)}`,
    authors: x.count(v.uniqueAuthors),
    likes: x.count(v.engagement.likes),
    replies: x.count(v.engagement.replies),
    shares: x.count(v.engagement.shares),
    views: x.count(v.engagement.views),
  });

/** The day's model-only sentiment shares in one sentence. */
export const sentimentLine = (s: SentimentShares, x: Words) =>
  x.w.modelOnly(
    x.interval(s.shares.negative),
    x.interval(s.shares.neutral),
    x.interval(s.shares.positive),
    x.count(s.answered),
    x.count(s.abstained),
  );

/** The day's validated shares beside the model-only ones, or why the day is not validated. */
export function validationLine(v: NonNullable<DailyReport['validation']>, lang: ReportLanguage = 'id'): string {
  const { w, decimal } = wordsOf(lang);
  const d = v.disclosure;
  if (!v.validated || d.status !== 'validated') return w.notValidated(d.reason ?? 'no labelled sample');
  const s = v.validated;
  const percent = (x: number) => `${decimal(100 * x, 1)}%`;
  const i = (x: { estimate: number; low: number; high: number }) => `${percent(x.estimate)} (${percent(x.low)}–${percent(x.high)})`;
  return w.validated({
    neg: i(s.shares.negative),
    neu: i(s.shares.neutral),
    pos: i(s.shares.positive),
    notRelevant: i(s.outOfScope.not_relevant),
    notIndonesian: i(s.outOfScope.not_indonesian),
    posts: String(s.posts),
    labels: String(s.labels),
    task: `${s.task} "${d.task?.name ?? ''}"`,
    alpha: d.alpha === null ? '' : `, Krippendorff's alpha ${decimal(d.alpha, 2)}`,
    f1:
      d.inDomainMacroF1 === null
        ? ''
        : `, ${lang === 'id' ? 'macro-F1 dalam domain' : 'in-domain macro-F1'} ${decimal(100 * d.inDomainMacroF1, 1)}`,
  });
}

/** The day's coordinated share in one sentence, with the method and its main caveat. */
function coordinationLine(c: NonNullable<DailyReport['coordination']>, x: Words): string {
  const of = x.w.lang === 'id' ? 'dari' : 'of';
  const share = c.share.share === null ? '–' : `${c.share.successes} ${of} ${c.share.trials} ${x.w.posts} (${x.interval(c.share)})`;
  const caveat = c.caveats[0] ? x.w.caveat(c.caveats[0]).text : '';
  return `${x.w.coordinationLine(share, c.excluded)} ${caveat}`;
}

/** A story's numbers: the rule's count, baseline, mean, sd, spread and z. */
export const storyNumbers = (s: ReportSpike, x: Words) =>
  x.w.storyNumbers(
    x.count(s.evidence.count),
    x.decimal(s.evidence.baselineMean, 1),
    x.decimal(s.evidence.baselineSd, 1),
    x.decimal(s.evidence.spread, 1),
    s.evidence.baseline.join(', '),
    s.evidence.z === null ? null : x.decimal(s.evidence.z, 1),
  );
/** The terms folded into a story, the first ten named. */
const foldedTerms = (s: ReportSpike, x: Words) =>
  x.w.folded(
    s.related
      .slice(0, 10)
      .map((t) => `${t.term} (${x.count(t.count)})`)
      .join(', '),
    Math.max(0, s.related.length - 10),
  );
const exampleText = (e: ReportExample, x: Words) => e.text ?? x.w.removed;
const exampleMeta = (e: ReportExample, x: Words) =>
  [
    x.w.labels[e.label] ?? e.label,
    e.platform,
    e.author ?? '–',
    e.publishedAt.slice(0, 16).replace('T', ' '),
    ...(e.sameText && e.sameText > 1 ? [x.w.sameText(e.sameText)] : []),
  ].join(' · ');

/** The model and method lines, in the report's language. */
function methodLines(r: DailyReport, x: Words): string[] {
  const m = r.model;
  return [
    x.w.modelLine(m.name, m.version, m.sha256.slice(0, 16), m.backend, m.evaluation.map(describeEvaluation).join('; ')),
    x.w.methodLabel(r.method.label, m.name, m.version, m.placeholder),
    x.w.methodAbstain(r.method.abstainRule),
    x.w.methodKeyword(r.method.keywordRule),
    x.w.methodSpike(r.method.spikeRule, r.method.rule),
    x.w.methodInterval(r.method.interval),
  ];
}

/** The report as Markdown, in one language (REPORT_LANGUAGE; Indonesian by default). */
export function renderMarkdown(r: DailyReport, lang: ReportLanguage = 'id'): string {
  const x = wordsOf(lang);
  const { w } = x;
  const [what, why, look] = headlines(headlineFactsOf(r), lang);
  const v = r.volume;
  const lines = [
    `# ${w.title(x.day(r.date), r.topic?.name ?? null)}`,
    '',
    `${w.dayLine(r.date, r.generatedAt)}${r.topic ? ` · ${w.topicQuery} \`${r.topic.query}\`` : ''}`,
    '',
    `## ${w.headlines}`,
    '',
    `1. **${w.headlineNames[0]}.** ${what}`,
    `2. **${w.headlineNames[1]}.** ${why}`,
    `3. **${w.headlineNames[2]}.** ${look}`,
    '',
    `## ${w.stories}`,
    '',
    r.baseline.available ? (r.spikes.length === 0 ? w.noSpike : '') : w.noBaseline(r.method.rule?.windowDays ?? 7, r.baseline.daysWithData),
    '',
    ...r.spikes.flatMap((s) => [
      `### ${s.title ?? s.term}${s.evidence.z === null ? ` (${w.newTerm})` : ''}`,
      '',
      `${storyNumbers(s, x)}.${s.posts ? ` ${w.storyPosts(x.count(s.posts))}.` : ''}`,
      '',
      ...(s.related.length > 0 ? [foldedTerms(s, x), ''] : []),
      ...(s.coordinated ? [w.coordinated(s.coordinated.successes, s.coordinated.trials, x.interval(s.coordinated)), ''] : []),
      ...s.examples.map((e) => `- ${mdCell(exampleText(e, x))} — ${exampleMeta(e, x)}${e.url ? ` — [${w.open}](${e.url})` : ''}`),
      '',
    ]),
    ...(r.moreSpikes > 0 ? [w.moreStories(r.moreSpikes), ''] : []),
    `## ${w.volume}`,
    '',
    volumeLine(v, x),
    '',
    `${x.day(r.days[0] ?? r.date)} – ${x.day(r.date)}: ${v.series.join(', ')}`,
    '',
    `## ${w.sentiment}`,
    '',
    `${sentimentLine(r.sentiment, x)}. ${w.net(r.sentiment.net === null ? '–' : x.decimal(r.sentiment.net))}`,
    '',
    ...(r.validation ? [validationLine(r.validation, lang), ''] : []),
    // Further per-day measures (emotions) between sentiment and coordination.
    ...(r.emotions ? [`## ${emotionHeading(lang)}`, '', emotionLine(r.emotions, lang), ''] : []),
    ...(r.coordination ? [`## ${w.coordination}`, '', coordinationLine(r.coordination, x), ''] : []),
    ...(r.topics.length > 0
      ? [
          `## ${w.topics}`,
          '',
          `| ${w.topicColumns.join(' | ')} |`,
          '|---|---|---|---|---|---|',
          ...r.topics.map(
            (t) =>
              `| ${mdCell(t.name)} | ${x.count(t.sentiment.posts)} | ${x.interval(t.sentiment.shares.negative)} | ${x.interval(t.sentiment.shares.neutral)} | ${x.interval(t.sentiment.shares.positive)} | ${x.count(t.sentiment.abstained)} |`,
          ),
          '',
        ]
      : []),
    `## ${w.keywords}`,
    '',
    `| ${w.keywordColumns.slice(0, 6).join(' | ')} |`,
    '|---|---|---|---|---|---|',
    ...r.keywords.map(
      (k) =>
        `| ${mdCell(k.term)} | ${x.count(k.posts)} | ${x.signed(k.posts, k.previousDay)} | ${x.signed(k.posts, k.previousWeek)} | ${x.interval(k.sentiment.shares.negative)} | ${x.interval(k.sentiment.shares.positive)} |`,
    ),
    '',
    `## ${w.coverage}`,
    '',
    ...(r.coverage.length === 0
      ? [w.noCoverage]
      : r.coverage.map((c) => {
          const gap = c.gaps.find((g) => g.day === r.date);
          return `- ${c.connector}${c.query ? ` «${mdCell(c.query)}»` : ''}${c.platform ? ` (${c.platform})` : ''}: ${gap ? `**${gap.status}**` : 'ok'}; ${w.coverageColumns[4]} ${c.runs}, ${w.coverageColumns[5]} ${c.fetched}, ${w.coverageColumns[6]} ${c.published}`;
        })),
    '',
    ...gapLines(r, lang).flatMap((g) => [`> ${mdCell(g)}`, '']),
    ...(r.exclusions.length === 0
      ? [w.noExclusions]
      : r.exclusions.map((e) => `- ${w.excludedLine(`${e.reason} (${e.code})`, x.count(e.count))}`)),
    '',
    `## ${w.method}`,
    '',
    ...methodLines(r, x).map((l) => `- ${l}`),
    '',
    `## ${w.limits}`,
    '',
    ...r.limits.map((l) => `- ${w.caveat(l).text}`),
    '',
  ];
  return lines.join('\n');
}

const CSS = `
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;max-width:900px;margin:16px auto;padding:0 14px;overflow-wrap:anywhere}
h1{font-size:21px;margin:0 0 4px}h2{font-size:17px;margin-top:26px;border-bottom:1px solid #ddd;padding-bottom:4px}h3{font-size:15px;margin:0 0 4px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:4px 6px;border-bottom:1px solid #eee;vertical-align:middle}
.muted{color:#555}.headlines{background:#f6f8fa;padding:10px 14px 10px 30px;border-radius:6px;margin:12px 0}.headlines li{margin:6px 0}
.story{border-left:4px solid ${COLORS.negative};padding-left:12px;margin:14px 0}
.legend span{display:inline-block;margin-right:12px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px}
ul.examples{padding-left:18px}ul.examples li{margin-bottom:6px}.examples small{color:#555;display:block}
tr.gap td{background:#fdecea}.note{background:#fff8e1;padding:8px 12px;border-radius:6px}
svg.chart{width:100%;height:auto;max-width:640px}
@media (max-width:600px){
 body{font-size:14px;padding:0 10px}
 table.stack thead{display:none}table.stack tr{display:block;border-bottom:1px solid #ddd;padding:4px 0}
 table.stack td{display:flex;justify-content:space-between;gap:8px;border:0;padding:2px 0}
 table.stack td::before{content:attr(data-label);color:#555}
}
@media print{body{margin:0;max-width:none;font-size:11px}h2{break-after:avoid}.story,table,svg{break-inside:avoid}a{color:inherit}}
`;

/** A table that becomes one block per row on a phone (each cell labelled by its column). */
function stackTable(id: string, columns: readonly string[], rows: { cells: string[]; className?: string }[]): string {
  const head = `<thead><tr>${columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead>`;
  const body = rows
    .map(
      (r) =>
        `<tr${r.className ? ` class="${r.className}"` : ''}>${r.cells.map((c, i) => `<td data-label="${esc(columns[i] ?? '')}">${c}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<table id="${id}" class="stack">${head}<tbody>${body}</tbody></table>`;
}

/** The report as one self-contained HTML page (inline CSS and SVG, no scripts) in one language, readable on a phone and on paper. */
export function renderHtml(r: DailyReport, lang: ReportLanguage = 'id'): string {
  const x = wordsOf(lang);
  const { w } = x;
  const title = w.title(x.day(r.date), r.topic?.name ?? null);
  const [what, why, look] = headlines(headlineFactsOf(r), lang);
  const legend = `<div class="legend">${(['negative', 'neutral', 'positive', 'uncertain'] as const).map((k) => `<span><i style="background:${COLORS[k]}"></i>${w.legend[k]}</span>`).join('')}</div>`;
  const stories = r.spikes
    .map(
      (
        s,
      ) => `<section class="story spike" data-term="${esc(s.key)}"><h3>${esc(s.title ?? s.term)}${s.evidence.z === null ? ` <span class="muted">(${w.newTerm})</span>` : ''}</h3>
<p>${esc(storyNumbers(s, x))}${s.posts ? `. ${esc(w.storyPosts(x.count(s.posts)))}` : ''}.</p>
${s.related.length > 0 ? `<p class="muted">${esc(foldedTerms(s, x))}</p>` : ''}
${s.coordinated ? `<p class="coordinated">${esc(w.coordinated(s.coordinated.successes, s.coordinated.trials, x.interval(s.coordinated)))}</p>` : ''}
<p><b>${w.examples}</b></p><ul class="examples">${s.examples
        .map(
          (e) =>
            `<li>${e.text === null ? `<i>${esc(exampleText(e, x))}</i>` : esc(e.text)} ${e.url ? `<a href="${esc(e.url)}" target="_blank" rel="noopener noreferrer">${w.open}</a>` : ''}<small>${esc(exampleMeta(e, x))}</small></li>`,
        )
        .join('')}</ul></section>`,
    )
    .join('\n');
  const v = r.volume;
  const coverage =
    r.coverage.length === 0
      ? `<p class="note">${esc(w.noCoverage)}</p>`
      : `${stackTable(
          'coverage',
          w.coverageColumns,
          r.coverage.map((c) => {
            const gap = c.gaps.find((g) => g.day === r.date);
            return {
              className: gap ? 'gap' : '',
              cells: [
                esc(c.connector),
                esc(c.query || '–'),
                esc(c.platform ?? '–'),
                gap ? `<b>${esc(gap.status)}</b>` : 'ok',
                x.count(c.runs),
                x.count(c.fetched),
                x.count(c.published),
              ],
            };
          }),
        )}${gapLines(r, lang)
          .map((g) => `<p class="note gap">${esc(g)}</p>`)
          .join('')}`;
  const caveats = r.limits.map((l) => {
    const c = w.caveat(l);
    return `<li${c.english ? ' lang="en"' : ''}>${esc(c.text)}</li>`;
  });
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title><style>${CSS}</style></head>
<body>
<h1>${esc(title)}</h1>
<p class="muted">${esc(w.dayLine(r.date, r.generatedAt))}${r.topic ? ` · ${w.topicQuery} <code>${esc(r.topic.query)}</code>` : ''}</p>
<section id="summary" aria-labelledby="h-summary"><h2 id="h-summary">${w.headlines}</h2>
<ol class="headlines" id="headlines"><li><b>${w.headlineNames[0]}.</b> ${esc(what)}</li><li><b>${w.headlineNames[1]}.</b> ${esc(why)}</li><li><b>${w.headlineNames[2]}.</b> ${esc(look)}</li></ol></section>
<h2 id="spikes">${w.stories}</h2>
${r.baseline.available ? (r.spikes.length === 0 ? `<p>${esc(w.noSpike)}</p>` : '') : `<p class="note">${esc(w.noBaseline(r.method.rule?.windowDays ?? 7, r.baseline.daysWithData))}</p>`}
${stories}
${r.moreSpikes > 0 ? `<p class="muted">${esc(w.moreStories(r.moreSpikes))}</p>` : ''}
<h2>${w.volume}</h2>
<p>${esc(volumeLine(v, x))}</p>
${volumeChartSvg(r.days, r.volume.series, 640, 140, w.chartPosts)}
<h2>${w.sentiment}</h2>
<p>${esc(sentimentLine(r.sentiment, x))}. ${esc(w.net(r.sentiment.net === null ? '–' : x.decimal(r.sentiment.net)))}</p>
${r.validation ? `<p id="validation">${esc(validationLine(r.validation, lang))}</p>` : ''}
${legend}${sentimentChartSvg(r.sentiment.series, 640, 200, w.chartSentiment)}
${r.emotions ? `<h2 id="emotions">${esc(emotionHeading(lang))}</h2><p>${esc(emotionLine(r.emotions, lang))}</p>` : ''}
${r.coordination ? `<h2 id="coordination">${w.coordination}</h2><p>${esc(coordinationLine(r.coordination, x))}</p>` : ''}
${
  r.topics.length > 0
    ? `<h2>${w.topics}</h2>${stackTable(
        'topics',
        w.topicColumns,
        r.topics.map((t) => ({
          cells: [
            esc(t.name),
            x.count(t.sentiment.posts),
            x.interval(t.sentiment.shares.negative),
            x.interval(t.sentiment.shares.neutral),
            x.interval(t.sentiment.shares.positive),
            x.count(t.sentiment.abstained),
          ],
        })),
      )}`
    : ''
}
<h2>${w.keywords}</h2>
${stackTable(
  'keywords',
  w.keywordColumns,
  r.keywords.map((k) => ({
    cells: [
      esc(k.term),
      x.count(k.posts),
      x.signed(k.posts, k.previousDay),
      x.signed(k.posts, k.previousWeek),
      x.interval(k.sentiment.shares.negative),
      x.interval(k.sentiment.shares.positive),
      sparklineSvg(k.series),
    ],
  })),
)}
<h2>${w.coverage}</h2>
${coverage}
<ul>${r.exclusions.length === 0 ? `<li>${esc(w.noExclusions)}</li>` : r.exclusions.map((e) => `<li>${esc(w.excludedLine(`${e.reason} (${e.code})`, x.count(e.count)))}</li>`).join('')}</ul>
<h2>${w.method}</h2>
<ul>${methodLines(r, x)
    .map((l) => `<li>${esc(l)}</li>`)
    .join('')}</ul>
<h2>${w.limits}</h2>
<ul>${caveats.join('')}</ul>
</body></html>
`;
}
