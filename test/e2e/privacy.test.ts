import { type App, buildApp } from '@pantau/api';
import { type BusConsumer, type BusProducer, createMemoryBus } from '@pantau/bus';
import { pseudonymize, publishItems } from '@pantau/connectors';
import { POST_SCHEMA_VERSION, type Post, postKey, TOPICS } from '@pantau/contracts';
import {
  accessAuthor,
  applyRetention,
  createApiKey,
  type DatabaseHandle,
  forgetAuthor,
  migrate,
  openDatabase,
  privacyAuditLog,
} from '@pantau/db';
import { createAnalyzer, startAnalysisConsumer } from '@pantau/pipeline';
import { buildDailyReport, renderHtml, renderMarkdown } from '@pantau/report';
import { loadSentimentModel, type SentimentModel } from '@pantau/sentiment';
import { createLanguageIdentifier } from '@pantau/text';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainTopic } from '../support/bus.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

// Ingest → in-process bus → analysis → Postgres → API, with personal data in the posts.
const PEPPER = 'privacy-pepper-0123456789abcdef';
const GROUP = 'privacy-analysis';
const TEXTS = [
  'antrean di puskesmas lama banget, pelayanan lambat dan ribet',
  'klaim rawat inap cair cepat, petugasnya ramah sekali',
  'iuran bpjs naik lagi, kecewa banget sama kebijakan ini',
  'aplikasi mobile jkn error terus pas mau daftar antrean online',
  'obat di apotek faskes kosong, disuruh beli sendiri, parah',
];
const DAYS = ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06'];
const AUTHORS = ['@warga_bekasi', '@ibu_sari', '@pak_joko', '@mahasiswa_ui'];

let testDb: TestDatabase;
let handle: DatabaseHandle;
let app: App;
let consumer: BusConsumer;
let producer: BusProducer;
let model: SentimentModel;
const keys = { read: '', admin: '' };
const bus = createMemoryBus();

async function settle(): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await bus.lag(GROUP, TOPICS.postsRaw)) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

let pool: pg.Pool;
const q = async (text: string, params: unknown[] = []) => (await pool.query(text, params)).rows as Record<string, unknown>[];

/** The stored rollups next to a recount of the stored posts, labels and keywords. */
async function rollupsAndRecount() {
  const sentimentRollup = await q(`
    select day::text as day, platform, model_version, posts, negative, neutral, positive, uncertain, likes::int as likes, views::int as views,
      redacted_posts, redacted_phone, redacted_email, redacted_nik, redacted_bpjs
    from daily_sentiment order by 1, 2, 3`);
  const sentimentRecount = await q(`
    select p.day::text as day, p.platform, l.model_version, count(*)::int as posts,
      count(*) filter (where l.label = 'negative')::int as negative, count(*) filter (where l.label = 'neutral')::int as neutral,
      count(*) filter (where l.label = 'positive')::int as positive, count(*) filter (where l.label = 'uncertain')::int as uncertain,
      sum(p.likes)::int as likes, sum(p.views)::int as views,
      count(*) filter (where p.redacted_phone + p.redacted_email + p.redacted_nik + p.redacted_bpjs > 0)::int as redacted_posts,
      count(*) filter (where p.redacted_phone > 0)::int as redacted_phone, count(*) filter (where p.redacted_email > 0)::int as redacted_email,
      count(*) filter (where p.redacted_nik > 0)::int as redacted_nik, count(*) filter (where p.redacted_bpjs > 0)::int as redacted_bpjs
    from posts p join sentiment_labels l on l.post_id = p.id group by 1, 2, 3 order by 1, 2, 3`);
  const keywordRollup = await q(`
    select day::text as day, platform, model_version, key, posts, negative, neutral, positive, uncertain
    from daily_keywords order by 1, 2, 3, 4`);
  const keywordRecount = await q(`
    select p.day::text as day, p.platform, l.model_version, k.key, count(*)::int as posts,
      count(*) filter (where l.label = 'negative')::int as negative, count(*) filter (where l.label = 'neutral')::int as neutral,
      count(*) filter (where l.label = 'positive')::int as positive, count(*) filter (where l.label = 'uncertain')::int as uncertain
    from posts p join sentiment_labels l on l.post_id = p.id cross join lateral unnest(p.keywords) as k(key)
    group by 1, 2, 3, 4 order by 1, 2, 3, 4`);
  return { sentimentRollup, sentimentRecount, keywordRollup, keywordRecount };
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  handle = await openDatabase({ url: testDb.url });
  pool = new pg.Pool({ connectionString: testDb.url, max: 2 });
  await migrate(handle);
  await bus.ensureTopics([
    { name: TOPICS.postsRaw, partitions: 2 },
    { name: TOPICS.postsDlq, partitions: 1 },
    { name: TOPICS.postsAnalyzed, partitions: 1 },
  ]);
  producer = await bus.producer();
  model = await loadSentimentModel();
  const analyzer = createAnalyzer({ db: handle.db, model, languages: await createLanguageIdentifier(), dlq: producer });
  consumer = await startAnalysisConsumer(bus, analyzer, { groupId: GROUP, maxBatch: 50 });

  // Every author posts every day; some posts carry personal data.
  const items = DAYS.flatMap((day, d) =>
    AUTHORS.map((author, a) => {
      const i = d * AUTHORS.length + a;
      const extra =
        i === 0
          ? ' hubungi saya di 0812-3456-7890 atau budi@gmail.com'
          : i === 1
            ? ' NIK 3201010101900001, kartu 0001234567890'
            : i === 2
              ? ' iuran Rp 150.000 sejak 10-11-2026'
              : '';
      return {
        ref: `item ${i}`,
        item: {
          platform: 'x',
          externalId: `p-${i}`,
          author,
          publishedAt: `${day}T0${1 + a}:00:00+07:00`,
          text: `${TEXTS[i % TEXTS.length]}${extra} #JKN`,
          url: `https://x.com/i/status/${1000 + i}`,
          engagement: { likes: a + 1, views: 10 * (d + 1) },
        },
      };
    }),
  );
  await publishItems(items, { producer, pepper: PEPPER, source: { connector: 'test', runId: 'run-privacy' } });
  // Another producer's message that skipped ingest's redaction: analysis redacts it again.
  const foreign: Post = {
    schemaVersion: POST_SCHEMA_VERSION,
    platform: 'facebook',
    externalId: 'foreign-1',
    authorPseudonym: pseudonymize(PEPPER, 'facebook', 'someone'),
    publishedAt: '2026-11-06T09:00:00+07:00',
    text: 'pelayanan faskes lambat, hubungi saya +62 856 1234 5678 ya',
    url: null,
    engagement: { likes: 0, replies: 0, shares: 0, views: 0 },
    langHint: null,
    collectedAt: '2026-11-06T10:00:00+07:00',
    source: { connector: 'other-producer', runId: 'run-foreign' },
  };
  await producer.send(TOPICS.postsRaw, [{ key: postKey(foreign), value: JSON.stringify(foreign) }]);
  // A message analysis dead-letters (dated in the future) keeps no phone number in the dead-letter topic either.
  const future = { ...foreign, externalId: 'foreign-2', publishedAt: '2099-01-01T00:00:00+07:00', text: 'wa saya 0813-9999-8888 ya' };
  await producer.send(TOPICS.postsRaw, [{ key: postKey(future), value: JSON.stringify(future) }]);
  await settle();
  keys.read = (await createApiKey(handle.db, 'analyst', ['read'])).secret;
  keys.admin = (await createApiKey(handle.db, 'privacy officer', ['admin'])).secret;
  app = await buildApp({ db: handle.db, pingDatabase: () => handle.ping(), model, software: { version: '0.1.0', commit: 'test' } });
}, 120_000);

afterAll(async () => {
  await consumer?.stop();
  await app?.close();
  await bus.close();
  await pool?.end();
  await handle?.close();
  await testDb?.drop();
});

const request = (method: 'GET' | 'DELETE', url: string, key = keys.read) =>
  app.inject({ method, url, headers: { authorization: `Bearer ${key}` } });

describe('redaction at the edge', () => {
  it('stores redacted text with the counts per kind, and no keyword from a placeholder', async () => {
    const stored = await q(`
      select external_id, text, redacted_phone, redacted_email, redacted_nik, redacted_bpjs from posts
      where external_id in ('p-0', 'p-1', 'p-2', 'foreign-1') order by external_id`);
    expect(stored).toEqual([
      {
        external_id: 'foreign-1',
        text: 'pelayanan faskes lambat, hubungi saya [telepon] ya',
        redacted_phone: 1,
        redacted_email: 0,
        redacted_nik: 0,
        redacted_bpjs: 0,
      },
      {
        external_id: 'p-0',
        text: `${TEXTS[0]} hubungi saya di [telepon] atau [email] #JKN`,
        redacted_phone: 1,
        redacted_email: 1,
        redacted_nik: 0,
        redacted_bpjs: 0,
      },
      {
        external_id: 'p-1',
        text: `${TEXTS[1]} NIK [nik], kartu [kartu-bpjs] #JKN`,
        redacted_phone: 0,
        redacted_email: 0,
        redacted_nik: 1,
        redacted_bpjs: 1,
      },
      {
        external_id: 'p-2',
        text: `${TEXTS[2]} iuran Rp 150.000 sejak 10-11-2026 #JKN`,
        redacted_phone: 0,
        redacted_email: 0,
        redacted_nik: 0,
        redacted_bpjs: 0,
      },
    ]);
    const all = (await q(`select string_agg(text, ' ') as t from posts`))[0]?.t as string;
    expect(all).not.toMatch(/3456|gmail|3201010101900001|0001234567890/);
    const placeholders = await q(
      `select k.key from posts p cross join lateral unnest(p.keywords) as k(key) where k.key ~ '(telepon|email|kartu-bpjs)'`,
    );
    expect(placeholders).toEqual([]);
  });

  it('redacts the text of a message analysis dead-letters', async () => {
    const letters = await drainTopic(bus, TOPICS.postsDlq);
    const future = letters.map((m) => JSON.parse(m.value.toString())).find((d) => d.reason === 'future_date');
    expect(future).toBeDefined();
    const value = Buffer.from(future.valueBase64, 'base64').toString('utf8');
    expect(value).toContain('wa saya [telepon] ya');
    expect(value).not.toContain('9999');
  });

  it('reports redacted posts in the population as counted, not excluded', async () => {
    const res = await request('GET', '/v1/sentiment/daily?from=2026-11-01&to=2026-11-06');
    const { population } = res.json().disclosure;
    expect(population.postsCounted).toBe(25);
    expect(population.redacted).toEqual({ posts: 3, phone: 2, email: 1, nik: 1, bpjs: 1 });
    expect(population.excluded).not.toHaveProperty('redacted');
    const day2 = (await request('GET', '/v1/volume?from=2026-11-02&to=2026-11-02')).json().disclosure.population;
    expect(day2.redacted).toEqual({ posts: 0, phone: 0, email: 0, nik: 0, bpjs: 0 });
  });
});

describe('retention', () => {
  it('removes text, url and author of old posts, keeps every count, and says so where text is shown', async () => {
    const before = await rollupsAndRecount();
    const volumeBefore = (await request('GET', '/v1/volume?from=2026-11-01&to=2026-11-06')).json().data.series;
    const now = Date.parse('2026-11-06T12:00:00+07:00');

    const dry = await applyRetention(handle.db, { days: 3, now, dryRun: true, requestedBy: 'test' });
    expect(dry).toMatchObject({ before: '2026-11-03', posts: 8, oldestDay: '2026-11-01', dryRun: true, auditId: null });
    expect((await q(`select count(*)::int as n from posts where text_removed_at is not null`))[0]?.n).toBe(0);

    const done = await applyRetention(handle.db, { days: 3, now, requestedBy: 'test' });
    expect(done).toMatchObject({ before: '2026-11-03', posts: 8, dryRun: false });
    expect(done.auditId).toBeGreaterThan(0);
    const old = await q(`select text, url, author_pseudonym from posts where day < '2026-11-03'`);
    expect(old).toHaveLength(8);
    for (const p of old) {
      expect(p).toMatchObject({ text: '', url: null });
      expect(p.author_pseudonym).toMatch(/^removed:/);
    }
    // Tokens are per author and day: nothing links an author's posts across days.
    const tokens = new Set(old.map((p) => p.author_pseudonym));
    expect(tokens.size).toBe(8);
    const recent = await q(`select count(*)::int as n from posts where day >= '2026-11-03' and text <> '' and url is not null`);
    expect(recent[0]?.n).toBe(16);

    const after = await rollupsAndRecount();
    expect(after.sentimentRollup).toEqual(before.sentimentRollup);
    expect(after.keywordRollup).toEqual(before.keywordRollup);
    expect(after.keywordRecount).toEqual(before.keywordRecount);
    expect((await request('GET', '/v1/volume?from=2026-11-01&to=2026-11-06')).json().data.series).toEqual(volumeBefore);

    const mentions = (await request('GET', '/v1/mentions?from=2026-11-01&to=2026-11-01')).json().data.mentions;
    expect(mentions).toHaveLength(4);
    for (const m of mentions) expect(m).toMatchObject({ text: null, author: null, url: null, removed: 'retention' });
    const fresh = (await request('GET', '/v1/mentions?from=2026-11-03&to=2026-11-03')).json().data.mentions;
    expect(fresh[0]).toMatchObject({ removed: null });
    expect(fresh[0].text).toContain('#JKN');

    const report = await buildDailyReport(handle.db, {
      date: '2026-11-02',
      model: model.disclosure(),
      method: { label: 'l', abstainRule: 'a', keywordRule: 'k' },
      rule: { windowDays: 1, k: 0.5, minCount: 1, newTermMinCount: 1 },
    });
    expect(report.spikes.length).toBeGreaterThan(0);
    const example = report.spikes[0]?.examples[0];
    expect(example).toMatchObject({ text: null, author: null, removed: 'retention' });
    expect(renderMarkdown(report, 'en')).toContain('text removed by retention');
    expect(renderHtml(report)).toContain('teks dihapus: melewati batas masa simpan');

    // Nothing left to do the second time.
    expect(await applyRetention(handle.db, { days: 3, now, requestedBy: 'test' })).toMatchObject({ posts: 0, auditId: null });
  });
});

describe('forget an author', () => {
  it('answers an access request with every stored post of that author only, and records it', async () => {
    const target = pseudonymize(PEPPER, 'x', '@Ibu_Sari');
    const held = await accessAuthor(handle.db, { pseudonym: target.slice(0, 16), requestedBy: 'cli' });
    const stored = await q(`select external_id, text from posts where author_pseudonym = $1 order by published_at, id`, [target]);
    expect(held.pseudonym).toBe(target);
    expect(held.posts.map((p) => [p.externalId, p.text])).toEqual(stored.map((r) => [r.external_id, r.text]));
    expect(held.posts.length).toBe(4);
    expect(held.posts.every((p) => p.platform === 'x' && p.label !== null)).toBe(true);
    expect((await privacyAuditLog(handle.db, 1))[0]).toMatchObject({ action: 'access', authorPseudonym: target, postsAffected: 4 });
    await expect(accessAuthor(handle.db, { pseudonym: 'ibu_sari', requestedBy: 'cli' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('deletes exactly that author’s posts and derived rows, keeps rollups equal to a recount, and records an audit row', async () => {
    const target = pseudonymize(PEPPER, 'x', '@Ibu_Sari');
    const other = pseudonymize(PEPPER, 'x', 'pak_joko');
    const count = async (author: string) =>
      (await q(`select count(*)::int as n from posts where author_pseudonym = $1`, [author]))[0]?.n as number;
    expect(await count(target)).toBe(4); // the two oldest days went through retention already
    const otherBefore = await q(`select id, text from posts where author_pseudonym = $1 order by id`, [other]);
    const totalBefore = (await q(`select count(*)::int as n from posts`))[0]?.n as number;
    const targetIds = (await q(`select id from posts where author_pseudonym = $1`, [target])).map((r) => Number(r.id));

    // An admin forgets by the 16-hex prefix the API shows; a read key may not.
    expect((await request('DELETE', `/v1/authors/${target.slice(0, 16)}`)).statusCode).toBe(403);
    const bad = await request('DELETE', '/v1/authors/not-hex', keys.admin);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.parameter).toBe('pseudonym');
    const res = await request('DELETE', `/v1/authors/${target.slice(0, 16)}`, keys.admin);
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject({
      pseudonym: target,
      postsDeleted: 4,
      days: ['2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06'],
    });

    expect(await count(target)).toBe(0);
    expect((await q(`select count(*)::int as n from posts`))[0]?.n).toBe(totalBefore - 4);
    expect(await q(`select id, text from posts where author_pseudonym = $1 order by id`, [other])).toEqual(otherBefore);
    for (const table of ['sentiment_labels', 'post_topics']) {
      const left = await q(`select count(*)::int as n from ${table} where post_id = any($1::bigint[])`, [targetIds]);
      expect(left[0]?.n, table).toBe(0);
    }
    const after = await rollupsAndRecount();
    expect(after.sentimentRollup).toEqual(after.sentimentRecount);
    expect(after.keywordRollup).toEqual(after.keywordRecount);
    // The forgotten author's redacted post (NIK and card) is no longer in the population.
    const { population } = (await request('GET', '/v1/sentiment/daily?from=2026-11-01&to=2026-11-06')).json().disclosure;
    expect(population).toMatchObject({ postsCounted: 21 });

    const [audit] = await privacyAuditLog(handle.db, 1);
    expect(audit).toMatchObject({ action: 'forget', authorPseudonym: target, postsAffected: 4 });
    expect(audit?.requestedBy).toMatch(/^api-key:/);
    expect(JSON.stringify(await q(`select * from privacy_audit`))).not.toMatch(/ibu_sari/i);

    // Forgetting again finds nothing but is recorded; the command line records itself as the requester.
    const again = await forgetAuthor(handle.db, { pseudonym: target, requestedBy: 'cli' });
    expect(again).toMatchObject({ postsDeleted: 0, days: [] });
    expect((await privacyAuditLog(handle.db, 1))[0]).toMatchObject({ action: 'forget', requestedBy: 'cli', postsAffected: 0 });
  });
});
