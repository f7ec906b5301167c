import {
  createApiKey,
  type DatabaseHandle,
  type DataChangeFeed,
  migrate,
  openDatabase,
  watchDataChanges,
  writeAnalyzedBatch,
} from '@pantau/db';
import { createTestDatabase, type TestDatabase } from '@pantau/e2e/support/postgres.ts';
import { makeAnalyzed, makePost } from '@pantau/e2e/support/posts.ts';
import { loadSentimentModel } from '@pantau/sentiment';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../app.ts';

let testDb: TestDatabase;
let handle: DatabaseHandle;
let app: App;
let feed: DataChangeFeed;
const keys = { admin: '', ann1: '', ann2: '', read: '', ingest: '' };
const ids = { ann1: '', ann2: '' };
const MIN_LABELS = 12;
// 20 posts on 2026-11-10, 10 on 2026-11-11: labels cycle negative, neutral, positive, uncertain.
const LABELS = ['negative', 'neutral', 'positive', 'uncertain'] as const;

beforeAll(async () => {
  testDb = await createTestDatabase();
  handle = await openDatabase({ url: testDb.url });
  await migrate(handle);
  const model = await loadSentimentModel();
  await writeAnalyzedBatch(handle.db, {
    modelVersion: model.manifest.version,
    posts: Array.from({ length: 30 }, (_, i) =>
      makeAnalyzed(makePost({ externalId: String(i), text: `antrean puskesmas nomor ${i}` }), {
        offset: i,
        label: LABELS[i % 4] ?? 'neutral',
        day: i < 20 ? '2026-11-10' : '2026-11-11',
      }),
    ),
    exclusions: [],
  });
  keys.admin = (await createApiKey(handle.db, 'lead', ['admin'])).secret;
  const a1 = await createApiKey(handle.db, 'ana', ['annotate']);
  const a2 = await createApiKey(handle.db, 'budi', ['annotate']);
  keys.ann1 = a1.secret;
  keys.ann2 = a2.secret;
  ids.ann1 = a1.key.id;
  ids.ann2 = a2.key.id;
  keys.read = (await createApiKey(handle.db, 'analyst', ['read'])).secret;
  keys.ingest = (await createApiKey(handle.db, 'collector', ['ingest'])).secret;
  feed = watchDataChanges(handle);
  for (let i = 0; i < 100 && !feed.live; i++) await new Promise((r) => setTimeout(r, 50));
  app = await buildApp({
    db: handle.db,
    pingDatabase: () => handle.ping(),
    model,
    software: { version: '0.1.0', commit: 'test' },
    validationMinLabels: MIN_LABELS,
    dataChanges: feed,
  });
});

afterAll(async () => {
  await app?.close();
  await handle?.close();
  await testDb?.drop();
});

const call = (method: 'GET' | 'POST', url: string, key: string | null, payload?: unknown) =>
  app.inject({
    method,
    url,
    headers: key ? { authorization: `Bearer ${key}` } : {},
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

/** Waits until a notified write moved the data-change generation past `before` (the notification is asynchronous). */
async function notified(before: number): Promise<void> {
  for (let i = 0; i < 100 && feed.generation === before; i++) await new Promise((r) => setTimeout(r, 20));
}

let taskId = 0;
let sample: string[] = [];

describe('annotation tasks', () => {
  it('creates a task with the annotate scope and lists it for readers; refuses the wrong scopes', async () => {
    const body = { name: 'November', from: '2026-11-10', to: '2026-11-11', size: 25, seed: 7 };
    expect((await call('POST', '/v1/annotation/tasks', keys.read, body)).statusCode).toBe(403);
    expect((await call('POST', '/v1/annotation/tasks', null, body)).statusCode).toBe(401);
    const created = await call('POST', '/v1/annotation/tasks', keys.ann1, body);
    expect(created.statusCode).toBe(201);
    const task = created.json().data;
    expect(task).toMatchObject({ name: 'November', from: '2026-11-10', to: '2026-11-11', topic: null, size: 25, seed: 7 });
    expect(task).toMatchObject({ population: 30, sampled: 25, createdBy: ids.ann1 });
    taskId = task.id;
    const listed = await call('GET', '/v1/annotation/tasks', keys.read);
    expect(listed.json().data.map((t: { id: number }) => t.id)).toEqual([taskId]);
    expect((await call('GET', '/v1/annotation/tasks', keys.ingest)).statusCode).toBe(403);
    // Admin holds every scope; a random seed is drawn when none is given.
    const other = await call('POST', '/v1/annotation/tasks', keys.admin, { name: 'day', from: '2026-11-11', to: '2026-11-11', size: 3 });
    expect(other.statusCode).toBe(201);
    expect(other.json().data).toMatchObject({ population: 10, sampled: 3 });
    expect(Number.isInteger(other.json().data.seed)).toBe(true);
  });

  it.each([
    [{ name: 'x', from: '2026-11-12', to: '2026-11-10', size: 5 }, 'from', 400],
    [{ name: 'x', from: '2026-13-01', to: '2026-11-10', size: 5 }, 'from', 400],
    [{ name: 'x', from: '2026-11-10', to: '2026-11-10', size: 0 }, 'size', 400],
    [{ name: '', from: '2026-11-10', to: '2026-11-10', size: 5 }, 'name', 400],
    [{ name: 'a\u0000b', from: '2026-11-10', to: '2026-11-10', size: 5 }, 'name', 400],
    [{ name: 'x', from: '2026-11-10', to: '2026-11-10', size: 5, extra: 1 }, 'extra', 400],
    [{ name: 'x', from: '2026-12-01', to: '2026-12-02', size: 5 }, 'from', 400],
    [{ name: 'x', from: '2026-11-10', to: '2026-11-10', size: 5, topic: 99 }, 'topic', 404],
  ])('refuses task %j naming %s', async (body, parameter, status) => {
    const res = await call('POST', '/v1/annotation/tasks', keys.ann1, body);
    expect(res.statusCode).toBe(status);
    expect(res.json().error.parameter).toBe(parameter);
  });

  it('gives an annotator the posts still to label in sample order, the model hidden unless asked', async () => {
    expect((await call('GET', `/v1/annotation/tasks/${taskId}/items`, keys.read)).statusCode).toBe(403);
    expect((await call('GET', '/v1/annotation/tasks/999/items', keys.ann1)).json().error).toMatchObject({
      code: 'NOT_FOUND',
      parameter: 'id',
    });
    const res = await call('GET', `/v1/annotation/tasks/${taskId}/items?annotator=me&limit=100`, keys.ann1);
    expect(res.statusCode).toBe(200);
    const { data } = res.json();
    expect(data.task).toEqual({ id: taskId, name: 'November' });
    expect(data.remaining).toBe(25);
    expect(data.items.map((i: { position: number }) => i.position)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(data.items[0]).toMatchObject({ platform: 'x', text: expect.stringContaining('antrean'), url: null });
    expect(data.items[0].model).toBeUndefined();
    sample = data.items.map((i: { postId: string }) => i.postId);
    const shown = (await call('GET', `/v1/annotation/tasks/${taskId}/items?limit=2&showModel=true`, keys.ann1)).json().data;
    expect(shown.items).toHaveLength(2);
    expect(shown.items[0].model.probabilities.negative).toBeGreaterThan(0);
    expect((await call('GET', `/v1/annotation/tasks/${taskId}/items?annotator=someone`, keys.ann1)).json().error.parameter).toBe(
      'annotator',
    );
  });

  it('takes single and batch labels, refuses posts outside the sample and bad bodies, keeps revisions', async () => {
    const url = `/v1/annotation/tasks/${taskId}/labels`;
    const one = await call('POST', url, keys.ann1, { postId: sample[0], label: 'positive' });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual({ data: { accepted: 1 } });
    // Relabelled: the latest is the current one.
    expect((await call('POST', url, keys.ann1, { postId: sample[0], label: 'negative' })).statusCode).toBe(200);
    const batch = await call('POST', url, keys.ann1, { labels: sample.slice(1, 12).map((postId) => ({ postId, label: 'neutral' })) });
    expect(batch.json()).toEqual({ data: { accepted: 11 } });
    const items = (await call('GET', `/v1/annotation/tasks/${taskId}/items`, keys.ann1)).json().data;
    expect(items.remaining).toBe(13);
    expect(items.items[0].postId).toBe(sample[12]);

    const outside = await call('POST', url, keys.ann1, {
      labels: [
        { postId: sample[13], label: 'neutral' },
        { postId: '999999', label: 'neutral' },
      ],
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error).toMatchObject({ code: 'NOT_IN_TASK', parameter: 'postId' });
    expect((await call('GET', `/v1/annotation/tasks/${taskId}/items`, keys.ann1)).json().data.remaining).toBe(13);
    expect((await call('POST', url, keys.ann1, { postId: sample[13], label: 'angry' })).json().error.parameter).toBe('label');
    expect((await call('POST', url, keys.ann1, { postId: sample[13] })).json().error.parameter).toBe('label');
    expect((await call('POST', url, keys.ann1, { label: 'neutral' })).json().error.parameter).toBe('postId');
    expect((await call('POST', url, keys.ann1, { postId: 'abc', label: 'neutral' })).json().error.parameter).toBe('postId');
    const both = await call('POST', url, keys.ann1, {
      postId: sample[13],
      label: 'neutral',
      labels: [{ postId: sample[13], label: 'neutral' }],
    });
    expect(both.json().error.parameter).toBe('labels');
    expect((await call('POST', url, keys.read, { postId: sample[13], label: 'neutral' })).statusCode).toBe(403);
    expect((await call('POST', '/v1/annotation/tasks/999/labels', keys.ann1, { postId: sample[13], label: 'neutral' })).statusCode).toBe(
      404,
    );
  });

  it('reports progress, agreement, disagreements and the in-domain evaluation; an admin adjudicates', async () => {
    // The second annotator agrees on four posts and disagrees on the first.
    await call('POST', `/v1/annotation/tasks/${taskId}/labels`, keys.ann2, {
      labels: [{ postId: sample[0], label: 'positive' }, ...sample.slice(1, 5).map((postId) => ({ postId, label: 'neutral' }))],
    });
    const res = await call('GET', `/v1/annotation/tasks/${taskId}`, keys.read);
    expect(res.statusCode).toBe(200);
    const { data } = res.json();
    expect(data.task.id).toBe(taskId);
    expect(data.progress).toMatchObject({ sampled: 25, labelled: 12, gold: 11, annotators: 2 });
    expect(data.progress.byAnnotator).toEqual([
      { annotator: ids.ann1, name: 'ana', labelled: 12 },
      { annotator: ids.ann2, name: 'budi', labelled: 5 },
    ]);
    expect(data.agreement.units).toBe(5);
    expect(data.agreement.alpha).toBeLessThan(1);
    expect(data.disagreements).toBe(1);
    // Evaluated on the 11 in-scope gold labels (all neutral) from the stored probabilities.
    expect(data.evaluation.n).toBe(11);
    expect(data.evaluation.confusion.neutral).toBeDefined();
    expect(data.evaluation.macroF1CI).toHaveLength(2);

    expect((await call('GET', `/v1/annotation/tasks/${taskId}/disagreements`, keys.ann1)).statusCode).toBe(403);
    const disputes = (await call('GET', `/v1/annotation/tasks/${taskId}/disagreements`, keys.admin)).json().data;
    expect(disputes.pending).toBe(1);
    expect(disputes.items[0].postId).toBe(sample[0]);
    expect(disputes.items[0].labels.map((l: { name: string; label: string }) => [l.name, l.label]).sort()).toEqual([
      ['ana', 'negative'],
      ['budi', 'positive'],
    ]);
    expect(disputes.items[0].text).toContain('antrean');

    const adjudications = `/v1/annotation/tasks/${taskId}/adjudications`;
    expect((await call('POST', adjudications, keys.ann1, { postId: sample[0], label: 'negative' })).statusCode).toBe(403);
    expect((await call('POST', adjudications, keys.admin, { postId: '999999', label: 'negative' })).json().error.code).toBe('NOT_IN_TASK');
    const settled = await call('POST', adjudications, keys.admin, { postId: sample[0], label: 'negative' });
    expect(settled.json()).toEqual({ data: { postId: sample[0], label: 'negative' } });
    const after = (await call('GET', `/v1/annotation/tasks/${taskId}`, keys.ann2)).json().data;
    expect(after.progress.gold).toBe(12);
    expect(after.disagreements).toBe(0);
    expect((await call('GET', `/v1/annotation/tasks/${taskId}/disagreements`, keys.admin)).json().data.pending).toBe(0);
  });
});

describe('validated shares in /v1/sentiment', () => {
  const sentiment = async (query: string) => {
    const res = await call('GET', `/v1/sentiment?${query}`, keys.read);
    if (res.statusCode !== 200) throw new Error(res.body);
    return res.json();
  };

  it('says not validated, with the reason, below VALIDATION_MIN_LABELS and outside any task', async () => {
    const outside = await sentiment('from=2026-11-01&to=2026-11-11');
    expect(outside.data.total.validated).toBeUndefined();
    expect(outside.disclosure.validation).toMatchObject({ status: 'none', labels: 0, alpha: null });
    expect(outside.disclosure.validation.reason).toContain('no labelling task');
    // The 12 gold labels of the task are spread over its two days: fewer than 12 in either day alone.
    const day = await sentiment('from=2026-11-10&to=2026-11-10');
    expect(day.disclosure.validation.status).toBe('none');
    expect(day.disclosure.validation.task.id).toBe(taskId);
    expect(day.disclosure.validation.reason).toContain(`at least ${MIN_LABELS}`);
  });

  it('validates the window once enough gold labels are in it, and a new label refreshes the kept answer', async () => {
    const q = 'from=2026-11-10&to=2026-11-11';
    const first = await sentiment(q);
    expect(first.data.total.validated).toMatchObject({ task: taskId, labels: 12, posts: 30, method: 'ppi++' });
    expect(first.disclosure.validation).toMatchObject({ status: 'validated', labels: 12, annotators: 2, task: { id: taskId } });
    expect(first.disclosure.validation.inDomainMacroF1).toBeGreaterThanOrEqual(0);
    const v = first.data.total.validated;
    for (const c of ['negative', 'neutral', 'positive'] as const) {
      expect(v.shares[c].low).toBeLessThanOrEqual(v.shares[c].estimate);
      expect(v.shares[c].estimate).toBeLessThanOrEqual(v.shares[c].high);
    }
    // The model-only figures stay beside the validated ones.
    expect(first.data.total).toMatchObject({ posts: 30, counts: expect.any(Object) });

    const before = feed.generation;
    // A third annotator (admin holds every scope) labels a post no one labelled yet.
    await call('POST', `/v1/annotation/tasks/${taskId}/labels`, keys.admin, { postId: sample[12], label: 'positive' });
    await notified(before);
    const second = await sentiment(q);
    expect(second.data.total.validated.labels).toBe(13);
    expect(second.disclosure.validation).toMatchObject({ labels: 13, annotators: 3 });
  });

  it('uses the asked task, 404 for an unknown one, and none for a task that does not contain the window', async () => {
    const res = await call('GET', '/v1/sentiment?from=2026-11-10&to=2026-11-11&task=999', keys.read);
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'NOT_FOUND', parameter: 'task' });
    const asked = await sentiment(`from=2026-11-10&to=2026-11-11&task=${taskId}`);
    expect(asked.data.total.validated.task).toBe(taskId);
    const wider = await sentiment(`from=2026-11-09&to=2026-11-11&task=${taskId}`);
    expect(wider.disclosure.validation.status).toBe('none');
    expect(wider.disclosure.validation.reason).toContain('does not contain');
    expect((await call('GET', '/v1/sentiment?task=0', keys.read)).json().error.parameter).toBe('task');
    // The task list kept by the API follows a task created after it was read.
    const before = feed.generation;
    const created = (
      await call('POST', '/v1/annotation/tasks', keys.ann2, { name: 'late', from: '2026-11-09', to: '2026-11-11', size: 2 })
    ).json().data;
    await notified(before);
    const late = await sentiment(`from=2026-11-09&to=2026-11-11&task=${created.id}`);
    expect(late.disclosure.validation).toMatchObject({ status: 'none', task: { id: created.id } });
    expect((await sentiment('from=2026-11-09&to=2026-11-11')).disclosure.validation.task.id).toBe(created.id);
  });

  it('documents the annotation routes and the task parameter in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
    for (const path of ['/v1/annotation/tasks', '/v1/annotation/tasks/{id}/items', '/v1/annotation/tasks/{id}/labels']) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.paths['/v1/sentiment'].get.parameters.map((p: { name: string }) => p.name)).toContain('task');
  });

  it('states the validation method and the per-day choice in /v1/methodology', async () => {
    const { data } = (await call('GET', '/v1/methodology', keys.read)).json();
    expect(data.validation.method.length).toBeGreaterThan(100);
    expect(data.validation.perDay).toContain('window total');
  });
});
