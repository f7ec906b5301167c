import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PantauError } from '@pantau/contracts';
import {
  activeModelDir,
  compareOnRegionalRows,
  type EvaluationReport,
  hasRegionalHead,
  REGIONAL_CORPUS_NOTE,
  REGIONAL_SENTIMENT_CODES,
  REGIONAL_SENTIMENT_NAMES,
  type RegionalComparison,
  type RegionalManifest,
  readRegionalHead,
  regionalHeldOutRows,
} from '@pantau/sentiment';

const SHARED_DATA = fileURLToPath(new URL('../../../../../shared/data/', import.meta.url));

const pct = (x: number | null) => (x === null ? 'n/a' : (100 * x).toFixed(1));
const cell = (r: EvaluationReport | undefined) =>
  r
    ? `${pct(r.macroF1).padStart(5)} (${pct(r.macroF1CI[0])}–${pct(r.macroF1CI[1])})  ${pct(r.accuracy).padStart(5)}  ${pct(r.abstainRate).padStart(5)}%`
    : 'n/a';

/** The text `pantau eval --regional` prints: per language, the Indonesian model ("before") and the regional head ("after") on NusaX valid. */
export function renderRegional(c: RegionalComparison, head: Pick<RegionalManifest, 'version' | 'sha256'>, modelVersion: string): string {
  const row = (name: string, after: EvaluationReport | undefined, before: EvaluationReport | undefined) =>
    `${name.padEnd(20)} ${String(after?.n ?? 0).padStart(4)}  ${cell(before).padEnd(31)}  ${cell(after)}`;
  return `${[
    `NusaX valid (held out): ${REGIONAL_CORPUS_NOTE}.`,
    `after: regional head ${head.version} (sha256 ${head.sha256.slice(0, 16)}…); before: the Indonesian model ${modelVersion} on the same texts`,
    '',
    `${'language'.padEnd(20)}    n  before: macro-F1 (95% CI)  acc. abst.  after: macro-F1 (95% CI)  acc. abst.`,
    ...REGIONAL_SENTIMENT_CODES.map((l) => row(`${REGIONAL_SENTIMENT_NAMES[l]} (${l})`, c.head.languages[l], c.indonesian.languages[l])),
    row('all six', c.head.all, c.indonesian.all),
    '',
    'NusaX valid chose nothing. Both scorers were trained on SmSA train, which holds the Indonesian originals of most of these sentences: both figures are optimistic.',
  ].join('\n')}\n`;
}

/** `pantau eval --regional [--data DIR] [--model DIR] [--json]`. */
export async function run(values: { model?: string | undefined; data?: string | undefined; json?: boolean | undefined }): Promise<number> {
  const modelDir = values.model ?? activeModelDir();
  if (!hasRegionalHead(modelDir))
    throw new PantauError('MODEL_UNAVAILABLE', 'this model folder has no regional head: run `pantau train --regional-only`');
  const { manifest } = readRegionalHead(modelDir);
  const comparison = await compareOnRegionalRows(modelDir, regionalHeldOutRows(values.data ?? SHARED_DATA));
  const { version } = JSON.parse(readFileSync(join(modelDir, 'manifest.json'), 'utf8')) as { version: string };
  process.stdout.write(
    values.json
      ? `${JSON.stringify({ corpus: REGIONAL_CORPUS_NOTE, regionalHead: { version: manifest.version, sha256: manifest.sha256 }, model: version, ...comparison })}\n`
      : renderRegional(comparison, manifest, version),
  );
  return 0;
}
