// `tsx bench/answer-json-cost.ts --database-url URL [--answers N] [--rounds N]`: CPU time of writing one answer of
// `/v1/coverage` and `/v1/volume` over varied windows (the ledger lists its runs: strings, nullable strings, enums),
// by the answer writer (answer-json.ts), by the route's schema serializer (fast-json-stringify) and by JSON.stringify,
// without the request around it. The answers are taken once from the API on a seeded database (as bench/api-cpu.ts
// seeds it: it is only read here, plus one read key), then written round after round in turn by each writer, with
// the garbage collection time of each writer's rounds beside it.

import { constants, PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { buildApp } from '@pantau/api';
import { createApiKey, openDatabase } from '@pantau/db';
import { loadSentimentModel } from '@pantau/sentiment';
import { answerWriterOf } from '../services/api/src/answer-json.ts';
import { variedQueryOf, variedWindows } from './api-queries.ts';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    answers: { type: 'string', default: '300' },
    rounds: { type: 'string', default: '20' },
  },
});
const url = values['database-url'];
if (!url) throw new Error('--database-url is required (a seeded database, as bench/api-cpu.ts seeds it)');
const handle = await openDatabase({ url });
const model = await loadSentimentModel();
const { secret } = await createApiKey(handle.db, 'bench-answer-json', ['read']);
const app = await buildApp({ db: handle.db, pingDatabase: () => handle.ping(), model, software: { version: 'bench', commit: 'bench' } });

interface Taken {
  payload: { data: unknown; disclosure: { generatedAt: string } & Record<string, unknown> };
  schema: (payload: unknown) => string;
}
const taken = new Map<string, Taken[]>();
let route = '';
const schemas = new Map<string, unknown>();
app.addHook('preSerialization', (_request, reply, payload, done) => {
  if (reply.statusCode === 200) {
    const list = taken.get(route) ?? [];
    list.push({ payload: payload as Taken['payload'], schema: (p) => reply.serializeInput(p as Record<string, unknown>, '200') as string });
    taken.set(route, list);
    schemas.set(route, (reply.routeOptions.schema?.response as Record<string, unknown> | undefined)?.[200]);
  }
  done(null, payload);
});
const windows = variedWindows();
for (const path of ['/v1/coverage', '/v1/volume']) {
  route = path;
  for (let i = 0; i < Number(values.answers); i++) {
    const response = await app.inject({
      url: `${path}?${variedQueryOf(path, i, windows, [])}`,
      headers: { authorization: `Bearer ${secret}` },
    });
    if (response.statusCode !== 200) throw new Error(`${path}: ${response.statusCode} ${response.body.slice(0, 200)}`);
  }
}

let gcMs = 0;
let majorGcs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gcMs += entry.duration;
    if ((entry as unknown as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) majorGcs++;
  }
}).observe({ entryTypes: ['gc'] });

for (const [path, answers] of taken) {
  const schema = schemas.get(path);
  const writerOf = () => {
    const writer = answerWriterOf(schema);
    if (!writer) throw new Error(`${path}: no answer writer`);
    return writer;
  };
  const repeated = writerOf();
  // The same answers not stamped from a kept one (written whole, without the kept bytes' split).
  const unstamped = answers.map((a) => ({ ...a, payload: { ...a.payload } }));
  const bytes = answers.map((a) => repeated(a.payload).length);
  // A writer of its own per round: every answer is served for the first time (the varied rows' case), its kept
  // answer written and split around the serving time; the repeated writer has every answer's bytes kept already.
  let fresh = writerOf();
  const ways: [string, (a: Taken, i: number) => unknown][] = [
    ['writer, first serve', (a) => fresh(a.payload)],
    ['writer, unstamped', (_a, i) => repeated((unstamped[i] as Taken).payload)],
    ['writer, repeated', (a) => repeated(a.payload)],
    ['schema serializer', (a) => a.schema(a.payload)],
    ['JSON.stringify', (a) => JSON.stringify(a.payload)],
  ];
  const totals = new Map(ways.map(([name]) => [name, { cpu: 0, gc: 0, major: 0, n: 0 }]));
  for (let round = 0; round < Number(values.rounds); round++)
    for (const [name, write] of ways) {
      fresh = writerOf();
      await new Promise((r) => setImmediate(r));
      const gcBefore = gcMs;
      const majorBefore = majorGcs;
      const before = process.cpuUsage();
      for (let i = 0; i < answers.length; i++) write(answers[i] as Taken, i);
      const used = process.cpuUsage(before);
      await new Promise((r) => setTimeout(r, 5)); // the round's gc entries are delivered
      if (round < 2) continue; // warm-up
      const total = totals.get(name) as { cpu: number; gc: number; major: number; n: number };
      total.cpu += (used.user + used.system) / 1000;
      total.gc += gcMs - gcBefore;
      total.major += majorGcs - majorBefore;
      total.n += answers.length;
    }
  const sorted = [...bytes].sort((a, b) => a - b);
  console.log(`${path}: ${answers.length} answers, bytes median ${sorted[sorted.length >> 1]}, largest ${sorted[sorted.length - 1]}`);
  for (const [name, t] of totals)
    console.log(
      `  ${name.padEnd(20)} ${((t.cpu / t.n) * 1000).toFixed(1).padStart(7)} CPU-µs per answer, GC ${((t.gc / t.n) * 1000).toFixed(1)} µs, ${t.major} major GCs`,
    );
}
await app.close();
await handle.close();
model.dispose();
