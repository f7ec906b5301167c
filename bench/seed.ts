// Fills a database with many analysed posts directly in SQL (generate_series), for the API and report benchmarks:
// posts, labels, keywords, topic tags and the daily rollups (the topics' too, and the volume rollups with their author
// sketches), in the shapes the analysis service writes.
import pg from 'pg';

export interface SeedOptions {
  posts: number;
  days: number;
  /** Last day (YYYY-MM-DD); posts are spread evenly over `days` days ending there. */
  lastDay: string;
  topics: number;
  modelVersion: string;
  /**
   * Coverage ledger runs per connector and day (three connectors, back to back over the whole span, a few failed and
   * one day not run), as a deployment polling on a schedule has: every disclosure reads the ledger. 0: none.
   */
  coverageRunsPerDay?: number;
}

/** The keyword keys the seeded posts carry (three each). */
export const SEED_WORDS = [
  'antre',
  'iur',
  'naik',
  'obat',
  'kosong',
  'rujuk',
  'layan',
  'dokter',
  'puskesmas',
  'kartu',
  'klaim',
  'denda',
  'tunggak',
  'gratis',
  'ribet',
  'lama',
  'mantap',
  'kecewa',
  'aplikasi',
  'error',
];

/** Seeds the database at `url` (already migrated) and returns how long it took. */
export async function seedDatabase(url: string, o: SeedOptions): Promise<number> {
  const started = performance.now();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const words = `array[${SEED_WORDS.map((w) => `'${w}'`).join(',')}]`;
    await client.query(`
      insert into posts (platform, external_id, author_pseudonym, published_at, day, text, likes, replies, shares, views, lang, lang_confidence,
        source_connector, source_run_id, collected_at, message_ref)
      select (array['x','facebook','instagram','tiktok'])[1 + i % 4], 's' || i, md5((i % 50000)::text) || md5((i % 50000)::text),
        (date '${o.lastDay}' - (i % ${o.days})) + interval '3 hours', date '${o.lastDay}' - (i % ${o.days}),
        'antrean bpjs di puskesmas lama sekali ' || i, i % 9, i % 4, i % 3, 100 + i % 500, 'id', 0.9, 'seed', 'seed', now(), 'seed/' || i
      from generate_series(1, ${o.posts}) i`);
    await client.query(`
      insert into sentiment_labels (post_id, model_version, label, p_negative, p_neutral, p_positive, confidence)
      select id, '${o.modelVersion}', (array['negative','neutral','positive','uncertain'])[1 + id % 4], 0.6, 0.2, 0.2, 0.6 from posts`);
    await client.query(`
      update posts set keywords = (select array_agg(distinct (${words})[1 + ((id * k) % ${SEED_WORDS.length})]) from generate_series(1, 3) k)`);
    if (o.topics > 0) {
      await client.query(
        `insert into topics (name, query, backfill_state) select 'topic ' || t, 'iuran', 'done' from generate_series(1, ${o.topics}) t`,
      );
      await client.query(`insert into post_topics (post_id, topic_id, day) select id, 1 + id % ${o.topics}, day from posts`);
      await client.query(`
        insert into daily_topic_sentiment (topic_id, day, platform, model_version, posts, negative, neutral, positive, uncertain,
          likes, replies, shares, views)
        select pt.topic_id, pt.day, p.platform, l.model_version, count(*), count(*) filter (where label = 'negative'),
          count(*) filter (where label = 'neutral'), count(*) filter (where label = 'positive'), count(*) filter (where label = 'uncertain'),
          sum(likes), sum(replies), sum(shares), sum(views)
        from post_topics pt join posts p on p.id = pt.post_id join sentiment_labels l on l.post_id = p.id group by 1, 2, 3, 4`);
    }
    await client.query(`
      insert into daily_sentiment (day, platform, model_version, posts, negative, neutral, positive, uncertain, likes, replies, shares, views)
      select p.day, p.platform, l.model_version, count(*), count(*) filter (where label = 'negative'), count(*) filter (where label = 'neutral'),
        count(*) filter (where label = 'positive'), count(*) filter (where label = 'uncertain'), sum(likes), sum(replies), sum(shares), sum(views)
      from posts p join sentiment_labels l on l.post_id = p.id group by 1, 2, 3`);
    await client.query(`
      insert into daily_keywords (day, platform, model_version, key, term, kind, posts, negative, neutral, positive, uncertain)
      select p.day, p.platform, l.model_version, k.key, k.key, 'unigram', count(*), count(*) filter (where label = 'negative'),
        count(*) filter (where label = 'neutral'), count(*) filter (where label = 'positive'), count(*) filter (where label = 'uncertain')
      from posts p join sentiment_labels l on l.post_id = p.id cross join lateral unnest(p.keywords) as k(key) group by 1, 2, 3, 4`);
    // The volume rollups and their author sketches, by the recount the service itself uses (migration 0014).
    await client.query('select pantau_rebuild_volume(null, null, false)');
    await client.query('select pantau_rebuild_volume(null, null, true)');
    const perDay = o.coverageRunsPerDay ?? 0;
    if (perDay > 0) {
      await client.query(`
        insert into coverage_runs (run_id, connector, query, platform, window_from, window_to, started_at, finished_at, fetched,
          published, rejected, last_error)
        select 'seed-' || c.name || '-' || g, c.name, c.q, c.platform, t0 + g * step, t0 + (g + 1) * step, t0 + (g + 1) * step,
          t0 + (g + 1) * step + interval '20 seconds', 40 + g % 25, 38 + g % 25, '{}'::jsonb,
          case when g % 97 = 5 then 'HTTP 503 from the platform' end
        from (values ('x-recent-search', 'bpjs kesehatan', 'x'), ('meta-graph', 'page:bpjskesehatan', 'facebook'),
            ('rss', 'https://example.org/berita.xml', null)) as c(name, q, platform),
          (select (date '${o.lastDay}' - ${o.days - 1})::timestamp at time zone 'Asia/Jakarta' as t0,
            interval '1 day' / ${perDay} as step) as s,
          generate_series(0, ${o.days * perDay - 1}) as g
        where not (c.name = 'rss' and g / ${perDay} = ${Math.floor(o.days / 2)})`);
    }
    // A database in service has been vacuumed by autovacuum long since: without it, index-only scans (volume's covering
    // index) visit every heap page, and autovacuum of the fresh rows would run during the measurements.
    await client.query('vacuum analyze');
  } finally {
    await client.end();
  }
  return (performance.now() - started) / 1000;
}
