import { loadEnv } from '@pantau/config';
import { type ModelEvaluation, PantauError } from '@pantau/contracts';
import {
  type ActivationResult,
  activateModel,
  activationHistory,
  listModels,
  MODELS_DIR,
  type ModelEntry,
  rollbackModel,
} from '@pantau/sentiment';
import { type CommandSpec, parseCommand } from '../spec.ts';

/** `pantau model --help`. */
export const spec = {
  usage: ['model list [--models DIR] [--json]', 'model activate VERSION [--models DIR] [--json]', 'model rollback [--models DIR] [--json]'],
  description:
    'The model versions of the models folder (models/<version>/) and which one is active (models/ACTIVE). list shows each version with its date, training data, held-out figures and whether its files are complete. activate checks a version (manifest names it, every recorded sha256 matches, it loads and predicts) before pointing ACTIVE at it atomically, and appends the switch to models/HISTORY. rollback returns to the version active before the current one; again, one further back. Running services load the active model when they start: restart them after a switch.',
  options: {
    models: { type: 'string', value: 'DIR', description: 'the models folder (default: models/)' },
    json: { type: 'boolean', default: false, description: 'machine-readable output' },
  },
  positionals: true,
  examples: ['model list', 'model activate 1.1.1', 'model rollback'],
} satisfies CommandSpec;

const pct = (x: number) => (100 * x).toFixed(1);

interface DeploymentSummary {
  tasks: {
    id: number;
    name: string;
    trainedLabels: number;
    heldOutLabels: number;
    heldOutEvaluation: { n: number; macroF1: number } | null;
  }[];
}

/** Training data of a version in a few words: the shared data sets, and the annotation tasks with their label counts. */
function trainingData(entry: ModelEntry): string {
  const manifest = entry.manifest;
  if (!manifest) return 'unknown (no readable manifest.json)';
  const files = Object.entries((manifest.trainingData ?? {}) as Record<string, { use?: string }>)
    .filter(([, f]) => !String(f.use ?? '').startsWith('held-out'))
    .map(([file]) => file.split('/')[0] ?? file);
  const shared = [...new Set(files)].join(', ') || 'not recorded';
  const deployment = manifest.deploymentLabels as DeploymentSummary | undefined;
  if (!deployment) return shared;
  const tasks = deployment.tasks.map((t) => `task ${t.id} (${t.trainedLabels} labels trained on, ${t.heldOutLabels} held out)`).join(', ');
  return `${shared} + ${tasks}`;
}

/** Held-out figures of a version: the benchmark sets, then each task's held-out part. */
function heldOutFigures(entry: ModelEntry): string {
  const manifest = entry.manifest;
  if (!manifest) return 'none';
  const benchmarks = (manifest.evaluation ?? []).map(
    (e: ModelEvaluation) => `${e.dataset}${e.binary ? ' (binary)' : ''} macro-F1 ${pct(e.macroF1)} (n ${e.n})`,
  );
  const deployment = manifest.deploymentLabels as DeploymentSummary | undefined;
  const tasks = (deployment?.tasks ?? []).flatMap((t) =>
    t.heldOutEvaluation ? [`task ${t.id} held-out macro-F1 ${pct(t.heldOutEvaluation.macroF1)} (n ${t.heldOutEvaluation.n})`] : [],
  );
  return [...benchmarks, ...tasks].join('; ') || 'none recorded';
}

/** Loads a model folder and predicts one text: what a service does with it on start. */
async function loads(dir: string): Promise<void> {
  const { loadSentimentModel } = await import('@pantau/sentiment');
  const model = await loadSentimentModel({ modelDir: dir, backend: loadEnv().PANTAU_TF_BACKEND });
  try {
    const [prediction] = await model.predict(['pelayanan puskesmas hari ini cepat']);
    const sum = (prediction?.probabilities ?? []).reduce((a, b) => a + b, 0);
    if (!prediction || !Number.isFinite(sum) || Math.abs(sum - 1) > 1e-3) {
      throw new PantauError('MODEL_UNAVAILABLE', `${dir}: the model loads but its probabilities do not sum to 1`);
    }
  } finally {
    model.dispose();
  }
}

function switched(result: ActivationResult, verb: string): string {
  if (!result.changed) return `model ${result.version} is already active; nothing changed\n`;
  return `${verb} model ${result.version} (was ${result.previous ?? 'none'}); weights sha256 ${result.manifest.sha256}\nrunning services load the active model when they start: restart the analysis service and the API to use it\n`;
}

/** `pantau model list | activate VERSION | rollback`. */
export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand('model', spec, argv);
  const [action, ...rest] = positionals;
  const modelsDir = values.models ?? MODELS_DIR;
  const arity = (n: number) => {
    if (rest.length !== n) {
      throw new PantauError(
        'INVALID_INPUT',
        `model ${action}: ${n === 0 ? 'takes no argument' : 'needs the VERSION'}; see pantau model --help`,
      );
    }
  };
  if (action === 'list') {
    arity(0);
    const entries = listModels(modelsDir);
    if (values.json) {
      process.stdout.write(
        `${JSON.stringify({
          models: entries.map((e) => ({
            version: e.version,
            active: e.active,
            trainedAt: e.manifest?.trainedAt ?? null,
            sha256: e.manifest?.sha256 ?? null,
            complete: e.problem === null,
            problem: e.problem,
            trainingData: trainingData(e),
            evaluation: e.manifest?.evaluation ?? [],
            deploymentLabels: e.manifest?.deploymentLabels ?? null,
          })),
          history: activationHistory(modelsDir),
        })}\n`,
      );
      return 0;
    }
    if (entries.length === 0) {
      process.stdout.write(`no model versions in ${modelsDir}: train one with pantau train\n`);
      return 0;
    }
    const lines = entries.flatMap((e) => [
      `${e.active ? '*' : ' '} ${e.version}  ${e.manifest?.trainedAt?.slice(0, 10) ?? 'date unknown'}${e.active ? '  (active)' : ''}${e.problem ? '  INCOMPLETE' : ''}`,
      `    trained on: ${trainingData(e)}`,
      `    held-out:   ${heldOutFigures(e)}`,
      ...(e.problem ? [`    problem:    ${e.problem}`] : []),
    ]);
    const history = activationHistory(modelsDir);
    const last = history.at(-1);
    process.stdout.write(
      `${[...lines, '', last ? `last switch: ${last.at} ${last.action} ${last.version}${last.from ? ` from ${last.from}` : ''} (${history.length} in HISTORY)` : 'no switch recorded in HISTORY yet'].join('\n')}\n`,
    );
    return 0;
  }
  if (action === 'activate') {
    arity(1);
    const result = await activateModel(modelsDir, rest[0] as string, { verify: loads });
    process.stdout.write(values.json ? `${JSON.stringify(summary(result))}\n` : switched(result, 'activated'));
    return 0;
  }
  if (action === 'rollback') {
    arity(0);
    const result = await rollbackModel(modelsDir, { verify: loads });
    process.stdout.write(values.json ? `${JSON.stringify(summary(result))}\n` : switched(result, 'rolled back to'));
    return 0;
  }
  throw new PantauError(
    'INVALID_INPUT',
    `model: ${action ? `unknown action ${action}` : 'an action is needed'} (list, activate VERSION, rollback)`,
  );
}

const summary = (r: ActivationResult) => ({ active: r.version, previous: r.previous, changed: r.changed, sha256: r.manifest.sha256 });
