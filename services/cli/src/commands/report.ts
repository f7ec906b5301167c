import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { coordinationRuleOf, loadEnv, spikeRuleOf } from '@pantau/config';
import { addDays, isDay, jakartaDay, PantauError } from '@pantau/contracts';
import { methodOf } from '@pantau/disclosure';
import { buildDailyReport, headlineFactsOf, headlines, isReportLanguage, renderHtml, renderMarkdown, renderPdf } from '@pantau/report';
import { openDatabaseResources } from '@pantau/runtime';
import { type CommandSpec, parseCommand } from '../spec.ts';

const FORMATS = ['md', 'html', 'json', 'pdf'] as const;

/** `pantau report --help`. */
export const spec = {
  usage: ['report [--date YYYY-MM-DD] [--topic ID] [--out DIR] [--format md,html,json,pdf] [--lang id|en] [--exclude-coordinated]'],
  description: 'Writes the daily keyword monitoring report of one Asia/Jakarta day: summary, spikes, sentiment with its disclosure.',
  options: {
    date: { type: 'string', value: 'YYYY-MM-DD', description: 'the day (default: yesterday in Asia/Jakarta)' },
    topic: { type: 'string', value: 'ID', description: 'only the posts of this topic' },
    out: { type: 'string', value: 'DIR', default: 'reports', description: 'folder to write into' },
    format: {
      type: 'string',
      value: 'LIST',
      default: 'md,html,json',
      description: 'comma-separated formats among md, html, json, pdf (pdf: printed by headless Chromium, REPORT_CHROMIUM_PATH)',
    },
    lang: { type: 'string', value: 'id|en', description: 'language of md, html and pdf (default REPORT_LANGUAGE, id)' },
    'exclude-coordinated': { type: 'boolean', default: false, description: 'leave out the posts of coordinated clusters' },
  },
  examples: [
    'report',
    'report --date 2026-11-24 --topic 3 --format md',
    'report --format pdf --lang en',
    'report --exclude-coordinated --out /tmp/reports',
  ],
} satisfies CommandSpec;

/**
 * `pantau report [--date YYYY-MM-DD] [--topic ID] [--out DIR] [--format md,html,json]`: writes the daily keyword
 * monitoring report (default: yesterday in Asia/Jakarta, all posts, into ./reports).
 */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommand('report', spec, argv);
  const date = values.date ?? addDays(jakartaDay(Date.now()), -1);
  if (!isDay(date)) throw new PantauError('INVALID_INPUT', '--date: a calendar day YYYY-MM-DD');
  const topicId = values.topic === undefined ? undefined : Number(values.topic);
  if (topicId !== undefined && !(Number.isSafeInteger(topicId) && topicId > 0))
    throw new PantauError('INVALID_INPUT', '--topic: a topic id');
  const formats = values.format.split(',').map((f) => f.trim());
  const unknown = formats.filter((f) => !(FORMATS as readonly string[]).includes(f));
  if (unknown.length > 0) throw new PantauError('INVALID_INPUT', `--format: ${unknown.join(', ')} is not one of ${FORMATS.join(', ')}`);

  if (values.lang !== undefined && !isReportLanguage(values.lang)) throw new PantauError('INVALID_INPUT', '--lang: id or en');
  const env = loadEnv();
  const lang = isReportLanguage(values.lang) ? values.lang : env.REPORT_LANGUAGE;
  const resources = await openDatabaseResources(env);
  const { database } = resources;
  try {
    const model = await resources.model();
    const method = methodOf(model);
    const report = await buildDailyReport(database.db, {
      date,
      topicId,
      model: model.disclosure(),
      emotionModel: model.emotion?.disclosure(),
      method,
      rule: spikeRuleOf(env),
      coordinationRule: coordinationRuleOf(env),
      excludeCoordinated: values['exclude-coordinated'],
      validationMinLabels: env.VALIDATION_MIN_LABELS,
    });
    if (topicId !== undefined && !report.topic) throw new PantauError('NOT_FOUND', `--topic: no topic ${topicId}`);
    mkdirSync(values.out, { recursive: true });
    const base = join(
      values.out,
      `report-${date}${topicId ? `-topic-${topicId}` : ''}${values['exclude-coordinated'] ? '-without-coordinated' : ''}`,
    );
    const written: string[] = [];
    for (const format of formats) {
      const content =
        format === 'md'
          ? renderMarkdown(report, lang)
          : format === 'html'
            ? renderHtml(report, lang)
            : format === 'pdf'
              ? await renderPdf(renderHtml(report, lang), { executablePath: env.REPORT_CHROMIUM_PATH })
              : `${JSON.stringify(report, null, 2)}\n`;
      writeFileSync(`${base}.${format}`, content);
      written.push(`${base}.${format}`);
    }
    process.stdout.write(`${headlines(headlineFactsOf(report), lang).join('\n')}\n${written.join('\n')}\n`);
    model.dispose();
    return 0;
  } finally {
    await resources.close();
  }
}
