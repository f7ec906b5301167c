import { createHash } from 'node:crypto';
import { SENTIMENT_CLASSES, type SentimentClass } from '@pantau/contracts';
import type { LabeledRow } from './fixtures.ts';
import type { EvaluationReport } from './metrics.ts';

/** Share of each annotation task's labelled posts held out by default: never trained on, scored after training. */
export const DEPLOYMENT_HOLD_OUT_SHARE = 0.2;

/** How the held-out part of a task is drawn, as the manifest and the card state it. */
export const DEPLOYMENT_HOLD_OUT_METHOD =
  'a post is held out when sha256("<seed>:<post id>"), read as a number in [0, 1), is below the share: the same post is on the same side in every task and every run with that seed';

/** A gold label of the deployment, with the post it labels. */
export interface DeploymentRow extends LabeledRow {
  postId: string;
}

/** One annotation task's gold labels, split by post into the rows trained on and the held-out rows. */
export interface DeploymentLabelSet {
  task: { id: number; name: string; from: string; to: string };
  train: DeploymentRow[];
  heldOut: DeploymentRow[];
  /** Labelled posts of the task not used at all, by reason. */
  skipped: Record<string, number>;
}

/** The deployment's labels added to a training run. */
export interface DeploymentLabels {
  sets: DeploymentLabelSet[];
  /** Weight of each trained deployment row in the loss (an SmSA row weighs 1). */
  weight: number;
  holdOutShare: number;
  seed: number;
}

/** A task's held-out figures for the new model and, when given, for the model it is compared with. */
export interface DeploymentEvaluation {
  taskId: number;
  report: EvaluationReport | null;
  baseline: { version: string; report: EvaluationReport } | null;
}

/** Whether a post is held out: a stable function of the seed and the post id (see DEPLOYMENT_HOLD_OUT_METHOD). */
export function isHeldOutPost(postId: string, seed: number, share: number): boolean {
  const hex = createHash('sha256').update(`${seed}:${postId}`).digest('hex').slice(0, 12);
  return Number.parseInt(hex, 16) / 2 ** 48 < share;
}

/**
 * Splits the gold labels of a task into trained and held-out rows. Only negative, neutral and positive are sentiment
 * labels; other gold labels (not_relevant, not_indonesian), posts without a gold label (unlabelled or disputed) and posts
 * whose text retention removed are counted in `skipped`. A post already used by an earlier set is skipped as a
 * duplicate, and a trained row whose text equals a held-out row's text is dropped, so no held-out text is trained on.
 */
export function splitDeploymentLabels(
  tasks: readonly {
    task: DeploymentLabelSet['task'];
    items: readonly { postId: string; gold: string | null; text: string | null }[];
  }[],
  options: { seed: number; holdOutShare: number },
): DeploymentLabelSet[] {
  const seen = new Set<string>();
  const sets = tasks.map(({ task, items }) => {
    const skipped: Record<string, number> = {};
    const skip = (reason: string) => {
      skipped[reason] = (skipped[reason] ?? 0) + 1;
    };
    const train: DeploymentRow[] = [];
    const heldOut: DeploymentRow[] = [];
    for (const [i, item] of items.entries()) {
      const reason =
        item.gold === null
          ? 'no gold label (unlabelled or disputed)'
          : !(SENTIMENT_CLASSES as readonly string[]).includes(item.gold)
            ? `gold label ${item.gold}`
            : item.text === null
              ? 'text removed by retention'
              : seen.has(item.postId)
                ? 'post already used from an earlier task'
                : null;
      if (reason !== null || item.text === null) {
        skip(reason ?? 'text removed by retention');
        continue;
      }
      seen.add(item.postId);
      const row = { postId: item.postId, text: item.text, label: item.gold as SentimentClass, line: i + 1 };
      (isHeldOutPost(item.postId, options.seed, options.holdOutShare) ? heldOut : train).push(row);
    }
    return { task, train, heldOut, skipped };
  });
  const heldOutTexts = new Set(sets.flatMap((s) => s.heldOut.map((r) => r.text)));
  for (const set of sets) {
    const kept = set.train.filter((r) => !heldOutTexts.has(r.text));
    const dropped = set.train.length - kept.length;
    if (dropped > 0) set.skipped['same text as a held-out post'] = (set.skipped['same text as a held-out post'] ?? 0) + dropped;
    set.train = kept;
  }
  return sets;
}

/** Labels per class of some rows. */
export function countByLabel(rows: readonly { label: SentimentClass }[]): Record<SentimentClass, number> {
  const counts = { negative: 0, neutral: 0, positive: 0 };
  for (const r of rows) counts[r.label] += 1;
  return counts;
}

const pct = (x: number) => (100 * x).toFixed(1);
const line = (r: EvaluationReport) =>
  `n ${r.n}, macro-F1 ${pct(r.macroF1)} (95% CI ${pct(r.macroF1CI[0])}–${pct(r.macroF1CI[1])}), accuracy ${pct(r.accuracy)}, abstained ${pct(r.abstainRate)}%`;

/** The model card's section on the deployment's labels: which tasks, how many labels trained on and held out, the figures. */
export function renderDeploymentSection(labels: DeploymentLabels, evaluations: readonly DeploymentEvaluation[]): string {
  const counts = (rows: readonly { label: SentimentClass }[]) => {
    const c = countByLabel(rows);
    return `${rows.length} (negative ${c.negative}, neutral ${c.neutral}, positive ${c.positive})`;
  };
  const tasks = labels.sets.map((set) => {
    const evaluation = evaluations.find((e) => e.taskId === set.task.id);
    const skipped = Object.entries(set.skipped);
    return [
      `### Task ${set.task.id} "${set.task.name}" (${set.task.from} to ${set.task.to})`,
      '',
      `- Trained on: ${counts(set.train)} gold labels.`,
      `- Held out: ${counts(set.heldOut)} gold labels, never trained on; their post ids are in \`manifest.json\`.`,
      `- Not used: ${skipped.length ? skipped.map(([reason, n]) => `${n} (${reason})`).join('; ') : 'none'}.`,
      evaluation?.report
        ? `- This model on the held-out part (3 classes): ${line(evaluation.report)}.`
        : '- No held-out labels: no in-domain figure for this task.',
      ...(evaluation?.baseline
        ? [`- Model ${evaluation.baseline.version} on the same held-out part: ${line(evaluation.baseline.report)}.`]
        : []),
      '',
    ].join('\n');
  });
  return `## The deployment's own labels
Gold labels of the deployment's annotation tasks (the adjudicated label, else the label every annotator gave) were
added to the training rows, each with weight ${labels.weight}. ${Math.round(100 * labels.holdOutShare)}% of each task's labelled posts were held out
(seed ${labels.seed}): ${DEPLOYMENT_HOLD_OUT_METHOD}. The held-out labels chose nothing (temperature and abstain threshold
are still chosen on the SmSA dev split) and are scored once the model is written. A task's labelled posts are a random
sample of its window, so these figures are in-domain for that window; with few labels their intervals are wide.

${tasks.join('\n')}`;
}
