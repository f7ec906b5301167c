// `tsx bench/mention-shapes.ts --database-url URL [--per N] [--only SHAPE] [--keyword-days kept|statement]`: Postgres CPU per page of `/v1/mentions`, by
// the shape of its query (filter × sort × first or second page), without HTTP: the mix of the api section's mentions
// row (bench/api-queries.ts), each shape's first N queries run one after another on one connection of each pool, the
// CPU time of the database's backends read from /proc around them. The filter's days (the route's total) are counted
// before, as the API holds them in memory. URL names a seeded database of its own (bench/api-cpu.ts seeds one).
import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  keywordMentionDays,
  keywordMentionsNewest,
  type Mention,
  type MentionCursor,
  mentions,
  openDatabase,
  sentimentOverview,
} from '@pantau/db';
import { mentionFilters, variedWindows } from './api-queries.ts';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    per: { type: 'string', default: '150' },
    only: { type: 'string' },
    // kept: a keyword's days counted before, as the API holds the keyword rollups in memory (the default); statement:
    // counted in the page's statement, as the API does where it keeps no keyword rollups.
    'keyword-days': { type: 'string', default: 'kept' },
  },
});
const url = values['database-url'];
if (!url) throw new Error('--database-url is required');
const database = decodeURIComponent(new URL(url).pathname.slice(1));

/** User + system CPU milliseconds of the Postgres backends serving the database. */
function backendsCpuMs(): number {
  let sum = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!title.startsWith('postgres: ') || !title.split(' ').includes(database)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      sum += (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      // gone meanwhile
    }
  }
  return sum;
}

const handle = await openDatabase({ url, maxConnections: 1 });
const { db } = handle;
const shapes = new Map<string, URLSearchParams[]>();
for (const query of mentionFilters(variedWindows())) {
  const p = new URLSearchParams(query);
  const filter = [...p.keys()].filter((k) => !['from', 'to', 'sort', 'limit'].includes(k)).join('+') || 'none';
  const shape = `${filter}/${p.get('sort')}`;
  if (values.only && !shape.includes(values.only)) continue;
  const list = shapes.get(shape) ?? [];
  if (list.length < Number(values.per)) list.push(p);
  shapes.set(shape, list);
}

/** The filter of a query string and its days, as the route has them before it reads a page. */
async function prepared(p: URLSearchParams) {
  const filter = {
    from: p.get('from') as string,
    to: p.get('to') as string,
    platform: p.get('platform') ?? undefined,
    label: p.get('label') ?? undefined,
    key: p.get('term') ?? undefined,
    topicId: p.get('topic') ? Number(p.get('topic')) : undefined,
    modelVersion: 'bench',
  };
  const sort = p.get('sort') as 'time' | 'engagement';
  let countedDays: { day: string; n: number }[] | undefined;
  if (filter.topicId === undefined && filter.key !== undefined) countedDays = await keywordMentionDays(db, { ...filter, key: filter.key });
  else if (filter.topicId === undefined) {
    const column = (['negative', 'neutral', 'positive', 'uncertain'] as const).find((c) => c === filter.label) ?? 'posts';
    const overview = await sentimentOverview(db, { ...filter, granularity: 'day' });
    countedDays = overview.series.map((s) => ({ day: s.period, n: s[column] }));
  }
  return { filter, sort, countedDays };
}

/** A page of 20 (and one more) as the route reads it. */
async function page(q: Awaited<ReturnType<typeof prepared>>, after: MentionCursor | undefined): Promise<Mention[]> {
  const { filter, sort, countedDays } = q;
  // The keyword's days with its newest posts in one statement where the API keeps no keyword rollups (too many rows).
  if (filter.key !== undefined && sort === 'time' && values['keyword-days'] === 'statement')
    return (await keywordMentionsNewest(db, { ...filter, key: filter.key, limit: 21, after })).mentions;
  return mentions(db, { ...filter, sort, limit: 21, after, countedDays });
}

const cursorOf = (sort: string, m: Mention): MentionCursor =>
  sort === 'time'
    ? { sort: 'time', publishedAt: m.publishedAt, id: m.id }
    : { sort: 'engagement', engagement: m.engagement.likes + m.engagement.replies + m.engagement.shares, id: m.id };

let totalMs = 0;
let pages = 0;
for (const [shape, params] of shapes) {
  const list = [];
  for (const p of params) list.push(await prepared(p));
  for (const second of [false, true]) {
    const cursors: (MentionCursor | undefined)[] = [];
    for (const q of list) {
      const first = second ? await page(q, undefined) : [];
      const last = first[19];
      cursors.push(first.length > 20 && last ? cursorOf(q.sort, last) : undefined);
    }
    const cpu0 = backendsCpuMs();
    const started = performance.now();
    for (let i = 0; i < list.length; i++) await page(list[i] as (typeof list)[number], cursors[i]);
    const wallMs = performance.now() - started;
    const cpuMs = backendsCpuMs() - cpu0;
    totalMs += cpuMs;
    pages += list.length;
    process.stdout.write(
      `${`${shape}, page ${second ? 2 : 1}`.padEnd(36)} ${String(list.length).padStart(4)} pages  PG CPU-ms/page ${(cpuMs / list.length).toFixed(2)}  wall ms/page ${(wallMs / list.length).toFixed(2)}\n`,
    );
  }
}
process.stdout.write(`all shapes: PG CPU-ms/page ${(totalMs / pages).toFixed(2)} (ticks of 10 ms)\n`);
await handle.close();
