// The morning brief: each stored daily report sent once to every active subscription of its scope, in the
// subscriber's language, by e-mail or signed webhook, through the same lease-and-retry ledger as the alerts.

import { addDays, jakartaDay } from '@pantau/contracts';
import {
  claimDueBriefDeliveries,
  type Database,
  type DueBriefDelivery,
  enqueueBriefDeliveries,
  getReport,
  markBriefFailed,
  markBriefSent,
} from '@pantau/db';
import { type DailyReport, type FirstScreen, firstScreenOf } from '@pantau/report';
import type { Logger } from 'pino';
import { type Senders, signWebhook } from './channels.ts';
import { backoffMs, MAX_ATTEMPTS } from './service.ts';

const WORDS = {
  id: {
    subject: 'Ringkasan pagi Pantau',
    open: 'Buka laporan lengkap di dasbor',
    why: 'Anda menerima ini karena berlangganan ringkasan pagi Pantau.',
  },
  en: {
    subject: 'Pantau morning brief',
    open: 'Open the full report in the dashboard',
    why: 'You receive this because you subscribed to the Pantau morning brief.',
  },
} as const;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** The dashboard address of a day's report: `PUBLIC_URL/?topic=N#report/DAY` (no topic: all posts). */
export function reportLink(publicUrl: string, day: string, topicId: number | null): string {
  return `${publicUrl.replace(/\/+$/, '')}/${topicId === null ? '' : `?topic=${topicId}`}#report/${day}`;
}

/** The brief as an e-mail: subject, plain text and an HTML first screen readable on a phone (inline styles only). */
export function renderBriefEmail(screen: FirstScreen, link: string): { subject: string; text: string; html: string } {
  const w = WORDS[screen.language];
  const text = [
    screen.title,
    screen.dayLine,
    '',
    ...screen.headlines.map((h, i) => `${i + 1}. ${h.name}. ${h.text}`),
    '',
    `${screen.headingStories}:`,
    ...(screen.none ? [screen.none] : []),
    ...screen.stories.map((s) => `- ${s.title}: ${s.numbers}`),
    '',
    `${screen.headingVolume}: ${screen.volume}`,
    `${screen.headingSentiment}: ${screen.sentiment}`,
    '',
    `${w.open}: ${link}`,
    '',
    w.why,
  ].join('\n');
  const p = 'margin:0 0 10px';
  const html = `<!doctype html><html lang="${screen.language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(screen.title)}</title></head>
<body style="margin:0;padding:12px;font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#222;overflow-wrap:anywhere">
<div style="max-width:36rem;margin:0 auto">
<h1 style="font-size:19px;margin:0 0 4px">${escapeHtml(screen.title)}</h1>
<p style="${p};color:#555;font-size:13px">${escapeHtml(screen.dayLine)}</p>
<h2 style="font-size:16px;margin:14px 0 6px">${escapeHtml(screen.headingHeadlines)}</h2>
<ol id="headlines" style="background:#f6f8fa;border-radius:6px;margin:0 0 12px;padding:8px 12px 8px 28px">${screen.headlines
    .map((h) => `<li style="margin:6px 0"><b>${escapeHtml(h.name)}.</b> ${escapeHtml(h.text)}</li>`)
    .join('')}</ol>
<h2 style="font-size:16px;margin:14px 0 6px">${escapeHtml(screen.headingStories)}</h2>
${screen.none ? `<p style="${p}">${escapeHtml(screen.none)}</p>` : ''}${screen.stories
  .map(
    (s) =>
      `<div class="story" style="border-left:4px solid #c0392b;padding-left:10px;margin:0 0 10px"><b>${escapeHtml(s.title)}</b><br>${escapeHtml(s.numbers)}</div>`,
  )
  .join('')}
<p style="${p}"><b>${escapeHtml(screen.headingVolume)}.</b> ${escapeHtml(screen.volume)}</p>
<p style="${p}"><b>${escapeHtml(screen.headingSentiment)}.</b> ${escapeHtml(screen.sentiment)}</p>
<p style="margin:16px 0"><a href="${escapeHtml(link)}" style="display:inline-block;background:#2c3e50;color:#fff;padding:10px 14px;border-radius:6px;text-decoration:none">${escapeHtml(w.open)}</a></p>
<p style="${p};color:#555;font-size:12px">${escapeHtml(w.why)}</p>
</div></body></html>`;
  return { subject: `${w.subject}: ${screen.title}`.slice(0, 200), text, html };
}

/** The JSON a brief webhook receives: headlines, stories, link, and `text` (the brief in a few lines) for chat relays. */
export function briefWebhookBody(
  screen: FirstScreen,
  ids: { subscriptionId: number; deliveryId: number; topicId: number | null },
  link: string,
): string {
  const w = WORDS[screen.language];
  return JSON.stringify({
    type: 'pantau.brief',
    subscriptionId: ids.subscriptionId,
    deliveryId: ids.deliveryId,
    day: screen.date,
    topic: screen.topic ? { id: ids.topicId, name: screen.topic.name } : null,
    language: screen.language,
    title: screen.title,
    headlines: screen.headlines,
    stories: screen.stories,
    link,
    text: [`*${screen.title}*`, ...screen.headlines.map((h, i) => `${i + 1}. ${h.text}`), `${w.open}: ${link}`].join('\n'),
  });
}

export interface BriefOptions {
  db: Database;
  senders: Senders;
  publicUrl: string;
  now: () => number;
  logger: Logger;
}

/** Report days (Asia/Jakarta) a delivery is still made for: a brief a few days late is no longer a morning brief. */
const LATE_DAYS = 2;
const CLAIM_BATCH = 20;

/**
 * Records a delivery for every stored report of the last days and every active subscription of its scope (once per
 * subscription, day and scope), then sends the due ones; returns how many were recorded, sent and failed.
 */
export async function dispatchBriefs(options: BriefOptions): Promise<{ recorded: number; sent: number; failed: number }> {
  const now = options.now();
  const recorded = await enqueueBriefDeliveries(options.db, { sinceDay: addDays(jakartaDay(now), -LATE_DAYS), now: new Date(now) });
  let sent = 0;
  let failed = 0;
  for (;;) {
    const due = await claimDueBriefDeliveries(options.db, { now: new Date(now), limit: CLAIM_BATCH, leaseMs: 120_000 });
    for (const d of due) {
      if (await deliverBrief(options, d)) sent++;
      else failed++;
    }
    if (due.length < CLAIM_BATCH) return { recorded, sent, failed };
  }
}

/** Sends one claimed brief and records the outcome; true when it was sent. */
async function deliverBrief(options: BriefOptions, d: DueBriefDelivery): Promise<boolean> {
  try {
    const report = await getReport(options.db, d.day, d.topicId);
    if (!report) throw new Error(`the report of ${d.day} is no longer stored`);
    const screen = firstScreenOf(report as unknown as DailyReport, d.language);
    const link = reportLink(options.publicUrl, d.day, d.topicId);
    if (d.channel === 'email') {
      if (!d.target) throw new Error('the subscriber has no e-mail address');
      await options.senders.email(d.target, { ...renderBriefEmail(screen, link), messageId: `<brief-${d.subscriptionId}-${d.id}@pantau>` });
    } else {
      if (!d.webhookSecret) throw new Error('the subscription has no webhook secret');
      const body = briefWebhookBody(screen, { subscriptionId: d.subscriptionId, deliveryId: d.id, topicId: d.topicId }, link);
      await options.senders.webhook(d.target, body, {
        'x-pantau-signature': signWebhook(d.webhookSecret, body, Math.floor(options.now() / 1000)),
        'x-pantau-delivery': `brief-${d.id}`,
      });
    }
    await markBriefSent(options.db, d.id, new Date(options.now()));
    return true;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const attempts = d.attempts + 1;
    const retryAt = attempts >= MAX_ATTEMPTS ? null : new Date(options.now() + backoffMs(d.attempts));
    await markBriefFailed(options.db, d.id, message, retryAt);
    options.logger.warn(
      { delivery: d.id, subscription: d.subscriptionId, channel: d.channel, attempts, retryAt, err: message },
      'brief delivery failed',
    );
    return false;
  }
}

/** Records and sends briefs every `everyMs` (default 30 s); the timer keeps no process alive. */
export function startBriefs(options: BriefOptions & { everyMs?: number }): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  const schedule = (ms: number) => {
    timer = setTimeout(() => {
      if (stopped) return;
      running = dispatchBriefs(options)
        .then((r) => {
          if (r.recorded > 0 || r.sent > 0) options.logger.info(r, 'morning briefs');
        })
        .catch((err) => options.logger.error({ err }, 'morning briefs failed'))
        .finally(() => {
          running = null;
          if (!stopped) schedule(options.everyMs ?? 30_000);
        });
    }, ms).unref();
  };
  schedule(0);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      options.senders.close();
    },
  };
}
