import {
  type BriefOptions,
  backoffMs,
  createSenders,
  dispatchBriefs,
  MAX_ATTEMPTS,
  reportLink,
  startBriefs,
  verifyWebhook,
} from '@pantau/alerts';
import { buildApp } from '@pantau/api';
import {
  backfillTopic,
  CLI_ACTOR,
  claimDueBriefDeliveries,
  createApiKey,
  createSubscription,
  createTopic,
  createUser,
  enqueueBriefDeliveries,
  getBriefProfile,
  getReport,
  listBriefDeliveries,
  listSubscriptions,
  saveReport,
  setBriefProfile,
  updateSubscription,
} from '@pantau/db';
import { methodOf } from '@pantau/disclosure';
import { launchChromium } from '@pantau/e2e/support/browser.ts';
import { type ReceivedHook, startMailCatcher, startWebhookReceiver, until } from '@pantau/e2e/support/receivers.ts';
import { type AnalysedSample, analyseSample } from '@pantau/e2e/support/sample.ts';
import { type DailyReport, firstScreenOf, produceDailyReports } from '@pantau/report';
import type { ParsedMail } from 'mailparser';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The morning brief on the bundled sample: the report of 2026-11-10 (the "iuran naik" spike) stored as the scheduler
// stores it, then sent to subscribers through a real SMTP server and a real HTTP receiver started here.

const DAY = '2026-11-10';
const SECRET = 'brief-webhook-secret-0123456789';
const PUBLIC_URL = 'http://pantau.test';
const PASSWORD = 'sandi-rahasia-panjang';
let sample: AnalysedSample;
let smtp: Awaited<ReturnType<typeof startMailCatcher>> | undefined;
let smtpPort = 0;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>> | undefined;
let receiverUrl = '';
const mails: ParsedMail[] = [];
const hooks: ReceivedHook[] = [];
// The morning after the report day, Asia/Jakarta, after REPORT_DAILY_AT.
let clock = Date.parse('2026-11-11T06:05:00+07:00');
const logger = pino({ level: 'silent' });
const users: Record<string, number> = {};
let topicId = 0;

function options(): BriefOptions {
  return {
    db: sample.handle.db,
    senders: createSenders({ smtpUrl: `smtp://127.0.0.1:${smtpPort}`, from: 'Pantau <pantau@example.test>' }),
    publicUrl: PUBLIC_URL,
    now: () => clock,
    logger,
  };
}

async function user(name: string, profile: { email?: string; language?: 'id' | 'en' } = {}): Promise<number> {
  const created = await createUser(sample.handle.db, { name, role: 'viewer', password: PASSWORD }, CLI_ACTOR);
  if (profile.email || profile.language) await setBriefProfile(sample.handle.db, created.id, profile);
  users[name] = created.id;
  return created.id;
}

/** Stores the day's all-posts report again, as the scheduler does when it writes a day's reports. */
async function storeReportAgain(): Promise<void> {
  const content = await getReport(sample.handle.db, DAY, null);
  await saveReport(sample.handle.db, { day: DAY, topicId: null, generatedAt: new Date(), content: content as object });
}

const mailTo = (address: string) => mails.filter((m) => (m.to && 'text' in m.to ? m.to.text : '') === address);

beforeAll(async () => {
  sample = await analyseSample('brief');
  smtp = await startMailCatcher(mails);
  smtpPort = smtp.port;
  receiver = await startWebhookReceiver(hooks, SECRET, () => clock);
  receiverUrl = receiver.url;

  const topic = await createTopic(sample.handle.db, { name: 'Iuran', query: 'iuran' });
  topicId = topic.id;
  await backfillTopic(sample.handle.db, topic.id, (text) => text.toLowerCase().includes('iuran'));
  // Subscribed before the report is stored: one in Indonesian (all posts), one in English (the topic), one webhook.
  await createSubscription(sample.handle.db, {
    userId: await user('ani', { email: 'ani@example.test' }),
    topicId: null,
    language: 'id',
    channel: 'email',
    webhook: null,
  });
  await createSubscription(sample.handle.db, {
    userId: await user('ben', { email: 'ben@example.test', language: 'en' }),
    topicId: topic.id,
    language: 'en',
    channel: 'email',
    webhook: null,
  });
  await createSubscription(sample.handle.db, {
    userId: await user('citra'),
    topicId: null,
    language: 'id',
    channel: 'webhook',
    webhook: { url: `${receiverUrl}/hook`, secret: SECRET },
  });
  await produceDailyReports(sample.handle.db, { date: DAY, model: sample.model.disclosure(), method: methodOf(sample.model) });
}, 300_000);

afterAll(async () => {
  await smtp?.close();
  await receiver?.close();
  await sample?.close();
});

describe('the morning brief', () => {
  it("sends the stored report's first screen once to each subscriber, in their language, by e-mail and signed webhook", async () => {
    expect(await dispatchBriefs(options())).toEqual({ recorded: 3, sent: 3, failed: 0 });
    await until(() => mails.length === 2, 'the e-mails');
    const all = firstScreenOf((await getReport(sample.handle.db, DAY, null)) as unknown as DailyReport, 'id');
    const topicEn = firstScreenOf((await getReport(sample.handle.db, DAY, topicId)) as unknown as DailyReport, 'en');

    const [ani] = mailTo('ani@example.test');
    expect(ani?.subject).toBe(`Ringkasan pagi Pantau: ${all.title}`);
    expect(ani?.html).toContain('<html lang="id">');
    expect(ani?.html).toContain('<meta name="viewport" content="width=device-width,initial-scale=1">');
    // The three headlines of the report, in Indonesian, in the HTML and the plain text.
    const headlines = /<ol id="headlines"[^>]*>(.*?)<\/ol>/s.exec(String(ani?.html))?.[1] ?? '';
    expect(headlines.match(/<li/g)).toHaveLength(3);
    expect(headlines).toContain('Apa yang berubah');
    expect(all.headlines[1]?.text).toContain('iuran');
    for (const h of all.headlines) expect(ani?.text).toContain(h.text);
    expect(ani?.html).toContain('class="story"');
    const link = `${PUBLIC_URL}/#report/${DAY}`;
    expect(ani?.text).toContain(`Buka laporan lengkap di dasbor: ${link}`);
    expect(ani?.html).toContain(`href="${link}"`);
    expect(ani?.messageId).toMatch(/^<brief-\d+-\d+@pantau>$/);

    const [ben] = mailTo('ben@example.test');
    expect(ben?.subject).toBe(`Pantau morning brief: ${topicEn.title}`);
    expect(topicEn.title).toContain('Iuran');
    expect(ben?.html).toContain('<html lang="en">');
    expect(ben?.html).toContain('What changed');
    expect(ben?.html).not.toContain('Apa yang berubah');
    for (const h of topicEn.headlines) expect(ben?.text).toContain(h.text);
    expect(ben?.text).toContain(`Open the full report in the dashboard: ${PUBLIC_URL}/?topic=${topicId}#report/${DAY}`);

    const got = hooks.filter((h) => h.path === '/hook');
    expect(got).toHaveLength(1);
    expect(got[0]?.valid).toBe(true);
    const body = JSON.parse(got[0]?.body ?? '{}');
    expect(body).toMatchObject({ type: 'pantau.brief', day: DAY, language: 'id', link, topic: null });
    expect(body.headlines.map((h: { text: string }) => h.text)).toEqual(all.headlines.map((h) => h.text));
    expect(body.text).toContain(all.headlines[0]?.text);
    expect(body.text).toContain(link);
    // Tampered bodies fail the receiver's check.
    expect(verifyWebhook(SECRET, got[0]?.body.replace('pantau.brief', 'pantau.other') ?? '', 't=1,v1=00', { nowSeconds: 1 })).toBe(false);

    for (const s of await listSubscriptions(sample.handle.db))
      expect(s.lastDelivery).toMatchObject({ day: DAY, status: 'sent', attempts: 1 });
    // Again: nothing new is recorded or sent.
    expect(await dispatchBriefs(options())).toEqual({ recorded: 0, sent: 0, failed: 0 });
    expect(mails).toHaveLength(2);
    expect(reportLink(`${PUBLIC_URL}/`, DAY, 7)).toBe(`${PUBLIC_URL}/?topic=7#report/${DAY}`);
  });

  it('sends exactly one brief across a restart between the report and its delivery, with two racing dispatchers', async () => {
    const dewi = await createSubscription(sample.handle.db, {
      userId: await user('dewi'),
      topicId: null,
      language: 'en',
      channel: 'webhook',
      webhook: { url: `${receiverUrl}/restart`, secret: SECRET },
    });
    // Paused before the report: it gets nothing.
    const paused = await createSubscription(sample.handle.db, {
      userId: users.ani as number,
      topicId: null,
      language: 'en',
      channel: 'email',
      webhook: null,
    });
    await updateSubscription(sample.handle.db, paused.id, { active: false });
    await storeReportAgain();
    const mailsBefore = mails.length;
    const hooksBefore = hooks.length;
    // The first process records the delivery and claims it, then dies before sending.
    expect(await enqueueBriefDeliveries(sample.handle.db, { sinceDay: '2026-11-09', now: new Date(clock) })).toBe(1);
    expect(await claimDueBriefDeliveries(sample.handle.db, { now: new Date(clock), limit: 10, leaseMs: 120_000 })).toHaveLength(1);
    // Two new dispatchers: while the dead one's lease holds they leave it; once it ends exactly one sends it.
    const early = await Promise.all([dispatchBriefs(options()), dispatchBriefs(options())]);
    expect(early.map((r) => r.sent + r.failed)).toEqual([0, 0]);
    clock += 121_000;
    const [a, b] = await Promise.all([dispatchBriefs(options()), dispatchBriefs(options())]);
    expect(a.sent + b.sent).toBe(1);
    expect(a.recorded + b.recorded).toBe(0);
    expect(await dispatchBriefs(options())).toEqual({ recorded: 0, sent: 0, failed: 0 });
    const got = hooks.slice(hooksBefore);
    expect(got.map((h) => h.path)).toEqual(['/restart']);
    expect(JSON.parse(got[0]?.body ?? '{}')).toMatchObject({ language: 'en', subscriptionId: dewi.id });
    expect(mails.length).toBe(mailsBefore);
    expect(await listBriefDeliveries(sample.handle.db, paused.id)).toEqual([]);
    expect(await listBriefDeliveries(sample.handle.db, dewi.id)).toEqual([expect.objectContaining({ status: 'sent', attempts: 1 })]);
  });

  it('retries a failing receiver with back-off and shows the delivery failed with its error', async () => {
    const eko = await createSubscription(sample.handle.db, {
      userId: await user('eko'),
      topicId: null,
      language: 'id',
      channel: 'webhook',
      webhook: { url: `${receiverUrl}/fail`, secret: SECRET },
    });
    await storeReportAgain();
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      expect(await dispatchBriefs(options())).toMatchObject({ sent: 0, failed: 1 });
      const [delivery] = await listBriefDeliveries(sample.handle.db, eko.id);
      expect(delivery).toMatchObject({ attempts: attempt + 1, lastError: 'webhook answered 500' });
      if (attempt + 1 < MAX_ATTEMPTS) {
        expect(delivery?.status).toBe('pending');
        expect(Date.parse(delivery?.nextAttemptAt ?? '')).toBe(clock + backoffMs(attempt));
        expect(await dispatchBriefs(options())).toEqual({ recorded: 0, sent: 0, failed: 0 });
        clock += backoffMs(attempt);
      } else {
        expect(delivery).toMatchObject({ status: 'failed', nextAttemptAt: null });
      }
    }
    expect(await dispatchBriefs(options())).toEqual({ recorded: 0, sent: 0, failed: 0 });
    expect(hooks.filter((h) => h.path === '/fail')).toHaveLength(MAX_ATTEMPTS);

    // The subscriber sees it through the API.
    const app = await buildApp({
      db: sample.handle.db,
      pingDatabase: () => sample.handle.ping(),
      model: sample.model,
      software: { version: '0.1.0', commit: 'test' },
    });
    try {
      const key = (await createApiKey(sample.handle.db, 'eko key', ['read'], undefined, { userId: users.eko as number })).secret;
      const listed = await app.inject({ method: 'GET', url: '/v1/subscriptions', headers: { authorization: `Bearer ${key}` } });
      expect(listed.json().data).toEqual([
        expect.objectContaining({
          id: eko.id,
          lastDelivery: expect.objectContaining({ status: 'failed', lastError: 'webhook answered 500', attempts: MAX_ATTEMPTS }),
        }),
      ]);
    } finally {
      await app.close();
    }
  });
});

describe('the running brief service', () => {
  it('sends the brief of a report stored while it runs, once, without being called', async () => {
    const ika = await user('ika', { email: 'ika@example.test', language: 'en' });
    await createSubscription(sample.handle.db, { userId: ika, topicId: null, language: 'en', channel: 'email', webhook: null });
    const saved = clock;
    clock = Date.parse('2026-11-12T06:05:00+07:00');
    const service = startBriefs({ ...options(), everyMs: 200 });
    try {
      // What the report scheduler does at REPORT_DAILY_AT on the 12th: the reports of the 11th.
      await produceDailyReports(sample.handle.db, { date: '2026-11-11', model: sample.model.disclosure(), method: methodOf(sample.model) });
      await until(() => mailTo('ika@example.test').length === 1, "ika's brief");
      // A few more rounds of the loop send nothing more.
      await new Promise((r) => setTimeout(r, 1_000));
    } finally {
      await service.stop();
      clock = saved;
    }
    const got = mailTo('ika@example.test');
    expect(got).toHaveLength(1);
    expect(got[0]?.subject).toMatch(/^Pantau morning brief: /);
    expect(got[0]?.text).toContain(`${PUBLIC_URL}/#report/2026-11-11`);
  }, 120_000);
});

describe('the subscriptions API', () => {
  it("keeps each user to their own subscriptions, names the parameter of bad input, and never shows a webhook's secret", async () => {
    const app = await buildApp({
      db: sample.handle.db,
      pingDatabase: () => sample.handle.ping(),
      model: sample.model,
      software: { version: '0.1.0', commit: 'test' },
      reportLanguage: 'en',
    });
    const fajar = await user('fajar');
    const keyOf = async (userId: number, scopes: ('read' | 'admin')[] = ['read']) =>
      (await createApiKey(sample.handle.db, `key ${userId}`, scopes, undefined, { userId })).secret;
    const mine = await keyOf(fajar);
    const ani = await keyOf(users.ani as number);
    const admin = await keyOf((await createUser(sample.handle.db, { name: 'gita', role: 'admin', password: PASSWORD }, CLI_ACTOR)).id, [
      'admin',
    ]);
    const machine = (await createApiKey(sample.handle.db, 'machine', ['admin'])).secret;
    const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, key: string, payload?: unknown) =>
      app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${key}` },
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
    const bad = async (payload: unknown, parameter: string) => {
      const res = await call('POST', '/v1/subscriptions', mine, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.parameter, JSON.stringify(payload)).toBe(parameter);
    };
    try {
      // No address yet, no language set: the deployment's REPORT_LANGUAGE.
      const empty = await call('GET', '/v1/subscriptions', mine);
      expect(empty.json()).toEqual({ data: [], profile: { email: null, language: 'en', languageSet: false } });
      await bad({ channel: 'email' }, 'email');
      await bad({}, 'channel');
      await bad({ channel: 'fax' }, 'channel');
      await bad({ channel: 'email', email: 'not an address' }, 'email');
      await bad({ channel: 'email', email: 'f@example.test', language: 'fr' }, 'language');
      await bad({ channel: 'email', email: 'f@example.test', topicId: 999_999 }, 'topicId');
      await bad({ channel: 'webhook' }, 'webhook');
      await bad({ channel: 'webhook', webhook: { url: 'ftp://x.test', secret: SECRET } }, 'webhook.url');
      await bad({ channel: 'webhook', webhook: { url: 'https://x.test', secret: 'short' } }, 'webhook.secret');
      await bad({ channel: 'email', email: 'f@example.test', webhook: { url: 'https://x.test', secret: SECRET } }, 'webhook');

      const byMail = await call('POST', '/v1/subscriptions', mine, { channel: 'email', email: 'fajar@example.test', topicId });
      expect(byMail.statusCode).toBe(201);
      expect(byMail.json().data).toMatchObject({
        channel: 'email',
        topicId,
        language: 'en',
        active: true,
        webhook: null,
        lastDelivery: null,
      });
      const lang = await call('PATCH', '/v1/subscriptions/profile', mine, { language: 'id' });
      expect(lang.json().data).toEqual({ email: 'fajar@example.test', language: 'id', languageSet: true });
      expect((await call('PATCH', '/v1/subscriptions/profile', mine, { language: 'de' })).json().error.parameter).toBe('language');
      const hook = await call('POST', '/v1/subscriptions', mine, {
        channel: 'webhook',
        webhook: { url: `${receiverUrl}/fajar/secret-path`, secret: SECRET },
      });
      expect(hook.statusCode).toBe(201);
      expect(hook.json().data).toMatchObject({ language: 'id', webhook: { url: `${receiverUrl}/fajar/secret-path`, secret: 'set' } });
      expect(hook.body).not.toContain(SECRET);
      const listed = await call('GET', '/v1/subscriptions', mine);
      expect(listed.json().data.map((s: { id: number }) => s.id)).toEqual([byMail.json().data.id, hook.json().data.id]);
      expect(listed.body).not.toContain(SECRET);

      // Another user sees none of them and cannot touch them; only an admin lists everyone's.
      const id = hook.json().data.id as number;
      expect((await call('GET', '/v1/subscriptions', ani)).json().data.map((s: { userId: number }) => s.userId)).not.toContain(fajar);
      expect((await call('PATCH', `/v1/subscriptions/${id}`, ani, { active: false })).statusCode).toBe(404);
      expect((await call('DELETE', `/v1/subscriptions/${id}`, ani)).statusCode).toBe(404);
      expect((await call('GET', '/v1/subscriptions?all=true', ani)).statusCode).toBe(403);
      const everyone = (await call('GET', '/v1/subscriptions?all=true', admin)).json().data as { userId: number }[];
      expect(new Set(everyone.map((s) => s.userId)).size).toBeGreaterThanOrEqual(5);
      expect((await call('GET', '/v1/subscriptions', machine)).json().error.code).toBe('FORBIDDEN');

      expect((await call('PATCH', `/v1/subscriptions/${id}`, mine, {})).json().error.code).toBe('INVALID_QUERY');
      expect((await call('PATCH', `/v1/subscriptions/${id}`, mine, { topicId: 0 })).json().error.parameter).toBe('topicId');
      expect(
        (
          await call('PATCH', `/v1/subscriptions/${byMail.json().data.id}`, mine, { webhook: { url: 'https://x.test', secret: SECRET } })
        ).json().error.parameter,
      ).toBe('webhook');
      const paused = await call('PATCH', `/v1/subscriptions/${id}`, mine, { active: false });
      expect(paused.json().data.active).toBe(false);
      expect((await call('PATCH', '/v1/subscriptions/abc', mine, { active: true })).json().error.parameter).toBe('id');
      expect((await call('GET', `/v1/subscriptions/${id}/deliveries`, mine)).json().data).toEqual([]);
      expect((await call('DELETE', `/v1/subscriptions/${id}`, mine)).statusCode).toBe(204);
      expect((await call('DELETE', `/v1/subscriptions/${id}`, mine)).json().error).toMatchObject({ code: 'NOT_FOUND', parameter: 'id' });
    } finally {
      await app.close();
    }
  });
});

describe('the subscriptions page', () => {
  it('lets a signed-in user subscribe, pause and see the last delivery, at desktop width and at 390 px, without console errors', async () => {
    const app = await buildApp({
      db: sample.handle.db,
      pingDatabase: () => sample.handle.ping(),
      model: sample.model,
      software: { version: '0.1.0', commit: 'test' },
    });
    const hana = await user('hana', { email: 'hana@example.test' });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const browser = await launchChromium();
    const errors: string[] = [];
    try {
      for (const width of [1280, 390]) {
        const context = await browser.newContext({ viewport: { width, height: 900 } });
        const page = await context.newPage();
        page.on('pageerror', (e) => errors.push(e.message));
        page.on('console', (m) => {
          if (m.type() === 'error') errors.push(m.text());
        });
        await page.goto(`${url}/#subscriptions`);
        await page.fill('input[name="userName"]', 'hana');
        await page.fill('input[name="password"]', PASSWORD);
        await page.click('[data-testid="password-sign-in"]');
        await page.waitForSelector('[data-testid="user-name"]');
        await page.click('nav.views a[href="#subscriptions"]');
        await page.waitForSelector('[data-testid="subscriptions"]');
        expect(await page.textContent('#h-subscriptions')).toBe('Langganan ringkasan pagi');
        const form = page.locator('[data-testid="new-subscription"]');
        if (width === 1280) {
          await page.waitForSelector('[data-testid="no-subscriptions"]');
          expect(await form.locator('input[name="email"]').inputValue()).toBe('hana@example.test');
          // Her language preference: English.
          await page.locator('select[name="profileLanguage"]').selectOption('en');
          await page.locator('[data-testid="brief-profile"] button[type="submit"]').click();
          await page.waitForSelector('[data-testid="subscription-message"]');
          await form.locator('select[name="topic"]').selectOption(String(topicId));
          await form.locator('select[name="language"]').selectOption('en');
          await form.locator('button[type="submit"]').click();
        } else {
          // By keyboard: choose the webhook channel, type the address and secret, submit with Enter.
          await form.locator('select[name="channel"]').focus();
          await form.locator('select[name="channel"]').selectOption('webhook');
          await form.locator('input[name="url"]').focus();
          await page.keyboard.type(`${receiverUrl}/hana`);
          await page.keyboard.press('Tab');
          await page.keyboard.type(SECRET);
          await page.keyboard.press('Enter');
        }
        await page.waitForSelector('[data-testid="subscription-message"]');
        expect(await page.textContent('[data-testid="subscription-message"]')).toContain('Tersimpan');
        await page.waitForSelector(`[data-testid="subscription"]:nth-child(${width === 1280 ? 1 : 2})`);
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
        await context.close();
      }
      expect(await getBriefProfile(sample.handle.db, hana)).toEqual({ email: 'hana@example.test', language: 'en' });
      const stored = await listSubscriptions(sample.handle.db, { userId: hana });
      expect(stored.map((s) => [s.topicId, s.language, s.channel, s.webhookUrl])).toEqual([
        [topicId, 'en', 'email', null],
        // Her preference is the default language of a new subscription.
        [null, 'en', 'webhook', `${receiverUrl}/hana`],
      ]);

      // A sent and a failed delivery and a paused subscription, as the page shows them.
      const failing = await createSubscription(sample.handle.db, {
        userId: hana,
        topicId: null,
        language: 'id',
        channel: 'webhook',
        webhook: { url: `${receiverUrl}/fail`, secret: SECRET },
      });
      await storeReportAgain();
      await updateSubscription(sample.handle.db, stored[0]?.id as number, { active: false });
      clock += 60_000;
      await dispatchBriefs(options());
      for (let attempt = 0; attempt < MAX_ATTEMPTS - 1; attempt++) {
        clock += backoffMs(attempt);
        await dispatchBriefs(options());
      }
      expect(await listBriefDeliveries(sample.handle.db, failing.id)).toEqual([expect.objectContaining({ status: 'failed' })]);
      expect(await listBriefDeliveries(sample.handle.db, stored[1]?.id as number)).toEqual([expect.objectContaining({ status: 'sent' })]);
      expect(await listBriefDeliveries(sample.handle.db, stored[0]?.id as number)).toEqual([]);
      const page = await (await browser.newContext({ viewport: { width: 390, height: 900 } })).newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${url}/#subscriptions`);
      await page.fill('input[name="userName"]', 'hana');
      await page.fill('input[name="password"]', PASSWORD);
      await page.click('[data-testid="password-sign-in"]');
      await page.waitForSelector('[data-testid="subscription"] [data-status="sent"]');
      const items = page.locator('[data-testid="subscription"]');
      expect(await items.nth(0).getAttribute('data-active')).toBe('false');
      expect(await items.nth(1).locator('.last-delivery').textContent()).toContain('terkirim');
      const failed = items.nth(2).locator('.last-delivery[data-status="failed"]');
      expect(await failed.textContent()).toContain('gagal');
      expect(await failed.locator('[data-testid="delivery-error"]').textContent()).toBe('webhook answered 500');
      // Pause with the keyboard.
      await items.nth(1).locator('button', { hasText: 'Jeda' }).focus();
      await page.keyboard.press('Enter');
      await page.waitForSelector('[data-testid="subscription"]:nth-child(2)[data-active="false"]');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await app.close();
    }
  }, 240_000);
});
