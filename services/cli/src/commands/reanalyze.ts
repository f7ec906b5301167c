import { loadEnv } from '@pantau/config';
import { isDay, PantauError } from '@pantau/contracts';
import { type Database, getTopic, listTopics, type ReanalyzeRun } from '@pantau/db';
import { reanalyze } from '@pantau/pipeline';
import { openDatabaseResources } from '@pantau/runtime';
import { type CountProgress, createCountProgress } from '../progress.ts';
import { type CommandSpec, parseCommand } from '../spec.ts';

/** `pantau reanalyze --help`. */
export const spec = {
  usage: ['reanalyze --from YYYY-MM-DD --to YYYY-MM-DD [--topic ID|NAME] [--batch N] [--json]'],
  description:
    "Relabels the stored posts of a window of Jakarta days (or only a topic's) with the active model and its emotion head, in batches: each batch replaces the labels and updates every rollup in one transaction. Posts already at the active version are skipped; the same command started again after a stop continues from where it stopped. Posts whose text retention removed keep their label and are reported as skipped.",
  options: {
    from: { type: 'string', value: 'YYYY-MM-DD', description: 'first day of the window (Asia/Jakarta)' },
    to: { type: 'string', value: 'YYYY-MM-DD', description: 'last day of the window (Asia/Jakarta)' },
    topic: { type: 'string', value: 'ID|NAME', description: 'only the posts tagged with this topic' },
    batch: { type: 'string', value: 'N', default: '500', description: 'posts per batch (one transaction each), 1 to 10000' },
    json: { type: 'boolean', default: false, description: 'machine-readable output' },
  },
  examples: ['reanalyze --from 2026-11-01 --to 2026-11-30', 'reanalyze --from 2026-11-01 --to 2026-11-07 --topic "antrean bpjs"'],
} satisfies CommandSpec;

/** The topic an argument names: its id, else its name (case-insensitive). */
async function topicIdOf(db: Database, value: string): Promise<number> {
  if (/^[1-9][0-9]{0,9}$/.test(value)) {
    const topic = await getTopic(db, Number(value));
    if (topic) return topic.id;
  }
  const named = (await listTopics(db)).find((t) => t.name.toLowerCase() === value.trim().toLowerCase());
  if (!named) throw new PantauError('NOT_FOUND', `--topic: no topic with the id or name ${JSON.stringify(value)}`);
  return named.id;
}

/** The summary line of a run. */
function summaryOf(run: ReanalyzeRun): string {
  const scope = `${run.from} to ${run.to}${run.topicId === null ? '' : ` (topic ${run.topicId})`}`;
  const emotion = run.emotionModelVersion ? ` and emotion head ${run.emotionModelVersion}` : '';
  return [
    `reanalyze run ${run.id}: ${scope} with model ${run.modelVersion}${emotion}${run.resumed ? ' (continued after a stop)' : ''}`,
    `  relabelled ${run.relabelled} posts in ${run.batches} batches`,
    `  skipped ${run.skippedNoText} posts: text removed by retention (they keep their label and its model version)`,
  ].join('\n');
}

/** `pantau reanalyze --from D --to D [--topic ID|NAME]`: relabels stored posts with the active model, resumably. */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommand('reanalyze', spec, argv);
  const from = values.from ?? '';
  const to = values.to ?? '';
  if (!isDay(from)) throw new PantauError('INVALID_INPUT', '--from: a calendar day YYYY-MM-DD (required)');
  if (!isDay(to)) throw new PantauError('INVALID_INPUT', '--to: a calendar day YYYY-MM-DD (required)');
  if (from > to) throw new PantauError('INVALID_INPUT', '--from: on or before --to');
  const batchSize = Number(values.batch);
  if (!(Number.isSafeInteger(batchSize) && batchSize >= 1 && batchSize <= 10_000))
    throw new PantauError('INVALID_INPUT', '--batch: a number of posts from 1 to 10000');
  const env = loadEnv();
  const resources = await openDatabaseResources(env);
  let bar: CountProgress | null = null;
  try {
    const db = resources.database.db;
    const topicId = values.topic === undefined ? null : await topicIdOf(db, values.topic);
    const model = await resources.model();
    let before = 0;
    const finished = await reanalyze({
      db,
      model,
      from,
      to,
      topicId,
      batchSize,
      onStart: (started) => {
        before = started.relabelled + started.skippedNoText;
        if (!values.json) {
          if (started.resumed)
            process.stderr.write(
              `continuing run ${started.id} after post ${started.cursorPostId} of ${started.cursorDay} (${before} of ${started.total} done)\n`,
            );
          bar = createCountProgress(`reanalyze ${model.manifest.version}`, started.total);
          bar.update(before);
        }
      },
      afterBatch: (progress) => bar?.update(progress.relabelled + progress.skippedNoText, `batch ${progress.batches}`),
    });
    (bar as CountProgress | null)?.done();
    bar = null;
    if (values.json) process.stdout.write(`${JSON.stringify(finished)}\n`);
    else process.stdout.write(`${summaryOf(finished)}\n`);
    return 0;
  } finally {
    (bar as CountProgress | null)?.done();
    await resources.close();
  }
}
