import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEnv } from '@pantau/config';
import { PantauError } from '@pantau/contracts';
import { getAnnotationTask } from '@pantau/db';
import { taskEvaluation } from '@pantau/report';
import { openDatabaseResources } from '@pantau/runtime';
import { activeModelDir, type ModelManifest } from '@pantau/sentiment';
import { parseCommand } from '../spec.ts';
import { render, spec } from './eval.ts';

/**
 * `pantau eval --task ID [--json] [--model DIR]`: the `pantau eval` report on a labelling task's in-scope gold labels,
 * scored from the probabilities the analysis stored for the active model version (nothing is predicted again).
 */
export async function run(argv: string[]): Promise<number> {
  // The options of `pantau eval` (one spec for both forms); a file option beside --task is refused.
  const { values } = parseCommand('eval', spec, argv);
  const extra = (['fixtures', 'format', 'text-column', 'label-column', 'label-map'] as const).find((o) => values[o] !== undefined);
  if (extra) throw new PantauError('INVALID_INPUT', `--${extra}: not with --task (a task is scored from stored predictions)`);
  const taskId = Number(values.task);
  if (!(Number.isSafeInteger(taskId) && taskId > 0)) throw new PantauError('INVALID_INPUT', '--task: a labelling task id');
  // Only the manifest is needed: the labels were stored by the analysis service under this version.
  const manifest = JSON.parse(readFileSync(join(values.model ?? activeModelDir(), 'manifest.json'), 'utf8')) as ModelManifest;
  const env = loadEnv();
  const resources = await openDatabaseResources(env);
  const { database } = resources;
  try {
    const task = await getAnnotationTask(database.db, taskId);
    if (!task) throw new PantauError('NOT_FOUND', `--task: no annotation task ${taskId}`);
    const report = await taskEvaluation(database.db, taskId, manifest.version);
    if (!report) {
      throw new PantauError(
        'INVALID_INPUT',
        `--task: task ${taskId} has no in-scope gold label (negative, neutral or positive) of a post labelled by model ${manifest.version} yet`,
      );
    }
    const model = { version: manifest.version, sha256: manifest.sha256 };
    process.stdout.write(
      values.json
        ? `${JSON.stringify({ ...report, model, task: { id: task.id, name: task.name, from: task.from, to: task.to } })}\n`
        : render(
            report,
            { ...model, backend: 'the labels stored by the analysis service' },
            `task ${task.id} "${task.name}" (${task.from} to ${task.to}) gold labels`,
          ),
    );
    return 0;
  } finally {
    await resources.close();
  }
}
