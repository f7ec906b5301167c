import {
  type AlertRule,
  claimDueDeliveries,
  type Database,
  type DueDelivery,
  getAlertRule,
  listAlertRules,
  markDeliveryFailed,
  markDeliverySent,
  recordAlert,
} from '@pantau/db';
import { minutesOf, type SpikeRule } from '@pantau/report';
import type { Logger } from 'pino';
import { renderAlertEmail, type Senders, signWebhook, webhookBody } from './channels.ts';
import { type AlertPayload, evaluateRule } from './evaluate.ts';

/** Attempts of one delivery before it is given up (`failed`, shown in the dashboard and `/v1/alerts`). */
export const MAX_ATTEMPTS = 8;
/** Wait before the next attempt: 30 s doubling, at most an hour. */
export const backoffMs = (attempts: number) => Math.min(30_000 * 2 ** attempts, 3_600_000);

/**
 * When a delivery detected at `now` may go out: at once, or when the rule's quiet hours (Asia/Jakarta; from > to spans
 * midnight) end.
 */
export function notBefore(rule: Pick<AlertRule, 'quietHours'>, now: number): Date {
  if (!rule.quietHours) return new Date(now);
  const jakartaMinute = Math.floor(((now + 7 * 3_600_000) % 86_400_000) / 60_000);
  const from = minutesOf(rule.quietHours.from);
  const to = minutesOf(rule.quietHours.to);
  const quiet = from <= to ? jakartaMinute >= from && jakartaMinute < to : jakartaMinute >= from || jakartaMinute < to;
  if (!quiet) return new Date(now);
  // From the start of this minute (Jakarta is a whole number of hours from UTC) to the minute quiet hours end.
  const wait = (to - jakartaMinute + 1_440) % 1_440;
  return new Date(now - (now % 60_000) + wait * 60_000);
}

export interface AlertsOptions {
  db: Database;
  senders: Senders;
  /** The active model's version (labels are read per version). */
  modelVersion: () => string;
  spikeRule?: SpikeRule;
  /** Least gold labels in a window for its validated shares (VALIDATION_MIN_LABELS). */
  validationMinLabels?: number;
  publicUrl: string;
  now: () => number;
  logger: Logger;
}

/** Evaluates every enabled rule once and records what it finds; returns the ids of the alerts recorded. */
export async function evaluateAlerts(options: AlertsOptions): Promise<number[]> {
  const recorded: number[] = [];
  const now = options.now();
  for (const rule of await listAlertRules(options.db)) {
    if (!rule.enabled) continue;
    try {
      const events = await evaluateRule(options.db, rule, {
        now,
        modelVersion: options.modelVersion(),
        publicUrl: options.publicUrl,
        ...(options.spikeRule ? { spikeRule: options.spikeRule } : {}),
        ...(options.validationMinLabels !== undefined ? { validationMinLabels: options.validationMinLabels } : {}),
      });
      const at = notBefore(rule, now);
      for (const event of events) {
        const id = await recordAlert(
          options.db,
          {
            ruleId: rule.id,
            eventKey: event.eventKey,
            day: event.day,
            payload: { ...event.payload, language: rule.language },
            deliveries: rule.channels.map((c) =>
              c.type === 'email' ? { channel: 'email', target: c.to, notBefore: at } : { channel: 'webhook', target: c.url, notBefore: at },
            ),
          },
          { now: new Date(now), minIntervalMinutes: rule.minIntervalMinutes },
        );
        if (id !== null) {
          recorded.push(id);
          options.logger.info({ alertId: id, rule: rule.id, event: event.eventKey }, 'alert recorded');
        }
      }
    } catch (err) {
      options.logger.error({ err, rule: rule.id }, 'alert rule could not be evaluated');
    }
  }
  return recorded;
}

/** Sends the deliveries that are due (each claimed, so two dispatchers never send one twice); returns how many were sent. */
export async function dispatchAlerts(options: AlertsOptions): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  const now = options.now();
  for (;;) {
    const due = await claimDueDeliveries(options.db, { now: new Date(now), limit: CLAIM_BATCH, leaseMs: 120_000 });
    for (const d of due) {
      if (await deliver(options, d)) sent++;
      else failed++;
    }
    if (due.length < CLAIM_BATCH) return { sent, failed };
  }
}

/** Deliveries claimed at once by one dispatcher. */
const CLAIM_BATCH = 20;

/** Sends one claimed delivery and records the outcome; true when it was sent. */
async function deliver(options: AlertsOptions, d: DueDelivery): Promise<boolean> {
  const payload = d.payload as AlertPayload & { language?: 'id' | 'en' };
  const language = payload.language === 'en' ? 'en' : 'id';
  try {
    if (d.channel === 'email') {
      await options.senders.email(d.target, { ...renderAlertEmail(payload, language), messageId: `<alert-${d.alertId}-${d.id}@pantau>` });
    } else {
      const rule = await getAlertRule(options.db, d.ruleId);
      const channel = rule?.channels.find((c) => c.type === 'webhook' && c.url === d.target);
      if (channel?.type !== 'webhook') throw new Error('the webhook is no longer in the rule');
      const body = webhookBody(payload, { alertId: d.alertId, deliveryId: d.id }, language);
      await options.senders.webhook(d.target, body, {
        'x-pantau-signature': signWebhook(channel.secret, body, Math.floor(options.now() / 1000)),
        'x-pantau-delivery': String(d.id),
      });
    }
    await markDeliverySent(options.db, d.id, new Date(options.now()));
    return true;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const attempts = d.attempts + 1;
    const retryAt = attempts >= MAX_ATTEMPTS ? null : new Date(options.now() + backoffMs(d.attempts));
    await markDeliveryFailed(options.db, d.id, message, retryAt);
    options.logger.warn({ delivery: d.id, channel: d.channel, attempts, retryAt, err: message }, 'alert delivery failed');
    return false;
  }
}

/** Evaluates the rules every `everyMs` and sends due deliveries every `dispatchEveryMs`; the timers keep no process alive. */
export function startAlerts(options: AlertsOptions & { everyMs: number; dispatchEveryMs?: number }): { stop(): Promise<void> } {
  let stopped = false;
  const inFlight = new Set<Promise<unknown>>();
  const timers = new Set<NodeJS.Timeout>();
  const loop = (task: () => Promise<unknown>, everyMs: number) => {
    const schedule = (ms: number) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (stopped) return;
        const run = task()
          .catch((err) => options.logger.error({ err }, 'alerts failed'))
          .finally(() => {
            inFlight.delete(run);
            if (!stopped) schedule(everyMs);
          });
        inFlight.add(run);
      }, ms).unref();
      timers.add(timer);
    };
    schedule(0);
  };
  loop(() => evaluateAlerts(options), options.everyMs);
  loop(() => dispatchAlerts(options), options.dispatchEveryMs ?? 5_000);
  return {
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      await Promise.all(inFlight);
      options.senders.close();
    },
  };
}
