// What `pantau analyze` costs before its first post: it is started against a test broker and a fresh database, and
// 3 s after it logs "analysis consuming" its resident memory (VmRSS), its peak so far (VmHWM) and its user + system CPU
// are read from /proc (Linux). Each argument is a checkout to run it from (default: this one), in the order given, so
// two checkouts can be alternated: `node --import tsx bench/analyze-startup.ts [DIR ...]`.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TOPICS } from '@pantau/contracts';
import { startTestKafka } from '@pantau/e2e/support/kafka.ts';
import { migratedTestDatabase } from '@pantau/e2e/support/postgres.ts';

const trees = process.argv.length > 2 ? process.argv.slice(2) : [fileURLToPath(new URL('..', import.meta.url))];
const kafka = await startTestKafka();
await kafka.createTopic(TOPICS.postsRaw, 3);
await kafka.createTopic(TOPICS.postsAnalyzed, 3);
await kafka.createTopic(TOPICS.postsDlq, 1);
const { testDb, handle } = await migratedTestDatabase();
await handle.close();
const status = (pid: number) => {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1]) / 1024;
  // utime and stime, in clock ticks of 1/100 s.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return { rssMiB: kb('VmRSS').toFixed(0), hwmMiB: kb('VmHWM').toFixed(0), cpuS: ((Number(stat[11]) + Number(stat[12])) / 100).toFixed(2) };
};
for (const tree of trees) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/cli/src/main.ts', 'analyze'], {
    cwd: tree,
    env: {
      ...process.env,
      LOG_LEVEL: 'info',
      KAFKA_BROKERS: kafka.brokers.join(','),
      DATABASE_URL: testDb.url,
      KAFKA_IDEMPOTENT: 'false',
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      KAFKA_GROUP_ID: `probe-${Date.now()}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('analysis consuming')) resolve();
    });
    child.stderr!.on('data', (d) => {
      out += d;
    });
    child.on('exit', () => reject(new Error(out.slice(-3000))));
    setTimeout(() => reject(new Error(`pantau analyze did not start in 120 s: ${out.slice(-3000)}`)), 120_000);
  });
  await new Promise((r) => setTimeout(r, 3000));
  console.log(JSON.stringify({ tree, ...status(child.pid!) }));
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}
await kafka.stop();
await testDb.drop();
