import { createReadStream } from 'node:fs';
import { basename, extname } from 'node:path';
import { createInterface } from 'node:readline';
import { PantauError } from '@pantau/contracts';
import { parse } from 'csv-parse';
import type { Connector, ConnectorPage, SourceItem } from '../connector.ts';

export type FileFormat = 'jsonl' | 'csv';

const PAGE_SIZE = 1_000;
const ENGAGEMENT_COLUMNS = ['likes', 'replies', 'shares', 'views'] as const;

/** Guesses the format from the file extension (`.csv` or JSON lines). */
export function fileFormatOf(path: string): FileFormat {
  return extname(path).toLowerCase() === '.csv' ? 'csv' : 'jsonl';
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

/** Items of a JSONL or CSV file in order. */
export function readPostsFile(path: string, format: FileFormat = fileFormatOf(path)): AsyncGenerator<SourceItem> {
  return format === 'csv' ? readCsv(path) : readJsonLines(path);
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
