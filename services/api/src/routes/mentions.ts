import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PantauError, SENTIMENT_CLASSES } from '@pantau/contracts';
import {
  keywordMentionDays,
  keywordMentionsNewest,
  type Mention,
  type MentionCursor,
  type MentionFilter,
  mentionCount,
  mentions,
  sentimentOverview,
} from '@pantau/db';
import { keywordKey } from '@pantau/text';
import { Type } from '@sinclair/typebox';
import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance } from 'fastify';
import { aggregate } from '../aggregate.ts';
import { answerKey } from '../answer-cache.ts';
import { auditExport } from '../export-audit.ts';
import { requireScope } from '../plugins/auth.ts';
import { DisclosureRef, errorAnswers, KEYED_ERRORS, LanguageQuery, WindowQuery } from '../schemas.ts';
import type { ResolvedWindow } from '../window.ts';

/** Most posts one CSV export holds (newest or most engaged first); `X-Pantau-Truncated: true` says a file was cut. */
export const MENTIONS_CSV_MAX_ROWS = 10_000;
/** Posts read per statement while exporting. */
const CSV_PAGE = 1_000;

/** A post behind a number, as `/v1/mentions` and the topic preview show it. */
export const MentionSchema = Type.Object({
  platform: Type.String(),
  externalId: Type.String(),
  author: Type.Union([Type.String(), Type.Null()], {
    description: 'Author pseudonym (keyed HMAC, first 16 hex); never the handle; null once retention removed it',
  }),
  publishedAt: Type.String(),
  day: Type.String(),
  text: Type.Union([Type.String(), Type.Null()], {
    description: 'As stored: personal data replaced by placeholders; null once retention removed it (see removed)',
  }),
  url: Type.Union([Type.String(), Type.Null()], { description: 'The original post; null once retention removed it' }),
  removed: Type.Union([Type.Literal('retention'), Type.Null()], {
    description: '"retention": text, url and author were removed after RETENTION_DAYS; the post is still counted',
  }),
  label: Type.String(),
  probabilities: Type.Object({ negative: Type.Number(), neutral: Type.Number(), positive: Type.Number() }),
  engagement: Type.Object({ likes: Type.Integer(), replies: Type.Integer(), shares: Type.Integer(), views: Type.Integer() }),
  rating: Type.Union([Type.Integer({ minimum: 1, maximum: 5 }), Type.Null()], {
    description: 'The stars the author gave (app reviews, platform app_review); null where the platform has none',
  }),
  outlet: Type.Union([Type.String(), Type.Null()], { description: 'The news outlet, or the app package of an app review' }),
});

/**
 * A stored post as an answer shows it: the author as the first 16 hex of the pseudonym, the row id left out. Written out
 * property by property in the schema's order (a rest spread copies through a slow path; the serializer reads one shape).
 */
export const mentionOf = (m: Mention) => ({
  platform: m.platform,
  externalId: m.externalId,
  author: m.authorPseudonym === null ? null : m.authorPseudonym.slice(0, 16),
  publishedAt: m.publishedAt,
  day: m.day,
  text: m.text,
  url: m.url,
  removed: m.removed,
  label: m.label,
  probabilities: m.probabilities,
  engagement: m.engagement,
  rating: m.rating,
  outlet: m.outlet,
});

const SORTS = ['time', 'engagement'] as const;
type Sort = (typeof SORTS)[number];

/** The cursor after a mention in the page's order, as opaque text. */
function encodeCursor(sort: Sort, m: Mention): string {
  const value = sort === 'engagement' ? m.engagement.likes + m.engagement.replies + m.engagement.shares : m.publishedAt;
  return Buffer.from(JSON.stringify([sort === 'engagement' ? 'e' : 't', value, m.id])).toString('base64url');
}

const badCursor = (message: string) => new PantauError('INVALID_QUERY', `cursor: ${message}`, { details: { parameter: 'cursor' } });

/** A cursor of this endpoint, for the sort asked (a cursor of the other sort is refused by name). */
function decodeCursor(raw: string, sort: Sort): MentionCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw badCursor('not a cursor returned by this endpoint');
  }
  const [kind, value, id] = Array.isArray(parsed) ? parsed : [];
  if (!Number.isSafeInteger(id)) throw badCursor('not a cursor returned by this endpoint');
  if ((kind === 'e') !== (sort === 'engagement') || (kind !== 'e' && kind !== 't'))
    throw badCursor(`a cursor of another sort than ${sort}; start again without cursor`);
  if (kind === 'e' && Number.isSafeInteger(value) && (value as number) >= 0)
    return { sort: 'engagement', engagement: value as number, id: id as number };
  if (kind === 't' && typeof value === 'string' && !Number.isNaN(Date.parse(value)))
    return { sort: 'time', publishedAt: value, id: id as number };
  throw badCursor('not a cursor returned by this endpoint');
}

/** The rollup column of a label filter (`posts` without one). */
const countColumn = (label: string | undefined) =>
  (['negative', 'neutral', 'positive', 'uncertain'] as const).find((c) => c === label) ?? 'posts';

/**
 * The filter's posts per day with any, from the rollups kept in memory without a statement: the daily keyword rollups
 * with a keyword, the daily sentiment rollups (the window's or the topic's) without one; null where nothing kept holds
 * the filter (the feed is not live, the keyword rollups are too large to keep, a topic and a keyword together, a
 * cluster or a language filter).
 */
async function keptCountedDays(
  app: FastifyInstance,
  filter: MentionFilter & { granularity: ResolvedWindow['granularity'] },
): Promise<{ day: string; n: number }[] | null> {
  if (filter.clusterId !== undefined || filter.languages) return null;
  const column = countColumn(filter.label);
  if (filter.key !== undefined) {
    if (filter.topicId !== undefined) return null;
    const series = await app.kept.keywordSeries({ ...filter, key: filter.key, granularity: 'day' });
    if (!series) return null;
    return series.map((p) => ({ day: p.period, n: p[column] })).filter((c) => c.n > 0);
  }
  const overview = await app.kept.sentimentOverview(filter);
  if (!overview) return null;
  return overview.series.map((p) => ({ day: p.period, n: p[column] }));
}

const sumOfDays = (days: readonly { n: number }[]) => days.reduce((sum, c) => sum + c.n, 0);

/**
 * How many posts the filter matches, counted from the posts once per window and filter until the data changes (every
 * page of the filter states the same total).
 */
function countedFromPosts(app: FastifyInstance, filter: MentionFilter & { granularity: ResolvedWindow['granularity'] }): Promise<number> {
  const { granularity: _granularity, modelVersion, ...counted } = filter;
  return app.mentionCounts.get(answerKey('mentions/count', counted, modelVersion), () => mentionCount(app.db, filter));
}

/**
 * How many posts the filter matches, exactly and without reading them where a rollup holds the filter: the rollups kept
 * in memory, else the daily keyword rollup with a keyword and the daily sentiment rollups without; a topic and a keyword
 * together, or a cluster, are counted from the posts.
 */
async function totalOf(
  app: FastifyInstance,
  filter: MentionFilter & { granularity: ResolvedWindow['granularity'] },
): Promise<{ total: number; countedDays?: { day: string; n: number }[] }> {
  if (filter.clusterId !== undefined || filter.languages || (filter.key !== undefined && filter.topicId !== undefined))
    return { total: await countedFromPosts(app, filter) };
  // Per day (the window's granularity is a day here): the days the newest posts are read from, without a statement.
  const kept = await keptCountedDays(app, filter);
  if (kept) return { total: sumOfDays(kept), countedDays: kept };
  if (filter.key !== undefined) {
    const countedDays = await keywordMentionDays(app.db, { ...filter, key: filter.key });
    return { total: sumOfDays(countedDays), countedDays };
  }
  const overview = await sentimentOverview(app.db, filter);
  const column = countColumn(filter.label);
  const countedDays = overview.series.map((p) => ({ day: p.period, n: p[column] }));
  return { total: sumOfDays(countedDays), countedDays };
}

/** A page of `limit` posts from `rows` (one more tells that a next page exists) with the filter's total. */
function pageOf(sort: Sort, limit: number, rows: Mention[], total: number) {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { mentions: page.map(mentionOf), total, nextCursor: rows.length > limit && last ? encodeCursor(sort, last) : null };
}

/** A cell a spreadsheet would run as a formula is kept as text (a leading apostrophe). */
const cell = (value: string | null) => (value !== null && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

const CSV_COLUMNS = [
  'platform',
  'external_id',
  'url',
  'published_at',
  'day',
  'author',
  'label',
  'p_negative',
  'p_neutral',
  'p_positive',
  'likes',
  'replies',
  'shares',
  'views',
  'rating',
  'outlet',
  'removed',
  'text',
] as const;

const csvRow = (m: Mention) => [
  m.platform,
  m.externalId,
  m.url,
  m.publishedAt,
  m.day,
  m.authorPseudonym?.slice(0, 16) ?? null,
  m.label,
  m.probabilities.negative,
  m.probabilities.neutral,
  m.probabilities.positive,
  m.engagement.likes,
  m.engagement.replies,
  m.engagement.shares,
  m.engagement.views,
  m.rating,
  cell(m.outlet),
  m.removed,
  cell(m.text),
];

/**
 * `GET /v1/mentions`: the posts behind a number, newest or most engaged first, paged by a keyset cursor, with the
 * exact total of the filter; as CSV (`format=csv` or `Accept: text/csv`) up to MENTIONS_CSV_MAX_ROWS posts, each export
 * written to the audit log.
 */
export const mentionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/mentions',
    {
      onRequest: requireScope(app.db, 'read'),
      schema: {
        operationId: 'getMentions',
        tags: ['aggregates'],
        summary: 'The posts behind the aggregates: pseudonymized author, text, label, probabilities, url, engagement',
        description:
          'Pages by `nextCursor` (keyset, in the order of `sort`). `total` is exact: from the daily rollups unless a topic and a ' +
          `keyword are combined. With \`format=csv\` or \`Accept: text/csv\` the answer is a CSV file of the filter's posts in the same order (at most ${MENTIONS_CSV_MAX_ROWS.toLocaleString('en-US')}; ` +
          'header `X-Pantau-Truncated: true` when cut, `X-Pantau-Total` the total), the text as stored (redacted; empty after retention), each export recorded in the audit log.',
        security: [{ bearer: [] }],
        querystring: Type.Object(
          {
            ...WindowQuery,
            ...LanguageQuery,
            label: Type.Optional(
              Type.Union(
                [...SENTIMENT_CLASSES, 'uncertain'].map((l) => Type.Literal(l)),
                { description: 'Only posts with this label' },
              ),
            ),
            term: Type.Optional(
              Type.String({ minLength: 1, maxLength: 100, description: 'A keyword as written (normalized and stemmed like keywords)' }),
            ),
            cluster: Type.Optional(
              Type.Integer({
                minimum: 1,
                maximum: Number.MAX_SAFE_INTEGER,
                description: 'Only the posts of this coordination cluster (id of /v1/coordination/clusters)',
              }),
            ),
            sort: Type.Optional(
              Type.Union(
                SORTS.map((s) => Type.Literal(s)),
                { description: 'time: newest first (default); engagement: most likes + replies + shares first' },
              ),
            ),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Posts per page' })),
            cursor: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor of the previous page (same sort)' })),
            format: Type.Optional(Type.Literal('csv', { description: 'csv: the posts as a CSV file (as Accept: text/csv)' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object(
            {
              data: Type.Object({
                mentions: Type.Array(MentionSchema),
                total: Type.Integer({ minimum: 0, description: 'Posts matching the filter in the window (every page)' }),
                nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Cursor of the next page; null on the last page' }),
              }),
              disclosure: DisclosureRef,
            },
            { description: 'The page as JSON; a CSV file (text/csv) with format=csv or Accept: text/csv' },
          ),
          ...KEYED_ERRORS,
          ...errorAnswers(404),
        },
      },
    },
    async (request, reply) => {
      const query = request.query;
      const sort: Sort = query.sort ?? 'time';
      const after = query.cursor ? decodeCursor(query.cursor, sort) : undefined;
      const filter = (window: ResolvedWindow) => ({
        ...window,
        granularity: 'day' as const,
        modelVersion: app.model.manifest.version,
        label: query.label,
        key: query.term === undefined ? undefined : (keywordKey(query.term) ?? query.term.toLowerCase()),
        clusterId: query.cluster,
      });
      const csv = query.format === 'csv' || request.accepts().type(['application/json', 'text/csv']) === 'text/csv';
      if (csv) {
        const { data } = await aggregate(app, query, { route: 'mentions', keep: false }, async (window) => {
          const f = filter(window);
          const rows: Mention[] = [];
          let cursor = after;
          // One post past the limit tells a cut file from a complete one.
          while (rows.length <= MENTIONS_CSV_MAX_ROWS) {
            const page = await mentions(app.db, { ...f, sort, limit: CSV_PAGE, after: cursor });
            rows.push(...page);
            const last = page[page.length - 1];
            if (!last || page.length < CSV_PAGE) break;
            cursor = decodeCursor(encodeCursor(sort, last), sort);
          }
          return {
            data: {
              rows: rows.slice(0, MENTIONS_CSV_MAX_ROWS),
              truncated: rows.length > MENTIONS_CSV_MAX_ROWS,
              total: (await totalOf(app, f)).total,
            },
          };
        });
        await auditExport(app, request, {
          route: '/v1/mentions',
          format: 'csv',
          query: { ...query },
          rows: data.rows.length,
          truncated: data.truncated,
        });
        const day = new Date().toISOString().slice(0, 10);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="pantau-mentions-${day}.csv"`)
          .header('x-pantau-total', String(data.total))
          .header('x-pantau-truncated', String(data.truncated))
          .send(stringify([[...CSV_COLUMNS], ...data.rows.map(csvRow)], { bom: true }));
      }
      // A page read by cursor is not kept, the window's disclosure is (the same for every page and filter of the window).
      return aggregate(app, query, { route: 'mentions', keep: false, alongside: true, keepDisclosure: true }, async (window) => {
        const limit = query.limit ?? 50;
        const f = filter(window);
        // The total first when it comes from a rollup's daily counts (kept in memory, or the keyword rollup's in one
        // statement): they are the days the newest posts are read from, so the page needs no statement of its own for them.
        const byDays = f.clusterId === undefined && f.topicId === undefined && !f.languages && !f.excludeCoordinated;
        const kept = byDays ? await keptCountedDays(app, f) : null;
        if (!kept && byDays && f.key !== undefined && sort === 'time') {
          // Nothing kept holds the keyword's days: its days and its newest posts in one statement.
          const read = await keywordMentionsNewest(app.db, { ...f, key: f.key, limit: limit + 1, after });
          return { data: pageOf(sort, limit, read.mentions, sumOfDays(read.countedDays)) };
        }
        const counted = kept ? { total: sumOfDays(kept), countedDays: kept } : byDays && f.key !== undefined ? await totalOf(app, f) : null;
        const [rows, total] = await Promise.all([
          mentions(app.db, { ...f, sort, limit: limit + 1, after, countedDays: counted?.countedDays }),
          counted ? counted.total : totalOf(app, f).then((t) => t.total),
        ]);
        return { data: pageOf(sort, limit, rows, total) };
      });
    },
  );
};
