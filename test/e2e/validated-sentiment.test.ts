import { type App, buildApp } from '@pantau/api';
import { type Bus, type BusConsumer, createMemoryBus } from '@pantau/bus';
import { TOPICS } from '@pantau/contracts';
import { createApiKey, type DatabaseHandle, migrate, openDatabase } from '@pantau/db';
import { createAnalyzer, startAnalysisConsumer } from '@pantau/pipeline';
import { buildDailyReport, renderHtml, renderMarkdown } from '@pantau/report';
import { loadSentimentModel, type SentimentModel } from '@pantau/sentiment';
import { createLanguageIdentifier, type LanguageIdentifier } from '@pantau/text';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

// Validated sentiment end to end, on the embedded database and on Postgres: posts through the webhook, analysis, a
// labelling task through the API, labels from two annotator keys (one disagreement, adjudicated), and validated shares
// from /v1/sentiment, checked against the shares of the gold labels counted here.
const GROUP = 'validated-e2e';
const DAYS = ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04'];
const TEXTS = [
  'antrean di puskesmas lama banget, pelayanan lambat dan ribet sekali',
  'klaim rawat inap cair cepat, petugasnya ramah sekali dan membantu',
  'iuran bpjs naik lagi, kecewa banget sama kebijakan yang ini',
  'aplikasi mobile jkn sudah bisa dipakai untuk daftar antrean online',
  'obat di apotek faskes kosong, disuruh beli sendiri di luar, parah',
  'kantor bpjs buka hari sabtu mulai minggu depan untuk pelayanan peserta',
];
const POSTS = 120;
// What the annotators say of post i: the truth the validated shares must recover (in-scope 100 of 120).
const truth = (i: number) =>
  (['negative', 'negative', 'negative', 'negative', 'negative', 'neutral', 'neutral', 'neutral', 'positive', 'positive'] as const)[
    i % 12
  ] ?? (i % 12 === 10 ? 'not_relevant' : 'not_indonesian');

for (const mode of ['pglite', 'postgres'] as const) {
  describe(`validated sentiment (${mode})`, () => {
    let testDb: TestDatabase | undefined;
    let handle: DatabaseHandle;
    let bus: Bus;
    let consumer: BusConsumer;
    let app: App;
    let model: SentimentModel;
    let languages: LanguageIdentifier;
    const keys = { ingest: '', admin: '', ann1: '', ann2: '', read: '' };

    beforeAll(async () => {
      if (mode === 'postgres') {
        testDb = await createTestDatabase();
        handle = await openDatabase({ url: testDb.url });
      } else handle = await openDatabase({ dataDir: 'memory://' });
      await migrate(handle);
      bus = createMemoryBus();
      await bus.ensureTopics([
        { name: TOPICS.postsRaw, partitions: 2 },
        { name: TOPICS.postsDlq, partitions: 1 },
        { name: TOPICS.postsAnalyzed, partitions: 1 },
      ]);
      const producer = await bus.producer();
      model = await loadSentimentModel();
      languages = await createLanguageIdentifier();
      consumer = await startAnalysisConsumer(bus, createAnalyzer({ db: handle.db, model, languages, dlq: producer }), {
        groupId: GROUP,
        maxBatch: 50,
      });
      keys.ingest = (await createApiKey(handle.db, 'collector', ['ingest'])).secret;
      keys.admin = (await createApiKey(handle.db, 'lead', ['admin'])).secret;
      keys.ann1 = (await createApiKey(handle.db, 'ana', ['annotate'])).secret;
      keys.ann2 = (await createApiKey(handle.db, 'budi', ['annotate'])).secret;
      keys.read = (await createApiKey(handle.db, 'analyst', ['read'])).secret;
      // VALIDATION_MIN_LABELS at its default (100).
      app = await buildApp({
        db: handle.db,
        pingDatabase: () => handle.ping(),
        model,
        software: { version: 'e2e', commit: 'e2e' },
        producer,
        pepper: 'validated-e2e-pepper-0123456789',
      });
    }, 120_000);

    afterAll(async () => {
      await consumer?.stop();
      await app?.close();
      await bus?.close();
      await handle?.close();
      await testDb?.drop();
    });

    const call = async (method: 'GET' | 'POST', url: string, key: string, payload?: unknown) => {
      const res = await app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${key}` },
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
      return res.json();
    };

    it('recovers the labelled shares of a fully labelled window with a tight interval', async () => {
      // 1. Posts through the webhook, analysed from the bus.
      const posts = Array.from({ length: POSTS }, (_, i) => ({
        platform: 'x',
        externalId: `v-${i}`,
        author: `@warga_${i % 37}`,
        publishedAt: `${DAYS[i % DAYS.length]}T${String(6 + (i % 12)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00+07:00`,
        text: `${TEXTS[i % TEXTS.length]} (laporan nomor ${i})`,
      }));
      const accepted = await call('POST', '/v1/ingest/posts', keys.ingest, { posts });
      expect(accepted.published).toBe(POSTS);
      const deadline = Date.now() + 60_000;
      while ((await bus.lag(GROUP, TOPICS.postsRaw)) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const window = `from=${DAYS[0]}&to=${DAYS[3]}`;
      const counted = (await call('GET', `/v1/sentiment?${window}`, keys.read)).data.total.posts as number;
      expect(counted).toBeGreaterThan(110);

      // 2. A task over the whole window, larger than it: every stored post is sampled.
      const task = (
        await call('POST', '/v1/annotation/tasks', keys.ann1, { name: 'Semua', from: DAYS[0], to: DAYS[3], size: 500, seed: 11 })
      ).data;
      expect(task).toMatchObject({ population: counted, sampled: counted });

      // 3. Labels: the first annotator labels every post with its truth; the second the first 20 in sample order,
      // disagreeing on one.
      const indexOf = (text: string) => Number(/laporan nomor (\d+)/.exec(text)?.[1]);
      const items = (await call('GET', `/v1/annotation/tasks/${task.id}/items?limit=500`, keys.ann1)).data.items as {
        postId: string;
        text: string;
      }[];
      expect(items).toHaveLength(counted);
      const stored = items.map((item) => indexOf(item.text));
      await call('POST', `/v1/annotation/tasks/${task.id}/labels`, keys.ann1, {
        labels: items.map((item) => ({ postId: item.postId, label: truth(indexOf(item.text)) })),
      });
      const second = (await call('GET', `/v1/annotation/tasks/${task.id}/items?limit=20`, keys.ann2)).data.items as typeof items;
      const disputed = second[0] as (typeof items)[number];
      const otherLabel = truth(indexOf(disputed.text)) === 'neutral' ? 'positive' : 'neutral';
      for (const item of second) {
        await call('POST', `/v1/annotation/tasks/${task.id}/labels`, keys.ann2, {
          postId: item.postId,
          label: item === disputed ? otherLabel : truth(indexOf(item.text)),
        });
      }

      // 4. Before adjudication the disputed post has no gold label; the rest validate the window.
      const pending = await call('GET', `/v1/sentiment?${window}`, keys.read);
      expect(pending.data.total.validated.labels).toBe(stored.length - 1);
      expect(pending.disclosure.validation).toMatchObject({ status: 'validated', annotators: 2, labels: stored.length - 1 });
      expect(pending.disclosure.validation.notes.join(' ')).toContain('await adjudication');
      const summary = (await call('GET', `/v1/annotation/tasks/${task.id}`, keys.read)).data;
      expect(summary.disagreements).toBe(1);
      expect(summary.agreement.units).toBe(20);
      expect(summary.agreement.alpha).toBeLessThan(1);

      await call('POST', `/v1/annotation/tasks/${task.id}/adjudications`, keys.admin, {
        postId: disputed.postId,
        label: truth(indexOf(disputed.text)),
      });

      // 5. Every post labelled: the validated shares are the gold shares, counted here from the stored posts.
      const answer = await call('GET', `/v1/sentiment?${window}`, keys.read);
      const validated = answer.data.total.validated;
      const gold = stored.map(truth);
      const inScope = gold.filter((g) => g === 'negative' || g === 'neutral' || g === 'positive');
      expect(validated).toMatchObject({ task: task.id, labels: stored.length, posts: stored.length, inScopeLabels: inScope.length });
      for (const c of ['negative', 'neutral', 'positive'] as const) {
        const share = inScope.filter((g) => g === c).length / inScope.length;
        expect(validated.shares[c].estimate).toBeCloseTo(share, 6);
        // (within float rounding: the stored probabilities are summed in SQL and in the estimator in different orders)
        expect(validated.shares[c].low).toBeLessThanOrEqual(share + 1e-9);
        expect(validated.shares[c].high).toBeGreaterThanOrEqual(share - 1e-9);
        // The whole population is labelled: nothing is left to estimate but the floor of the interval.
        expect(validated.shares[c].high - validated.shares[c].low).toBeLessThan(0.05);
      }
      expect(validated.outOfScope.not_relevant.estimate).toBeCloseTo(gold.filter((g) => g === 'not_relevant').length / gold.length, 6);
      expect(answer.disclosure.validation).toMatchObject({
        status: 'validated',
        task: { id: task.id, name: 'Semua', from: DAYS[0], to: DAYS[3] },
        labels: stored.length,
        annotators: 2,
      });
      expect(answer.disclosure.validation.notes).toBeUndefined();
      expect(answer.disclosure.validation.inDomainMacroF1).toBeGreaterThan(0);
      // The model-only figures stay, counted from the model's labels.
      expect(answer.data.total.posts).toBe(stored.length);

      // 6. The daily report puts the day's validated shares beside the model-only ones (a day has about 30 labels).
      const reportOf = (minLabels: number) =>
        buildDailyReport(handle.db, {
          date: DAYS[1] as string,
          model: model.disclosure(),
          method: { label: 'l', abstainRule: 'a', keywordRule: 'k' },
          validationMinLabels: minLabels,
        });
      const report = await reportOf(20);
      const dayGold = stored.filter((i) => i % DAYS.length === 1).map(truth);
      const dayInScope = dayGold.filter((g) => g === 'negative' || g === 'neutral' || g === 'positive');
      expect(report.validation?.validated?.labels).toBe(dayGold.length);
      expect(report.validation?.validated?.shares.negative.estimate).toBeCloseTo(
        dayInScope.filter((g) => g === 'negative').length / dayInScope.length,
        6,
      );
      for (const text of [renderMarkdown(report, 'en'), renderHtml(report, 'en')]) {
        expect(text).toContain('Model-only: negative');
        expect(text).toContain(`Validated (PPI++, 95%): negative`);
        expect(text).toContain(`of task ${task.id}`);
      }
      const unvalidated = await reportOf(100);
      expect(unvalidated.validation?.disclosure.status).toBe('none');
      expect(renderMarkdown(unvalidated, 'en')).toContain('Validated: none (not validated in this domain');
      expect(renderMarkdown(unvalidated)).toContain('Tervalidasi: belum (belum divalidasi di domain ini');
      // The API's report of the day (VALIDATION_MIN_LABELS 100) says the same in its disclosure.
      const served = await call('GET', `/v1/reports/daily/${DAYS[1]}`, keys.read);
      expect(served.disclosure.validation).toMatchObject({ status: 'none', task: { id: task.id } });
      expect(served.disclosure.validation.reason).toContain('at least 100');
    }, 180_000);
  });
}
