import { describeEvaluation } from '@pantau/contracts';
import type { ShareInterval } from '@pantau/disclosure';
import { scaleBand, scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import type { DailyReport, SentimentShares } from './assemble.ts';

const COLORS = { negative: '#c0392b', neutral: '#7f8c8d', positive: '#27ae60', uncertain: '#d5d8dc', volume: '#2c3e50' };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const pct = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(0)}%`);
const interval = (s: ShareInterval) => (s.share === null ? '–' : `${pct(s.share)} (${pct(s.low)}–${pct(s.high)})`);
const signed = (now: number, before: number) =>
  before > 0 ? `${now >= before ? '+' : ''}${Math.round((100 * (now - before)) / before)}%` : before === 0 && now > 0 ? 'new' : '–';
const mdCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** An example post's text, or what happened to it. */
const exampleText = (e: DailyReport['spikes'][number]['examples'][number]) =>
  e.text ?? 'text removed by retention (teks dihapus: melewati batas masa simpan)';

const GAP_WORDS = {
  partial: { en: 'collection cut short by a platform limit', id: 'pengumpulan terpotong batas platform' },
  failed: { en: 'collection failed', id: 'pengumpulan gagal' },
  empty: { en: 'ran and found nothing', id: 'berjalan, tidak menemukan apa pun' },
  not_run: { en: 'did not run for this day', id: 'tidak berjalan untuk hari ini' },
} as const;

/** One line per gap of the day, in English and Indonesian. */
export function gapLines(r: DailyReport): { en: string; id: string }[] {
  return r.coverage.flatMap((c) =>
    c.gaps.map((g) => {
      const name = `${c.connector}${c.query ? ` «${c.query}»` : ''}${c.platform ? ` (${c.platform})` : ''}`;
      return {
        en: `Gap: ${name}: ${GAP_WORDS[g.status].en} (${g.detail}). Its posts are missing from this day's figures, not zero.`,
        id: `Celah: ${name}: ${GAP_WORDS[g.status].id}. Unggahannya tidak ada dalam angka hari ini, bukan nol.`,
      };
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
  return `<svg class="spark" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="posts per day: ${values.join(', ')}"><path d="${path ?? ''}" fill="none" stroke="${COLORS.volume}" stroke-width="1.5"/><circle cx="${x(last)}" cy="${y(values[last] ?? 0)}" r="2.5" fill="${COLORS.negative}"/></svg>`;
}

/** Daily stacked sentiment bars (negative, neutral, positive, uncertain) as inline SVG. */
export function sentimentChartSvg(series: DailyReport['sentiment']['series'], width = 640, height = 200): string {
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
  return `<svg class="chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="daily sentiment"><g font-size="10" fill="#555">${ticks}${labels}</g>${bars}</svg>`;
}

/** Daily volume bars as inline SVG, the report day highlighted. */
export function volumeChartSvg(days: readonly string[], values: readonly number[], width = 640, height = 140): string {
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
  return `<svg class="chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="posts per day"><g font-size="10" fill="#555">${ticks}${labels}</g>${bars}</svg>`;
}

const sentimentLine = (s: SentimentShares) =>
  `Model-only: negative ${interval(s.shares.negative)}, neutral ${interval(s.shares.neutral)}, positive ${interval(s.shares.positive)} of ${s.answered} labelled; ${s.abstained} uncertain`;

const percent = (x: number) => `${(100 * x).toFixed(1)}%`;
const validatedInterval = (i: { estimate: number; low: number; high: number }) =>
  `${percent(i.estimate)} (${percent(i.low)}–${percent(i.high)})`;

/** The day's validated shares beside the model-only ones, or why the day is not validated. */
export function validationLine(v: NonNullable<DailyReport['validation']>): string {
  const d = v.disclosure;
  if (!v.validated || d.status !== 'validated')
    return `Validated: none (not validated in this domain: ${d.reason ?? 'no labelled sample'}).`;
  const s = v.validated;
  const agreement = d.alpha === null ? '' : `, Krippendorff's alpha ${d.alpha.toFixed(2)}`;
  const f1 = d.inDomainMacroF1 === null ? '' : `, in-domain macro-F1 ${(100 * d.inDomainMacroF1).toFixed(1)}`;
  return (
    `Validated (PPI++, 95%): negative ${validatedInterval(s.shares.negative)}, neutral ${validatedInterval(s.shares.neutral)}, ` +
    `positive ${validatedInterval(s.shares.positive)} of in-scope posts; not relevant ${validatedInterval(s.outOfScope.not_relevant)}, ` +
    `not Indonesian ${validatedInterval(s.outOfScope.not_indonesian)} of all ${s.posts} posts — from ${s.labels} gold labels of task ${s.task} ` +
    `"${d.task?.name ?? ''}"${agreement}${f1}.`
  );
}

/** The day's coordinated share, its rule and its main caveat, in one paragraph. */
function coordinationLine(c: NonNullable<DailyReport['coordination']>): string {
  const share = c.share.share === null ? 'no posts' : `${c.share.successes} of ${c.share.trials} posts (${interval(c.share)})`;
  return `In coordinated clusters: ${share}.${c.excluded ? ' Every figure of this report is computed without them.' : ''} ${c.method} ${c.caveats[0] ?? ''}`;
}

/** How much of a spike is coordinated. */
function spikeCoordinationLine(c: ShareInterval): string {
  return `Coordinated: ${c.successes} of the ${c.trials} posts (${interval(c)}) are in coordinated clusters.`;
}

/** The report as Markdown. */
export function renderMarkdown(r: DailyReport): string {
  const title = `Daily keyword monitoring report — ${r.date}${r.topic ? ` — topic "${r.topic.name}"` : ''}`;
  const lines = [
    `# ${title}`,
    '',
    `Day: ${r.date} (${r.timeZone}). ${r.topic ? `Topic query: \`${r.topic.query}\`. ` : ''}Generated ${r.generatedAt}.`,
    '',
    '## Ringkasan',
    '',
    r.summary.id,
    '',
    '## Summary',
    '',
    r.summary.en,
    '',
    '## Volume',
    '',
    `${r.volume.posts} posts (day before ${r.volume.previousDay}, ${signed(r.volume.posts, r.volume.previousDay)}; same day last week ${r.volume.sameDayLastWeek}, ${signed(r.volume.posts, r.volume.sameDayLastWeek)}), ${r.volume.uniqueAuthors} distinct author pseudonyms; likes ${r.volume.engagement.likes}, replies ${r.volume.engagement.replies}, shares ${r.volume.engagement.shares}, views ${r.volume.engagement.views}.`,
    '',
    `Posts per day (${r.days[0]} to ${r.date}): ${r.volume.series.join(', ')}`,
    '',
    '## Sentiment',
    '',
    `${sentimentLine(r.sentiment)}. Net sentiment ${r.sentiment.net === null ? '–' : r.sentiment.net.toFixed(2)}.`,
    '',
    ...(r.validation ? [validationLine(r.validation), ''] : []),
    ...(r.coordination ? ['## Coordinated posting', '', coordinationLine(r.coordination), ''] : []),
    ...(r.topics.length > 0
      ? [
          '## Topics',
          '',
          '| topic | posts | negative | neutral | positive | uncertain |',
          '|---|---|---|---|---|---|',
          ...r.topics.map(
            (t) =>
              `| ${mdCell(t.name)} | ${t.sentiment.posts} | ${interval(t.sentiment.shares.negative)} | ${interval(t.sentiment.shares.neutral)} | ${interval(t.sentiment.shares.positive)} | ${t.sentiment.abstained} |`,
          ),
          '',
        ]
      : []),
    '## Spikes',
    '',
    r.baseline.note ?? (r.spikes.length === 0 ? 'No term spiked under the rule below.' : ''),
    '',
    ...r.spikes.flatMap((s) => [
      `### ${s.term} (${s.evidence.rule})`,
      '',
      `${s.evidence.count} posts; ${s.evidence.baseline.length}-day baseline ${s.evidence.baseline.join(', ')} (mean ${s.evidence.baselineMean}, sd ${s.evidence.baselineSd}, spread used ${s.evidence.spread})${s.evidence.z === null ? '' : `; z = ${s.evidence.z}`}.`,
      '',
      ...(s.related.length > 0 ? [`Same burst of posts: ${s.related.map((x) => `${x.term} (${x.count})`).join(', ')}.`, ''] : []),
      ...(s.coordinated ? [spikeCoordinationLine(s.coordinated), ''] : []),
      ...s.examples.map((e) => `- [${e.label}] ${e.platform}, author ${e.author ?? '–'}, ${e.publishedAt}: ${mdCell(exampleText(e))}`),
      '',
    ]),
    ...(r.moreSpikes > 0 ? [`${r.moreSpikes} more separate spikes are in the JSON report.`, ''] : []),
    '## Top keywords',
    '',
    '| keyword | posts | vs day before | vs week before | negative | positive | uncertain |',
    '|---|---|---|---|---|---|---|',
    ...r.keywords.map(
      (k) =>
        `| ${mdCell(k.term)} | ${k.posts} | ${signed(k.posts, k.previousDay)} | ${signed(k.posts, k.previousWeek)} | ${interval(k.sentiment.shares.negative)} | ${interval(k.sentiment.shares.positive)} | ${k.sentiment.abstained} |`,
    ),
    '',
    '## Coverage and exclusions',
    '',
    ...(r.coverage.length === 0
      ? ['No collector run covers this day: absence of posts is not absence of talk.']
      : r.coverage.map(
          (c) =>
            `- ${c.connector}${c.query ? ` «${mdCell(c.query)}»` : ''}${c.platform ? ` (${c.platform})` : ''}: ${c.gaps.length > 0 ? `**${c.gaps[0]?.status}**` : 'ok'}; ${c.runs} runs, ${c.fetched} fetched, ${c.published} published, ${c.rejected} rejected; last run ${c.lastRunAt ?? '–'}`,
        )),
    '',
    ...gapLines(r).flatMap((g) => [`> ${mdCell(g.en)}  `, `> ${mdCell(g.id)}`, '']),
    ...(r.exclusions.length === 0
      ? ['No exclusions recorded for this day.']
      : r.exclusions.map((e) => `- excluded, ${e.reason} (${e.code}): ${e.count}`)),
    '',
    '## Model and method',
    '',
    `- Model ${r.model.name} ${r.model.version} (sha256 ${r.model.sha256.slice(0, 16)}…, ${r.model.backend}); ${r.model.evaluation.map(describeEvaluation).join('; ')}.`,
    `- ${r.method.label}`,
    `- ${r.method.abstainRule}`,
    `- ${r.method.keywordRule}`,
    `- ${r.method.spikeRule}`,
    `- ${r.method.interval}`,
    '',
    '## What this report cannot tell',
    '',
    ...r.limits.map((l) => `- ${l}`),
    '',
  ];
  return lines.join('\n');
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;max-width:900px;margin:24px auto;padding:0 16px}
h1{font-size:22px;margin-bottom:4px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd;padding-bottom:4px}h3{font-size:15px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:4px 6px;border-bottom:1px solid #eee;vertical-align:middle}
.muted{color:#666}.summary{background:#f6f8fa;padding:10px 14px;border-radius:6px}.spike{border-left:4px solid ${COLORS.negative};padding-left:12px;margin:12px 0}
.legend span{display:inline-block;margin-right:12px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px}
ul.examples li{margin-bottom:4px}tr.gap td{background:#fdecea}.note{background:#fff8e1;padding:8px 12px;border-radius:6px}
@media print{body{margin:0;max-width:none;font-size:11px}h2{break-after:avoid}.spike,table,svg{break-inside:avoid}a{color:inherit;text-decoration:none}}
`;

/** The report as one self-contained HTML page (inline CSS and SVG charts, no scripts), readable on screen and on paper. */
export function renderHtml(r: DailyReport): string {
  const title = `Daily keyword monitoring report — ${r.date}${r.topic ? ` — ${r.topic.name}` : ''}`;
  const legend = `<div class="legend">${(['negative', 'neutral', 'positive', 'uncertain'] as const).map((k) => `<span><i style="background:${COLORS[k]}"></i>${k}</span>`).join('')}</div>`;
  const spikes = r.spikes
    .map(
      (s) => `<section class="spike" data-term="${esc(s.key)}"><h3>${esc(s.term)} <span class="muted">(${s.evidence.rule})</span></h3>
<p><b>${s.evidence.count}</b> posts; baseline ${esc(s.evidence.baseline.join(', '))} (mean ${s.evidence.baselineMean}, sd ${s.evidence.baselineSd}, spread ${s.evidence.spread})${s.evidence.z === null ? '' : `; <b>z = ${s.evidence.z}</b>`}</p>
${s.related.length > 0 ? `<p class="muted">Same burst of posts: ${esc(s.related.map((x) => `${x.term} (${x.count})`).join(', '))}</p>` : ''}
${s.coordinated ? `<p class="coordinated">${esc(spikeCoordinationLine(s.coordinated))}</p>` : ''}
<ul class="examples">${s.examples.map((e) => `<li>[${esc(e.label)}] ${esc(e.platform)}, author ${esc(e.author ?? '–')}: ${e.text === null ? `<i>${esc(exampleText(e))}</i>` : esc(e.text)}</li>`).join('')}</ul></section>`,
    )
    .join('\n');
  const rows = r.keywords
    .map(
      (k) =>
        `<tr><td>${esc(k.term)}</td><td>${k.posts}</td><td>${signed(k.posts, k.previousDay)}</td><td>${signed(k.posts, k.previousWeek)}</td><td>${interval(k.sentiment.shares.negative)}</td><td>${interval(k.sentiment.shares.positive)}</td><td>${sparklineSvg(k.series)}</td></tr>`,
    )
    .join('\n');
  const coverage =
    r.coverage.length === 0
      ? '<p class="note">No collector run covers this day: absence of posts is not absence of talk.</p>'
      : `<table id="coverage"><tr><th>connector</th><th>query</th><th>platform</th><th>day</th><th>runs</th><th>fetched</th><th>published</th><th>rejected</th><th>last run</th></tr>${r.coverage
          .map(
            (c) =>
              `<tr${c.gaps.length > 0 ? ' class="gap"' : ''}><td>${esc(c.connector)}</td><td>${esc(c.query || '–')}</td><td>${esc(c.platform ?? '–')}</td><td>${c.gaps.length > 0 ? `<b>${esc(c.gaps[0]?.status ?? '')}</b>` : 'ok'}</td><td>${c.runs}</td><td>${c.fetched}</td><td>${c.published}</td><td>${c.rejected}</td><td>${esc(c.lastRunAt ?? '–')}</td></tr>`,
          )
          .join('')}</table>${gapLines(r)
          .map((g) => `<p class="note gap"><span lang="en">${esc(g.en)}</span><br><span lang="id">${esc(g.id)}</span></p>`)
          .join('')}`;
  return `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title><style>${CSS}</style></head>
<body>
<h1>${esc(title)}</h1>
<p class="muted">Day ${r.date} (${r.timeZone})${r.topic ? ` · topic query <code>${esc(r.topic.query)}</code>` : ''} · generated ${esc(r.generatedAt)}</p>
<div class="summary" id="summary"><p lang="id">${esc(r.summary.id)}</p><p lang="en">${esc(r.summary.en)}</p></div>
<h2>Volume</h2>
<p>${r.volume.posts} posts (day before ${r.volume.previousDay}, ${signed(r.volume.posts, r.volume.previousDay)}; same day last week ${r.volume.sameDayLastWeek}, ${signed(r.volume.posts, r.volume.sameDayLastWeek)}) · ${r.volume.uniqueAuthors} distinct author pseudonyms · likes ${r.volume.engagement.likes}, replies ${r.volume.engagement.replies}, shares ${r.volume.engagement.shares}, views ${r.volume.engagement.views}</p>
${volumeChartSvg(r.days, r.volume.series)}
<h2>Sentiment</h2>
<p>${esc(sentimentLine(r.sentiment))}</p>
${r.validation ? `<p id="validation">${esc(validationLine(r.validation))}</p>` : ''}
${legend}${sentimentChartSvg(r.sentiment.series)}
${r.coordination ? `<h2 id="coordination">Coordinated posting</h2><p>${esc(coordinationLine(r.coordination))}</p>` : ''}
${
  r.topics.length > 0
    ? `<h2>Topics</h2><table id="topics"><tr><th>topic</th><th>posts</th><th>negative (95% CI)</th><th>neutral (95% CI)</th><th>positive (95% CI)</th><th>uncertain</th></tr>${r.topics
        .map(
          (t) =>
            `<tr><td>${esc(t.name)}</td><td>${t.sentiment.posts}</td><td>${interval(t.sentiment.shares.negative)}</td><td>${interval(t.sentiment.shares.neutral)}</td><td>${interval(t.sentiment.shares.positive)}</td><td>${t.sentiment.abstained}</td></tr>`,
        )
        .join('')}</table>`
    : ''
}
<h2 id="spikes">Spikes</h2>
${r.baseline.note ? `<p class="note">${esc(r.baseline.note)}</p>` : r.spikes.length === 0 ? '<p>No term spiked under the rule below.</p>' : ''}
${spikes}
${r.moreSpikes > 0 ? `<p class="muted">${r.moreSpikes} more separate spikes are in the JSON report.</p>` : ''}
<h2>Top keywords</h2>
<table id="keywords"><tr><th>keyword</th><th>posts</th><th>vs day before</th><th>vs week before</th><th>negative (95% CI)</th><th>positive (95% CI)</th><th>14 days</th></tr>
${rows}</table>
<h2>Coverage and exclusions</h2>
${coverage}
<ul>${r.exclusions.length === 0 ? '<li>No exclusions recorded for this day.</li>' : r.exclusions.map((e) => `<li>excluded, ${esc(e.reason)} (${esc(e.code)}): ${e.count}</li>`).join('')}</ul>
<h2>Model and method</h2>
<ul><li>Model ${esc(r.model.name)} ${esc(r.model.version)} (sha256 ${esc(r.model.sha256.slice(0, 16))}…, ${esc(r.model.backend)}); ${esc(r.model.evaluation.map(describeEvaluation).join('; '))}</li>
<li>${esc(r.method.label)}</li><li>${esc(r.method.abstainRule)}</li><li>${esc(r.method.keywordRule)}</li><li>${esc(r.method.spikeRule)}</li><li>${esc(r.method.interval)}</li></ul>
<h2>What this report cannot tell</h2>
<ul>${r.limits.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>
</body></html>
`;
}
