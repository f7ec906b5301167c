import {
  type AlertsOptions,
  backoffMs,
  createSenders,
  dispatchAlerts,
  evaluateAlerts,
  evaluateRule,
  MAX_ATTEMPTS,
  verifyWebhook,
} from '@pantau/alerts';
import { buildApp } from '@pantau/api';
import type { AnnotationLabel } from '@pantau/contracts';
import {
  type AlertRule,
  type AlertRuleInput,
  createAlertRule,
  createAnnotationTask,
  createApiKey,
  listAlerts,
  recordCoverageRun,
  recordLabels,
  taskItemLabels,
} from '@pantau/db';
import { launchChromium } from '@pantau/e2e/support/browser.ts';
import { type ReceivedHook, startMailCatcher, startWebhookReceiver, until } from '@pantau/e2e/support/receivers.ts';
import { type AnalysedSample, analyseSample } from '@pantau/e2e/support/sample.ts';
import type { ParsedMail } from 'mailparser';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Alerts on the bundled sample, whose 2026-11-10 holds the "iuran naik" spike (about 90 extra, mostly negative posts),
// delivered to a real SMTP server and a real HTTP receiver started here.

const SECRET = 'webhook-secret-for-the-test-0123456789';
const PUBLIC_URL = 'http://pantau.test';
let sample: AnalysedSample;
let smtp: Awaited<ReturnType<typeof startMailCatcher>> | undefined;
let smtpPort = 0;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>> | undefined;
let receiverUrl = '';
const mails: ParsedMail[] = [];
const hooks: ReceivedHook[] = [];
// The clock every evaluation and dispatch reads: the evening of the spike day, Asia/Jakarta.
let clock = Date.parse('2026-11-10T23:00:00+07:00');
const logger = pino({ level: 'silent' });

function options(): AlertsOptions {
  return {
    db: sample.handle.db,
    senders: createSenders({ smtpUrl: `smtp://127.0.0.1:${smtpPort}`, from: 'Pantau <pantau@example.test>' }),
    modelVersion: () => sample.model.manifest.version,
    publicUrl: PUBLIC_URL,
    now: () => clock,
    logger,
  };
}

const rule = (input: Partial<AlertRuleInput> & Pick<AlertRuleInput, 'name' | 'kind'>) =>
  createAlertRule(sample.handle.db, {
    topicId: null,
    params: {},
    quietHours: null,
    minIntervalMinutes: 0,
    language: 'id',
    channels: [],
    enabled: true,
    ...input,
  });

beforeAll(async () => {
  sample = await analyseSample('alerts');
  smtp = await startMailCatcher(mails);
  smtpPort = smtp.port;
  receiver = await startWebhookReceiver(hooks, SECRET, () => clock);
  receiverUrl = receiver.url;
}, 300_000);

afterAll(async () => {
  await smtp?.close();
  await receiver?.close();
  await sample?.close();
});

describe('alerts', () => {
  it('finds the spike day and sends each event once by e-mail and by signed webhook, with numbers, examples and a link', async () => {
    const spike = await rule({
      name: 'Lonjakan kata kunci',
      kind: 'spike',
      channels: [
        { type: 'email', to: 'desk@example.test' },
        { type: 'webhook', url: `${receiverUrl}/hook`, secret: SECRET },
      ],
    });
    const recorded = await evaluateAlerts(options());
    expect(recorded.length).toBeGreaterThan(0);
    const listed = await listAlerts(sample.handle.db, { limit: 100, ruleId: spike.id });
    expect(listed.map((a) => a.eventKey).some((k) => k.startsWith('spike:2026-11-10:') && k.includes('iuran'))).toBe(true);

    const result = await dispatchAlerts(options());
    expect(result).toEqual({ sent: 2 * recorded.length, failed: 0 });
    await until(() => mails.length === recorded.length, 'the e-mails');
    const iuran = mails.find((m) => /iuran/.test(m.subject ?? '')) as ParsedMail;
    expect(iuran.subject).toMatch(/^Peringatan Pantau: Lonjakan "[^"]*iuran[^"]*"/);
    expect(iuran.to && 'text' in iuran.to ? iuran.to.text : '').toBe('desk@example.test');
    expect(iuran.text).toContain(`${PUBLIC_URL}/?from=2026-10-28&to=2026-11-10`);
    expect(iuran.html).toContain('Contoh unggahan');
    expect(String(iuran.html).match(/<li>/g)?.length).toBe(3);
    expect(iuran.messageId).toMatch(/^<alert-\d+-\d+@pantau>$/);

    const spikeHooks = hooks.filter((h) => h.path === '/hook');
    expect(spikeHooks).toHaveLength(recorded.length);
    expect(spikeHooks.every((h) => h.valid)).toBe(true);
    const body = JSON.parse(spikeHooks.find((h) => h.body.includes('iuran'))?.body ?? '{}');
    expect(body).toMatchObject({ type: 'pantau.alert', kind: 'spike', day: '2026-11-10', rule: { id: spike.id } });
    expect(body.numbers.count).toBeGreaterThanOrEqual(10);
    expect(body.examples[0].url).toMatch(/^https:\/\//);
    expect(body.text).toContain('Lonjakan');
    // A forged or stale signature is refused by the receiver's check.
    expect(verifyWebhook('another-secret', spikeHooks[0]?.body ?? '', 't=1,v1=00', { nowSeconds: Math.floor(clock / 1000) })).toBe(false);

    for (const alert of await listAlerts(sample.handle.db, { limit: 100, ruleId: spike.id })) {
      expect(alert.deliveries.map((d) => d.status)).toEqual(['sent', 'sent']);
    }
    // Evaluating again finds the same events: nothing new is recorded or sent.
    expect(await evaluateAlerts(options())).toEqual([]);
    expect(await dispatchAlerts(options())).toEqual({ sent: 0, failed: 0 });
  });

  it('sends exactly one alert when the process restarts between detection and delivery, and with two dispatchers', async () => {
    const volume = await rule({
      name: 'Volume',
      kind: 'volume_jump',
      params: { ratio: 1.5 },
      language: 'en',
      channels: [{ type: 'webhook', url: `${receiverUrl}/volume`, secret: SECRET }],
    });
    const before = hooks.length;
    // Detected by one process, which stops before sending.
    const first = options();
    expect(await evaluateAlerts(first)).toHaveLength(1);
    first.senders.close();
    // A new process: its evaluation finds the recorded event, and two dispatchers race for the delivery.
    clock += 60_000;
    const [a, b] = await Promise.all([dispatchAlerts(options()), dispatchAlerts(options())]);
    expect(a.sent + b.sent).toBe(1);
    expect(await evaluateAlerts(options())).toEqual([]);
    expect(await dispatchAlerts(options())).toEqual({ sent: 0, failed: 0 });
    const got = hooks.slice(before).filter((h) => h.path === '/volume');
    expect(got).toHaveLength(1);
    const body = JSON.parse(got[0]?.body ?? '{}');
    expect(body.text).toMatch(/^Volume jump: \d+ posts today so far/);
    const [alert] = await listAlerts(sample.handle.db, { limit: 1, ruleId: volume.id });
    expect(alert?.deliveries).toEqual([expect.objectContaining({ status: 'sent', attempts: 1 })]);
  });

  it('retries a failing delivery with back-off and shows it failed after the last attempt', async () => {
    await recordCoverageRun(sample.handle.db, {
      runId: 'alerts-failed-run',
      connector: 'rss',
      query: 'https://news.example.test/feed',
      startedAt: new Date(clock - 120_000),
      finishedAt: new Date(clock - 60_000),
      fetched: 3,
      published: 3,
      rejected: {},
      lastError: 'HTTP 503 from the feed',
    });
    const coverage = await rule({
      name: 'Coverage',
      kind: 'coverage_failure',
      channels: [{ type: 'webhook', url: `${receiverUrl}/fail`, secret: SECRET }],
    });
    // The rule watches failures since it was created at the earliest: the run above is older than the rule's row.
    expect(await evaluateAlerts(options())).toEqual([]);
    clock = Date.parse(coverage.createdAt) + 60_000;
    await recordCoverageRun(sample.handle.db, {
      runId: 'alerts-failed-run-2',
      connector: 'rss',
      query: 'https://news.example.test/feed',
      startedAt: new Date(clock - 30_000),
      finishedAt: new Date(clock - 20_000),
      fetched: 0,
      published: 0,
      rejected: {},
      lastError: 'HTTP 503 from the feed',
    });
    expect(await evaluateAlerts(options())).toHaveLength(1);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      expect(await dispatchAlerts(options())).toEqual({ sent: 0, failed: 1 });
      const [alert] = await listAlerts(sample.handle.db, { limit: 1, ruleId: coverage.id });
      const delivery = alert?.deliveries[0];
      expect(delivery).toMatchObject({ attempts: attempt + 1, lastError: 'webhook answered 500' });
      if (attempt + 1 < MAX_ATTEMPTS) {
        expect(delivery?.status).toBe('pending');
        expect(Date.parse(delivery?.nextAttemptAt ?? '')).toBe(clock + backoffMs(attempt));
        // Not before its time.
        expect(await dispatchAlerts(options())).toEqual({ sent: 0, failed: 0 });
        clock += backoffMs(attempt);
      } else {
        expect(delivery).toMatchObject({ status: 'failed', nextAttemptAt: null });
      }
    }
    expect(await dispatchAlerts(options())).toEqual({ sent: 0, failed: 0 });
  });

  it('holds deliveries during quiet hours and alerts a rule at most once per interval', async () => {
    clock = Date.parse('2026-11-10T23:30:00+07:00');
    const quiet = await rule({
      name: 'Quiet',
      kind: 'spike',
      quietHours: { from: '22:00', to: '06:00' },
      minIntervalMinutes: 120,
      channels: [{ type: 'email', to: 'night@example.test' }],
    });
    // Several terms spike that day; the interval lets one alert through.
    expect(await evaluateAlerts(options())).toHaveLength(1);
    const [alert] = await listAlerts(sample.handle.db, { limit: 10, ruleId: quiet.id });
    expect(alert?.deliveries[0]?.nextAttemptAt).toBe('2026-11-10T23:00:00.000Z');
    const before = mails.length;
    expect(await dispatchAlerts(options())).toEqual({ sent: 0, failed: 0 });
    clock = Date.parse('2026-11-11T06:00:30+07:00');
    expect(await dispatchAlerts(options())).toEqual({ sent: 1, failed: 0 });
    await until(() => mails.length === before + 1, 'the held e-mail');
    expect(mails.at(-1)?.subject).toMatch(/^Peringatan Pantau: Lonjakan/);
  });
});

describe('the alerts API', () => {
  it('lets an admin manage rules with coded errors, never shows a webhook secret, and lists alerts to readers masked', async () => {
    const app = await buildApp({
      db: sample.handle.db,
      pingDatabase: () => sample.handle.ping(),
      model: sample.model,
      software: { version: '0.1.0', commit: 'test' },
    });
    const admin = (await createApiKey(sample.handle.db, 'desk lead', ['admin'])).secret;
    const read = (await createApiKey(sample.handle.db, 'analyst', ['read'])).secret;
    const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, key: string, payload?: unknown) =>
      app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${key}` },
        ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      });
    try {
      const rule = {
        name: 'Negatif naik',
        kind: 'negative_rise',
        params: { minPoints: 15 },
        quietHours: { from: '22:00', to: '06:00' },
        channels: [{ type: 'webhook', url: `${receiverUrl}/desk/very-secret-path`, secret: SECRET }],
      };
      expect((await call('POST', '/v1/alert-rules', read, rule)).statusCode).toBe(403);
      const created = await call('POST', '/v1/alert-rules', admin, rule);
      expect(created.statusCode).toBe(201);
      expect(created.json().data).toMatchObject({ kind: 'negative_rise', minIntervalMinutes: 60, language: 'id', enabled: true });
      expect(created.json().data.channels).toEqual([{ type: 'webhook', url: `${receiverUrl}/desk/very-secret-path`, secret: 'set' }]);
      expect(created.body).not.toContain(SECRET);

      const wrongParam = await call('POST', '/v1/alert-rules', admin, { ...rule, params: { ratio: 2 } });
      expect(wrongParam.statusCode).toBe(400);
      expect(wrongParam.json().error).toMatchObject({ code: 'INVALID_QUERY', parameter: 'params.ratio' });
      const noTopic = await call('POST', '/v1/alert-rules', admin, { ...rule, topicId: 999_999 });
      expect(noTopic.json().error).toMatchObject({ code: 'INVALID_QUERY', parameter: 'topicId' });
      const badHours = await call('POST', '/v1/alert-rules', admin, { ...rule, quietHours: { from: '25:00', to: '06:00' } });
      expect(badHours.statusCode).toBe(400);
      const shortSecret = await call('POST', '/v1/alert-rules', admin, {
        ...rule,
        channels: [{ type: 'webhook', url: 'https://x.test', secret: 'short' }],
      });
      expect(shortSecret.statusCode).toBe(400);

      const id = created.json().data.id as number;
      const patched = await call('PATCH', `/v1/alert-rules/${id}`, admin, { enabled: false });
      expect(patched.json().data.enabled).toBe(false);
      expect((await call('GET', '/v1/alert-rules', admin)).json().data.map((r: { id: number }) => r.id)).toContain(id);
      expect((await call('GET', '/v1/alert-rules', read)).statusCode).toBe(403);

      // Readers see what fired and where it stands, with delivery targets masked.
      const listed = await call('GET', '/v1/alerts?limit=200', read);
      expect(listed.statusCode).toBe(200);
      const alerts = listed.json().data as {
        kind: string;
        headline: { id: string };
        link: string;
        deliveries: { target: string; status: string }[];
      }[];
      expect(alerts.some((a) => a.kind === 'spike' && a.headline.id.startsWith('Lonjakan') && a.link.startsWith(PUBLIC_URL))).toBe(true);
      expect(alerts.some((a) => a.deliveries.some((d) => d.status === 'failed' && d.target.endsWith('/…')))).toBe(true);
      expect(listed.body).not.toContain('desk@example.test');
      expect(listed.body).not.toContain('/hook');

      expect((await call('DELETE', `/v1/alert-rules/${id}`, admin)).statusCode).toBe(204);
      expect((await call('DELETE', `/v1/alert-rules/${id}`, admin)).json().error).toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      await app.close();
    }
  });

  it("shows the alerts in the dashboard with every delivery's state, failures with their error", async () => {
    const app = await buildApp({
      db: sample.handle.db,
      pingDatabase: () => sample.handle.ping(),
      model: sample.model,
      software: { version: '0.1.0', commit: 'test' },
    });
    const read = (await createApiKey(sample.handle.db, 'dashboard reader', ['read'])).secret;
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const browser = await launchChromium();
    const errors: string[] = [];
    try {
      const page = await browser.newPage({ viewport: { width: 390, height: 900 } });
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.goto(url);
      await page.fill('input[name="apiKey"]', read);
      await page.click('button[type="submit"]');
      await page.waitForSelector('[data-testid="alert"]');
      const section = page.locator('[data-testid="alerts"]');
      expect(await section.locator('h2').textContent()).toBe('Peringatan');
      const items = await section.locator('[data-testid="alert"]').allTextContents();
      expect(items.some((text) => text.includes('Lonjakan'))).toBe(true);
      const failed = section.locator('[data-status="failed"]').first();
      expect(await failed.textContent()).toContain('webhook answered 500');
      expect(await failed.textContent()).toContain('gagal');
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await app.close();
    }
  });
});

describe('negative_rise and validated shares', () => {
  const at = Date.parse('2026-11-10T23:00:00+07:00');
  const evaluate = (r: AlertRule) =>
    evaluateRule(sample.handle.db, r, {
      now: at,
      modelVersion: sample.model.manifest.version,
      publicUrl: PUBLIC_URL,
      validationMinLabels: 30,
    });
  // A labelling task of the spike day whose one annotator gives every sampled post the same label.
  const labelledTask = async (name: string, label: AnnotationLabel) => {
    const task = await createAnnotationTask(sample.handle.db, { name, from: '2026-11-10', to: '2026-11-10', size: 40, seed: 7 });
    const items = await taskItemLabels(sample.handle.db, task.id);
    await recordLabels(sample.handle.db, {
      taskId: task.id,
      annotator: 'alerts-annotator',
      labels: items.map((i) => ({ postId: Number(i.postId), label })),
    });
    return { task, labels: items.length };
  };

  it('alerts on model shares and says so when no task validates the day; on the validated share and interval once one does', async () => {
    // The sample's spike day: 70.3% negative (123 of 175 posts with a label) against 61.5% over the 7 days before.
    const negative = await rule({ name: 'Negatif naik', kind: 'negative_rise', params: { minPoints: 5 } });
    // No task samples the day: the model's counts, named as such.
    const [modelOnly, ...more] = await evaluate(negative);
    expect(more).toEqual([]);
    expect(modelOnly?.payload.numbers).toMatchObject({
      source: 'model',
      validated: 'no',
      task: null,
      labels: null,
      baselineSource: 'model',
    });
    expect(modelOnly?.payload.method).toMatch(
      /^Model shares \(not validated by human labels: no labelling task samples a window containing 2026-11-10\)/,
    );
    expect(modelOnly?.payload.headline.en).toContain('model shares, not validated by human labels');
    expect(modelOnly?.payload.headline.id).toContain('belum divalidasi');
    const modelShare = Number(modelOnly?.payload.numbers.share);
    const baseline = Number(modelOnly?.payload.numbers.baselineShare);
    expect(modelShare - baseline).toBeGreaterThanOrEqual(0.05);

    // Annotators read the day's sample as negative: the validated share (PPI++) alerts, naming the task and its labels.
    const agreeing = await labelledTask('Hari lonjakan: negatif', 'negative');
    expect(agreeing.labels).toBe(40);
    const [validated] = await evaluate(negative);
    expect(validated?.payload.numbers).toMatchObject({
      source: 'validated',
      validated: 'yes',
      task: agreeing.task.id,
      labels: 40,
      baselineSource: 'model',
      baselineShare: baseline,
    });
    expect(Number(validated?.payload.numbers.low)).toBeGreaterThan(baseline);
    // The validated share is not the model's count share: the labels corrected it.
    expect(Number(validated?.payload.numbers.share)).not.toBe(modelShare);
    expect(validated?.payload.headline.en).toContain(`validated by human labels (task ${agreeing.task.id}, 40 labels)`);
    expect(validated?.payload.method).toMatch(new RegExp(`^Validated shares \\(.*task ${agreeing.task.id}, 40 gold labels of the day\\)`));

    // A newer task whose annotators find the day's posts neutral: the validated share does not rise, so no alert,
    // although the model-only share would alert.
    const contrary = await labelledTask('Hari lonjakan: netral', 'neutral');
    expect(await evaluate(negative)).toEqual([]);
    // With more gold labels required than the task has, the day is not validated and the model-only rule alerts again.
    const strict = await evaluateRule(sample.handle.db, negative, {
      now: at,
      modelVersion: sample.model.manifest.version,
      publicUrl: PUBLIC_URL,
      validationMinLabels: 41,
    });
    expect(strict[0]?.payload.numbers).toMatchObject({ source: 'model', share: modelShare });
    expect(strict[0]?.payload.method).toContain(`task ${contrary.task.id} has 40 gold labels`);
  });
});
