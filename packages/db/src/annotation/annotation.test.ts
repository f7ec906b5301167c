import { migratedTestDatabase, type TestDatabase } from '@pantau/e2e/support/postgres.ts';
import { makeAnalyzed, makePost } from '@pantau/e2e/support/posts.ts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../client.ts';
import { writeAnalyzedBatch } from '../posts/batch.ts';
import { forgetAuthor } from '../privacy/privacy.ts';
import { rowsOf } from '../sql.ts';
import { createTopic } from '../topics/topics.ts';
import {
  adjudicate,
  coveringAnnotationTasks,
  createAnnotationTask,
  importLabels,
  itemsToLabel,
  listLabels,
  recordLabels,
  taskGoldLabels,
  taskItemLabels,
  windowMoments,
} from './index.ts';

const MODEL = 'test-model-1';
let testDb: TestDatabase;
let handle: DatabaseHandle;

const sample = async (taskId: number) =>
  rowsOf(await handle.db.execute(sql`select post_id from annotation_task_items where task_id = ${taskId} order by position`)).map((r) =>
    Number(r.post_id),
  );

beforeAll(async () => {
  ({ testDb, handle } = await migratedTestDatabase());
  await createTopic(handle.db, { name: 'iuran', query: 'iuran' });
  const labels = ['negative', 'neutral', 'positive', 'uncertain'] as const;
  // 60 posts over three days; every third one tagged with topic 1; author c is forgotten in the last test.
  await writeAnalyzedBatch(handle.db, {
    modelVersion: MODEL,
    posts: Array.from({ length: 60 }, (_, i) => ({
      ...makeAnalyzed(makePost({ externalId: String(i), authorPseudonym: (i === 7 ? 'c' : 'a').repeat(64) }), {
        offset: i,
        label: labels[i % 4] ?? 'neutral',
        day: ['2026-11-01', '2026-11-02', '2026-11-03'][i % 3] ?? '2026-11-01',
      }),
      ...(i % 3 === 0 ? { topicIds: [1] } : {}),
    })),
    exclusions: [],
  });
});

afterAll(async () => {
  await handle?.close();
  await testDb?.drop();
});

describe('annotation tasks', () => {
  it('draws the same sample from the same seed, a different one from another seed, without replacement', async () => {
    const input = { name: 's', from: '2026-11-01', to: '2026-11-03', size: 20 };
    const a = await createAnnotationTask(handle.db, { ...input, seed: 42 });
    const b = await createAnnotationTask(handle.db, { ...input, seed: 42 });
    const c = await createAnnotationTask(handle.db, { ...input, seed: 43 });
    expect(a).toMatchObject({ population: 60, sampled: 20, size: 20, seed: 42, topic: null, from: '2026-11-01', to: '2026-11-03' });
    const [sa, sb, sc] = [await sample(a.id), await sample(b.id), await sample(c.id)];
    expect(sa).toHaveLength(20);
    expect(new Set(sa).size).toBe(20);
    expect(sb).toEqual(sa);
    expect(sc).not.toEqual(sa);
    // The order is the seeded hash of the post key, recomputed here independently of the task code.
    const expected = rowsOf(
      await handle.db.execute(sql`select id from posts order by md5('42:' || platform || ':' || external_id), id limit 20`),
    ).map((r) => Number(r.id));
    expect(sa).toEqual(expected);
  });

  it('samples only the topic and window, caps the sample at the population, and finds covering tasks', async () => {
    // Posts i % 3 === 0 are on 2026-11-01 and tagged: none of them in 11-02..11-03, so there is nothing to sample.
    await expect(
      createAnnotationTask(handle.db, { name: 't', from: '2026-11-02', to: '2026-11-03', topicId: 1, size: 100, seed: 1 }),
    ).rejects.toMatchObject({ code: 'INVALID_QUERY', details: { parameter: 'from' } });
    const u = await createAnnotationTask(handle.db, { name: 'u', from: '2026-11-01', to: '2026-11-01', topicId: 1, size: 100, seed: 1 });
    expect(u).toMatchObject({ population: 20, sampled: 20, topic: 1 });
    const covering = await coveringAnnotationTasks(handle.db, { from: '2026-11-01', to: '2026-11-01', topicId: 1 });
    expect(covering.map((x) => x.id)).toEqual([u.id, 3, 2, 1]);
    const allPosts = await coveringAnnotationTasks(handle.db, { from: '2026-11-01', to: '2026-11-01' });
    expect(allPosts.map((x) => x.id)).toEqual([3, 2, 1]);
    expect(await coveringAnnotationTasks(handle.db, { from: '2026-10-31', to: '2026-11-01' })).toEqual([]);
  });

  it('keeps one current label per annotator and post, and every revision', async () => {
    const task = await createAnnotationTask(handle.db, { name: 'r', from: '2026-11-01', to: '2026-11-03', size: 5, seed: 9 });
    const [p1, p2, p3] = (await sample(task.id)) as [number, number, number];
    await recordLabels(handle.db, { taskId: task.id, annotator: 'k1', labels: [{ postId: p1, label: 'negative' }] });
    await recordLabels(handle.db, { taskId: task.id, annotator: 'k1', labels: [{ postId: p1, label: 'neutral' }] });
    await recordLabels(handle.db, {
      taskId: task.id,
      annotator: 'k2',
      labels: [
        { postId: p1, label: 'neutral' },
        { postId: p2, label: 'positive' },
      ],
    });
    const all = await listLabels(handle.db, task.id, { revisions: true });
    expect(all.filter((l) => l.postId === String(p1) && l.annotator === 'k1').map((l) => [l.label, l.current])).toEqual([
      ['negative', false],
      ['neutral', true],
    ]);
    expect((await listLabels(handle.db, task.id)).map((l) => [l.postId, l.annotator, l.label])).toEqual([
      [String(p1), 'k1', 'neutral'],
      [String(p1), 'k2', 'neutral'],
      [String(p2), 'k2', 'positive'],
    ]);
    // What k1 still has to label: the rest of the sample, in sample order.
    const open = await itemsToLabel(handle.db, { taskId: task.id, annotator: 'k1', limit: 2, modelVersion: MODEL });
    expect(open.remaining).toBe(4);
    expect(open.items.map((i) => i.postId)).toEqual([String(p2), String(p3)]);
    expect(open.items[0]?.model?.label).toBeTruthy();

    // Disagreement: no gold until adjudicated; a single annotator's label is gold.
    await recordLabels(handle.db, { taskId: task.id, annotator: 'k1', labels: [{ postId: p2, label: 'negative' }] });
    let items = await taskItemLabels(handle.db, task.id);
    expect(items.slice(0, 2).map((i) => i.gold)).toEqual(['neutral', null]);
    expect((await taskGoldLabels(handle.db, { taskId: task.id, modelVersion: MODEL })).disputed).toBe(1);
    await adjudicate(handle.db, { taskId: task.id, postId: p2, label: 'positive', adjudicator: 'lead' });
    items = await taskItemLabels(handle.db, task.id);
    expect(items[1]).toMatchObject({ gold: 'positive', adjudicated: 'positive' });
    const gold = await taskGoldLabels(handle.db, { taskId: task.id, modelVersion: MODEL });
    expect(gold.disputed).toBe(0);
    expect(gold.labelled.map((g) => g.gold).sort()).toEqual(['neutral', 'positive']);

    // A post outside the sample is refused and nothing of the call is stored.
    const outside = Number(
      rowsOf(
        await handle.db.execute(
          sql`select id from posts where id not in (select post_id from annotation_task_items where task_id = ${task.id}) limit 1`,
        ),
      )[0]?.id,
    );
    await expect(
      recordLabels(handle.db, {
        taskId: task.id,
        annotator: 'k1',
        labels: [
          { postId: p3, label: 'neutral' },
          { postId: outside, label: 'neutral' },
        ],
      }),
    ).rejects.toMatchObject({ code: 'NOT_IN_TASK' });
    expect((await listLabels(handle.db, task.id)).some((l) => l.postId === String(p3))).toBe(false);
  });

  it('imports labels with their times, skips rows already stored, and keeps the latest as current', async () => {
    const task = await createAnnotationTask(handle.db, { name: 'i', from: '2026-11-01', to: '2026-11-03', size: 3, seed: 5 });
    const [p1, p2] = (await sample(task.id)) as [number, number];
    const rows = [
      { postId: p1, annotator: 'external:ana', label: 'negative' as const, labelledAt: '2026-11-20T01:00:00.000Z' },
      { postId: p1, annotator: 'external:ana', label: 'positive' as const, labelledAt: '2026-11-21T01:00:00.000Z' },
      { postId: p2, annotator: 'external:ana', label: 'neutral' as const, labelledAt: '2026-11-20T02:00:00.000Z' },
    ];
    expect(await importLabels(handle.db, { taskId: task.id, rows: [rows[1], rows[0], rows[2]] as typeof rows })).toEqual({
      imported: 3,
      skipped: 0,
    });
    expect(await importLabels(handle.db, { taskId: task.id, rows })).toEqual({ imported: 0, skipped: 3 });
    expect((await listLabels(handle.db, task.id)).map((l) => [l.postId, l.label, l.labelledAt])).toEqual([
      [String(p1), 'positive', '2026-11-21T01:00:00.000Z'],
      [String(p2), 'neutral', '2026-11-20T02:00:00.000Z'],
    ]);
    expect(await listLabels(handle.db, task.id, { revisions: true })).toHaveLength(3);
  });

  it('sums the window moments of the stored probabilities, and a forgotten author leaves the sample with their labels', async () => {
    const m = await windowMoments(handle.db, { from: '2026-11-01', to: '2026-11-03', modelVersion: MODEL });
    // makeAnalyzed: negative/neutral/positive posts have 0.8 on their class and 0.1 elsewhere, uncertain 0.35/0.3/0.35.
    expect(m.posts).toBe(60);
    expect(m.sum[0]).toBeCloseTo(15 * 0.8 + 30 * 0.1 + 15 * 0.35, 4);
    expect(m.sumSquares[1]).toBeCloseTo(15 * 0.64 + 30 * 0.01 + 15 * 0.09, 4);
    const task = await createAnnotationTask(handle.db, { name: 'f', from: '2026-11-01', to: '2026-11-03', size: 60, seed: 3 });
    await recordLabels(handle.db, {
      taskId: task.id,
      annotator: 'k1',
      labels: (await sample(task.id)).map((postId) => ({ postId, label: 'neutral' })),
    });
    await forgetAuthor(handle.db, { pseudonym: 'c'.repeat(64), requestedBy: 'test' });
    expect(await sample(task.id)).toHaveLength(59);
    expect(await listLabels(handle.db, task.id)).toHaveLength(59);
  });
});
