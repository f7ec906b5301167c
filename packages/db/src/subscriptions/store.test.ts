import { createTestDatabase, type TestDatabase } from '@pantau/e2e/support/postgres.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, migrate, openDatabase } from '../client.ts';
import { saveReport } from '../reports/reports.ts';
import { CLI_ACTOR, createUser, setUserDisabled } from '../users/users.ts';
import {
  claimDueBriefDeliveries,
  createSubscription,
  deleteSubscription,
  enqueueBriefDeliveries,
  getBriefProfile,
  listBriefDeliveries,
  listSubscriptions,
  markBriefFailed,
  markBriefSent,
  setBriefProfile,
  updateSubscription,
} from './store.ts';

// The ledger on both databases Pantau runs on: Postgres (services) and PGlite (`pnpm start`).
describe.each(['postgres', 'pglite'] as const)('brief subscriptions on %s', (backend) => {
  let testDb: TestDatabase | null = null;
  let handle: DatabaseHandle;
  const now = new Date('2026-11-11T00:00:00Z');

  beforeAll(async () => {
    if (backend === 'postgres') testDb = await createTestDatabase();
    handle = await openDatabase(testDb ? { url: testDb.url } : { dataDir: 'memory://' });
    await migrate(handle);
  }, 120_000);

  afterAll(async () => {
    await handle?.close();
    await testDb?.drop();
  });

  it('records one delivery per active subscription and report, skips paused ones and disabled users, and leases claims', async () => {
    const db = handle.db;
    const ani = await createUser(db, { name: 'ani', role: 'viewer', password: 'sandi-rahasia-panjang' }, CLI_ACTOR);
    const budi = await createUser(db, { name: 'budi', role: 'analyst', password: 'sandi-rahasia-panjang' }, CLI_ACTOR);
    expect(await getBriefProfile(db, ani.id)).toEqual({ email: null, language: null });
    expect(await setBriefProfile(db, ani.id, { email: 'ani@example.test', language: 'en' })).toEqual({
      email: 'ani@example.test',
      language: 'en',
    });
    const mail = await createSubscription(db, { userId: ani.id, topicId: null, language: 'en', channel: 'email', webhook: null });
    const paused = await createSubscription(db, { userId: ani.id, topicId: null, language: 'id', channel: 'email', webhook: null });
    await updateSubscription(db, paused.id, { active: false });
    const hook = await createSubscription(db, {
      userId: budi.id,
      topicId: null,
      language: 'id',
      channel: 'webhook',
      webhook: { url: 'https://relay.example.test/brief', secret: 'a-secret-of-sixteen+' },
    });
    expect(hook).toMatchObject({ channel: 'webhook', webhookUrl: 'https://relay.example.test/brief', active: true, lastDelivery: null });
    expect(JSON.stringify(hook)).not.toContain('a-secret');

    // A report stored long ago is too old; the day's report is recorded once, however often this runs.
    await saveReport(db, { day: '2026-11-01', topicId: null, generatedAt: new Date(), content: { date: '2026-11-01' } });
    await saveReport(db, { day: '2026-11-10', topicId: null, generatedAt: new Date(), content: { date: '2026-11-10' } });
    expect(await enqueueBriefDeliveries(db, { sinceDay: '2026-11-09', now })).toBe(2);
    expect(await enqueueBriefDeliveries(db, { sinceDay: '2026-11-09', now })).toBe(0);
    expect(await listBriefDeliveries(db, paused.id)).toEqual([]);

    const claimed = await claimDueBriefDeliveries(db, { now, limit: 10, leaseMs: 60_000 });
    expect(claimed.map((d) => [d.subscriptionId, d.day, d.topicId, d.channel, d.target, d.language]).sort()).toEqual(
      [
        [mail.id, '2026-11-10', null, 'email', 'ani@example.test', 'en'],
        [hook.id, '2026-11-10', null, 'webhook', 'https://relay.example.test/brief', 'id'],
      ].sort(),
    );
    expect(claimed.find((d) => d.channel === 'webhook')?.webhookSecret).toBe('a-secret-of-sixteen+');
    // Leased: nobody else gets them until the lease ends.
    expect(await claimDueBriefDeliveries(db, { now, limit: 10, leaseMs: 60_000 })).toEqual([]);
    const later = new Date(now.getTime() + 61_000);
    expect(await claimDueBriefDeliveries(db, { now: later, limit: 10, leaseMs: 60_000 })).toHaveLength(2);
    const [first, second] = claimed;
    await markBriefSent(db, first?.id as number, later);
    await markBriefFailed(db, second?.id as number, 'webhook answered 500', null);
    const listed = await listSubscriptions(db);
    expect(listed.map((s) => [s.id, s.lastDelivery?.status ?? null]).sort()).toEqual(
      [
        [first?.subscriptionId, 'sent'],
        [second?.subscriptionId, 'failed'],
        [paused.id, null],
      ].sort(),
    );
    expect(listed.find((s) => s.id === second?.subscriptionId)?.lastDelivery).toMatchObject({
      lastError: 'webhook answered 500',
      attempts: 1,
    });
    expect(await listSubscriptions(db, { userId: budi.id })).toHaveLength(1);

    // Resumed: the reports stored from now on; a disabled user gets nothing.
    await updateSubscription(db, paused.id, { active: true });
    expect(await enqueueBriefDeliveries(db, { sinceDay: '2026-11-09', now })).toBe(0);
    await setUserDisabled(db, ani.id, true, CLI_ACTOR);
    await saveReport(db, { day: '2026-11-11', topicId: null, generatedAt: new Date(), content: { date: '2026-11-11' } });
    expect(await enqueueBriefDeliveries(db, { sinceDay: '2026-11-09', now })).toBe(1);
    expect((await listBriefDeliveries(db, hook.id)).map((d) => d.day)).toEqual(['2026-11-11', '2026-11-10']);

    expect(await deleteSubscription(db, hook.id)).toBe(true);
    expect(await deleteSubscription(db, hook.id)).toBe(false);
    expect(await listBriefDeliveries(db, hook.id)).toEqual([]);
  });
});
