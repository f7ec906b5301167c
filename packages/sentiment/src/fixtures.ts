import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { PantauError, SENTIMENT_CLASSES, type SentimentClass } from '@pantau/contracts';
import { parse } from 'csv-parse/sync';

/** One labelled text and the line it came from. */
export interface LabeledRow {
  text: string;
  label: SentimentClass;
  line: number;
}

export type FixtureFormat = 'tsv' | 'csv' | 'jsonl';

export interface FixtureOptions {
  format?: FixtureFormat | undefined;
  textColumn?: string | undefined;
  labelColumn?: string | undefined;
  /** Raw label → class, e.g. `{ '0': 'negative', '1': 'positive' }`; names of the classes always map to themselves. */
  labelMap?: Record<string, SentimentClass> | undefined;
}

const SYNONYMS: Record<string, SentimentClass> = {
  negative: 'negative',
  neg: 'negative',
  negatif: 'negative',
  neutral: 'neutral',
  neu: 'neutral',
  netral: 'neutral',
  positive: 'positive',
  pos: 'positive',
  positif: 'positive',
};

/** Column names found without `--text-column` / `--label-column`, in order of preference (any letter case). */
export const TEXT_COLUMNS = ['text', 'content', 'sentence', 'tweet'] as const;
export const LABEL_COLUMNS = ['label', 'sentiment'] as const;

/** The first of `candidates` among a record's columns, matched regardless of case. */
function findColumn(record: Record<string, unknown>, candidates: readonly string[]): string | undefined {
  const columns = Object.keys(record);
  for (const candidate of candidates) {
    const found = columns.find((c) => c.trim().toLowerCase() === candidate);
    if (found !== undefined) return found;
  }
  return undefined;
}

const invalid = (message: string, line?: number) =>
  new PantauError('INVALID_INPUT', line === undefined ? message : `line ${line}: ${message}`, {
    details: line === undefined ? {} : { line },
  });

/** Parses `0=negative,1=positive` into a label map; an unknown class name is an error. */
export function parseLabelMap(spec: string): Record<string, SentimentClass> {
  const map: Record<string, SentimentClass> = {};
  for (const part of spec.split(',')) {
    const [raw, cls] = part.split('=').map((s) => s.trim());
    if (!raw || !cls || !(SENTIMENT_CLASSES as readonly string[]).includes(cls)) {
      throw invalid(`--label-map: "${part}" is not RAW=negative|neutral|positive`);
    }
    map[raw] = cls as SentimentClass;
  }
  return map;
}

/** Guesses the fixture format from the file extension (default: SmSA-style TSV). */
export function formatOf(path: string): FixtureFormat {
  const ext = extname(path).toLowerCase();
  return ext === '.csv' ? 'csv' : ext === '.jsonl' || ext === '.json' ? 'jsonl' : 'tsv';
}

/**
 * Reads labelled fixtures: TSV `text<TAB>label` without header (as SmSA), or CSV / JSONL by column names.
 * Empty files, missing columns and unknown labels are INVALID_INPUT errors naming the line.
 */
export function readFixtures(path: string, options: FixtureOptions = {}): LabeledRow[] {
  const format = options.format ?? formatOf(path);
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (cause) {
    const missing = (cause as { code?: unknown } | null)?.code === 'ENOENT';
    throw new PantauError('INVALID_INPUT', `cannot read ${path}${missing ? ': no such file (check the path)' : ''}`, { cause });
  }
  const toLabel = (raw: unknown, line: number): SentimentClass => {
    const key = String(raw ?? '').trim();
    const mapped = options.labelMap?.[key] ?? SYNONYMS[key.toLowerCase()];
    if (!mapped) {
      throw invalid(`unknown label "${key}" (use negative, neutral, positive, or --label-map such as 0=negative,1=positive)`, line);
    }
    return mapped;
  };
  const rows: LabeledRow[] = [];
  if (format === 'tsv') {
    const lines = content.split(/\r?\n/);
    lines.forEach((l, i) => {
      if (l.trim() === '') return;
      const tab = l.lastIndexOf('\t');
      if (tab < 0) throw invalid('expected text<TAB>label', i + 1);
      const text = l.slice(0, tab).trim();
      if (!text) throw invalid('empty text', i + 1);
      rows.push({ text, label: toLabel(l.slice(tab + 1), i + 1), line: i + 1 });
    });
  } else {
    let records: { record: Record<string, unknown>; line: number }[];
    if (format === 'csv') {
      try {
        const parsed = parse(content, { columns: true, bom: true, skip_empty_lines: true, info: true }) as {
          record: Record<string, string>;
          info: { lines: number };
        }[];
        records = parsed.map((p) => ({ record: p.record, line: p.info.lines }));
      } catch (cause) {
        throw new PantauError('INVALID_INPUT', `CSV is malformed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
      }
    } else {
      records = [];
      content.split(/\r?\n/).forEach((l, i) => {
        if (l.trim() === '') return;
        try {
          records.push({ record: JSON.parse(l) as Record<string, unknown>, line: i + 1 });
        } catch {
          throw invalid('not valid JSON', i + 1);
        }
      });
    }
    // Common names are found without flags (SmSA-like `text,label`, IndoLEM `sentence,sentiment`, `tweet`, `content`).
    const textColumn = options.textColumn ?? findColumn(records[0]?.record ?? {}, TEXT_COLUMNS);
    const labelColumn = options.labelColumn ?? findColumn(records[0]?.record ?? {}, LABEL_COLUMNS);
    for (const { record, line } of records) {
      if (textColumn === undefined) throw invalid(`no text column (looked for ${TEXT_COLUMNS.join(', ')}); set --text-column`, line);
      if (labelColumn === undefined) throw invalid(`no label column (looked for ${LABEL_COLUMNS.join(', ')}); set --label-column`, line);
      if (!(textColumn in record)) throw invalid(`missing column "${textColumn}" (set --text-column)`, line);
      if (!(labelColumn in record)) throw invalid(`missing column "${labelColumn}" (set --label-column)`, line);
      const text = String(record[textColumn] ?? '').trim();
      if (!text) throw invalid('empty text', line);
      rows.push({ text, label: toLabel(record[labelColumn], line), line });
    }
  }
  if (rows.length === 0) throw invalid(`${path} has no labelled rows`);
  return rows;
}
