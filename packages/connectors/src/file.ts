import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { createInterface } from 'node:readline';
import { PantauError } from '@pantau/contracts';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import type { Connector, ConnectorPage, SourceItem } from './connector.ts';

export type FileFormat = 'jsonl' | 'csv' | 'json';

const PAGE_SIZE = 1_000;
const ENGAGEMENT_COLUMNS = ['likes', 'replies', 'shares', 'views'] as const;

/** Guesses the format from the file extension (`.csv`, `.json` for an array of posts, else JSON lines). */
export function fileFormatOf(path: string): FileFormat {
  const ext = extname(path).toLowerCase();
  return ext === '.csv' ? 'csv' : ext === '.json' ? 'json' : 'jsonl';
}

/** Reads JSON lines: one incoming post per line; blank lines are skipped, broken lines reported as invalid. */
async function* readJsonLines(path: string): AsyncGenerator<SourceItem> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Number.POSITIVE_INFINITY });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    try {
      yield { ref: `line ${n}`, item: JSON.parse(line) };
    } catch (error) {
      yield {
        ref: `line ${n}`,
        invalid: { reason: 'invalid_json', detail: error instanceof Error ? error.message : 'invalid JSON', raw: line.slice(0, 10_000) },
      };
    }
  }
}

/** Turns one CSV row (header names as in the incoming shape, engagement as separate columns) into an incoming post. */
function csvRowToItem(row: Record<string, string>): unknown {
  const item: Record<string, unknown> = {};
  const engagement: Record<string, number> = {};
  for (const [column, raw] of Object.entries(row)) {
    const value = raw.trim();
    if (value === '') continue;
    if ((ENGAGEMENT_COLUMNS as readonly string[]).includes(column)) engagement[column] = Number(value);
    else if (column === 'isPublic') item.isPublic = value.toLowerCase() === 'true';
    else item[column] = column === 'text' ? raw : value;
  }
  if (Object.keys(engagement).length > 0) item.engagement = engagement;
  return item;
}

/** Reads CSV with a header row (RFC 4180 quoting; fields may hold commas and newlines). */
async function* readCsv(path: string): AsyncGenerator<SourceItem> {
  const parser = createReadStream(path).pipe(parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true }));
  let n = 1;
  try {
    for await (const row of parser as AsyncIterable<Record<string, string>>) {
      n++;
      yield { ref: `record ${n}`, item: csvRowToItem(row) };
    }
  } catch (cause) {
    throw new PantauError('INVALID_INPUT', `${basename(path)}: CSV is malformed after record ${n}`, { cause });
  }
}

/** Reads a JSON array of posts (or one post object); the whole file must be valid JSON. */
async function* readJsonArray(path: string): AsyncGenerator<SourceItem> {
  const value = parseJsonFile(path, await readFile(path, 'utf8'));
  const items = Array.isArray(value) ? value : [value];
  for (const [i, item] of items.entries()) yield { ref: `item ${i + 1}`, item };
}

/** Parses a whole JSON file; a syntax error names the line it is on. */
function parseJsonFile(path: string, content: string): unknown {
  try {
    return JSON.parse(content);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    // V8 gives the position of most syntax errors; without it the line is not named rather than guessed.
    const position = /position (\d+)/.exec(message)?.[1];
    const line = position === undefined ? null : content.slice(0, Number(position)).split('\n').length;
    throw new PantauError('INVALID_INPUT', `${basename(path)}${line ? ` line ${line}` : ''}: not valid JSON (${message})`, {
      cause,
      details: { line },
    });
  }
}

/** Items of a JSONL, CSV or JSON file in order. */
export function readPostsFile(path: string, format: FileFormat = fileFormatOf(path)): AsyncGenerator<SourceItem> {
  return format === 'csv' ? readCsv(path) : format === 'json' ? readJsonArray(path) : readJsonLines(path);
}

const SNIFF_BYTES = 64 * 1024;
const SNIFF_LINES = 5;
const CSV_REQUIRED = ['platform', 'externalId', 'author', 'publishedAt', 'text'];
const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks, before anything is published, that a file is posts in its format: a JSONL file whose first non-empty lines
 * hold no JSON object, a CSV whose header lacks a required column, a JSON file that does not parse, or binary data is
 * an INVALID_INPUT naming the first bad line. Single bad lines of a file that passes go to the dead-letter topic.
 */
export async function assertPostsFile(path: string, format: FileFormat = fileFormatOf(path)): Promise<void> {
  const name = basename(path);
  const fail = (line: number, what: string) =>
    new PantauError('INVALID_INPUT', `${name} line ${line}: ${what}`, { details: { line, format } });
  if (format === 'json') {
    const value = parseJsonFile(path, await readFile(path, 'utf8'));
    const items = Array.isArray(value) ? value : [value];
    if (!items.some(isObject)) throw fail(1, 'not a JSON array of post objects (or one post object)');
    return;
  }
  const file = await open(path, 'r');
  let head: string;
  let whole: boolean;
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await file.read(buffer, 0, SNIFF_BYTES, 0);
    head = buffer.subarray(0, bytesRead).toString('utf8');
    whole = bytesRead < SNIFF_BYTES;
  } finally {
    await file.close();
  }
  const lines = head.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (!whole) lines.pop(); // cut in the middle: only whole lines are judged
  const nul = lines.findIndex((l) => l.includes('\0'));
  if (nul >= 0) throw fail(nul + 1, `binary data, not a ${format === 'csv' ? 'CSV' : 'JSON-lines'} file of posts`);
  const filled = lines.map((text, i) => ({ text, line: i + 1 })).filter((l) => l.text.trim() !== '');
  const first = filled[0];
  if (!first) return;
  if (format === 'csv') {
    let header: string[] = [];
    try {
      header = (parseSync(first.text, { relax_quotes: true }) as string[][])[0] ?? [];
    } catch {
      // An unparsable header is named below like a header without the columns.
    }
    const missing = CSV_REQUIRED.filter((c) => !header.map((h) => h.trim()).includes(c));
    if (missing.length > 0)
      throw fail(first.line, `not a CSV header of posts: no ${missing.join(', ')} column (needs ${CSV_REQUIRED.join(', ')})`);
    return;
  }
  if (first.text.trimStart().startsWith('['))
    throw fail(first.line, 'a JSON array, not JSON lines (one post object per line); read it with --format json');
  const sample = filled.slice(0, SNIFF_LINES);
  const parses = (text: string) => {
    try {
      return isObject(JSON.parse(text));
    } catch {
      return false;
    }
  };
  if (!sample.some((l) => parses(l.text))) {
    throw fail(
      first.line,
      'not a JSON object, so this is not a JSON-lines file of posts (one post object per line); give a .jsonl, .csv or .json file of posts',
    );
  }
}

/** The file connector: imports a JSONL or CSV export in pages, resumable by item count. */
export function fileConnector(path: string, format: FileFormat = fileFormatOf(path)): Connector {
  async function* pages(skip = 0): AsyncGenerator<ConnectorPage> {
    let seen = 0;
    let page: SourceItem[] = [];
    for await (const entry of readPostsFile(path, format)) {
      seen++;
      if (seen <= skip) continue;
      page.push(entry);
      if (page.length >= PAGE_SIZE) {
        yield { items: page, checkpoint: String(seen) };
        page = [];
      }
    }
    if (page.length > 0) yield { items: page, checkpoint: String(seen) };
  }
  return {
    name: 'file',
    platform: null,
    query: basename(path),
    fetch: (_window, checkpoint) => pages(checkpoint ? Number(checkpoint) : 0),
    map: (item) => item,
  };
}
