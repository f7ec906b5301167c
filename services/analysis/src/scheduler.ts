import { jakartaDay, type ModelDisclosure } from '@pantau/contracts';
import { applyRetention, type CoordinationRule, type Database } from '@pantau/db';
import { dueReportDay, produceDailyReports, type SpikeRule } from '@pantau/report';
import type { Logger } from 'pino';

/** Checks every minute whether yesterday's reports are due (after `at`, Asia/Jakarta) and writes them once. */
export function startReportScheduler(options: {
  db: Database;
  model: ModelDisclosure;
  /** The emotion head's disclosure, when the model has one: the reports then carry the day's emotions. */
  emotionModel?: ModelDisclosure | undefined;
  method: { label: string; abstainRule: string; keywordRule: string };
  at: string;
  rule: SpikeRule;
  coordinationRule: CoordinationRule | null;
  /** VALIDATION_MIN_LABELS: least gold labels in a day for its validated shares. */
  validationMinLabels?: number;
  /** The clock (clockOf: the real time unless PANTAU_CLOCK pins it). */
  now: () => number;
  logger: Logger;
}): { stop(): void } {
  return everyMinute(async () => {
    try {
      const day = await dueReportDay(options.db, options.now(), options.at);
      if (day) {
        const reports = await produceDailyReports(options.db, {
          date: day,
          model: options.model,
          emotionModel: options.emotionModel,
          method: options.method,
          rule: options.rule,
          coordinationRule: options.coordinationRule,
          ...(options.validationMinLabels !== undefined ? { validationMinLabels: options.validationMinLabels } : {}),
        });
        options.logger.info({ day, reports: reports.length, spikes: reports[0]?.spikes.length ?? 0 }, 'daily reports written');
      }
    } catch (err) {
      options.logger.error({ err }, 'daily report failed');
    }
  });
}

/**
 * Applies RETENTION_DAYS once per Asia/Jakarta day (checked every minute, first at start): posts older than the
 * retention lose their text, url and author pseudonym; counts stay. Safe to run from several instances at once.
 */
export function startRetentionScheduler(options: { db: Database; days: number; now: () => number; logger: Logger }): {
  stop(): void;
} {
  let lastDay: string | null = null;
  return everyMinute(async () => {
    const now = options.now();
    const today = jakartaDay(now);
    if (lastDay === today) return;
    try {
      const result = await applyRetention(options.db, { days: options.days, now, requestedBy: 'scheduler' });
      lastDay = today;
      if (result.posts > 0 || result.reportsScrubbed > 0) options.logger.info({ ...result }, 'retention applied');
    } catch (err) {
      options.logger.error({ err }, 'retention failed');
    }
  });
}

/** Runs a task now and then every minute, never two at once; the timer does not keep the process alive. */
function everyMinute(task: () => Promise<void>): { stop(): void } {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await task();
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), 60_000);
  timer.unref();
  void tick();
  return { stop: () => clearInterval(timer) };
}
