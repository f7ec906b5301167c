import { readFileSync } from 'node:fs';
import { EMOTION_CLASSES, type EmotionClass, PantauError } from '@pantau/contracts';
import { parse } from 'csv-parse/sync';

/** One labelled EmoT row: text, emotion and the CSV line it came from. */
export interface EmotionRow {
  text: string;
  label: EmotionClass;
  line: number;
}

/** The EmoT files under the shared data folder: train chooses and fits everything, valid is only scored. */
export const EMOT_FILES = {
  train: 'emot/train_preprocess.csv',
  heldOut: 'emot/valid_preprocess.csv',
} as const;

/** Index of each class in the probability vectors. */
export const EMOTION_INDEX: Record<EmotionClass, number> = Object.fromEntries(EMOTION_CLASSES.map((c, i) => [c, i])) as Record<
  EmotionClass,
  number
>;

/** Reads an EmoT-style CSV (`label,tweet` header; columns `text`/`tweet` and `label`/`emotion` are found in any case). */
export function readEmotionRows(path: string): EmotionRow[] {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new PantauError('INVALID_INPUT', `cannot read ${path}`, { cause });
  }
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(content, { columns: true, bom: true, skip_empty_lines: true, info: true, relax_quotes: true });
  } catch (cause) {
    throw new PantauError('INVALID_INPUT', `CSV is malformed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  const first = records[0]?.record ?? {};
  const find = (names: string[]) => Object.keys(first).find((k) => names.includes(k.trim().toLowerCase()));
  const textColumn = find(['tweet', 'text']);
  const labelColumn = find(['label', 'emotion']);
  if (!textColumn || !labelColumn) throw new PantauError('INVALID_INPUT', `${path}: needs a text (or tweet) column and a label column`);
  const rows: EmotionRow[] = [];
  for (const { record, info } of records) {
    const label = String(record[labelColumn] ?? '')
      .trim()
      .toLowerCase();
    if (!(EMOTION_CLASSES as readonly string[]).includes(label)) {
      throw new PantauError('INVALID_INPUT', `line ${info.lines}: unknown emotion "${label}" (use ${EMOTION_CLASSES.join(', ')})`, {
        details: { line: info.lines },
      });
    }
    const text = String(record[textColumn] ?? '').trim();
    if (text) rows.push({ text, label: label as EmotionClass, line: info.lines });
  }
  if (rows.length === 0) throw new PantauError('INVALID_INPUT', `${path} has no labelled rows`);
  return rows;
}
