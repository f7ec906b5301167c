import { jakartaDay, type ModelDisclosure } from '@pantau/contracts';
import { applyRetention, type CoordinationRule, type Database } from '@pantau/db';
import { dueReportDay, produceDailyReports, refreshDayStories, type SpikeRule } from '@pantau/report';
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

/**
 * The story job: every `everyMs`, the days whose stored stories (all posts, and without coordinated posts) no longer match
 * the rollups are computed again once their counts held still since the last pass, or at once when the stored ones are
 * older than `maxBehindMs / 2` (a day written to without pause). The first pass backfills every day with posts.
 */
export function startStoryScheduler(options: {
  db: Database;
  modelVersion: () => string;
  rule: SpikeRule;
  everyMs: number;
  maxBehindMs: number;
  logger: Logger;
}): { stop(): void } {
  // Each stale day's fingerprint at the previous pass: the same again means its writes have settled.
  let seen = new Map<string, string>();
  let first = true;
  return every(options.everyMs, async () => {
    try {
      const started = process.cpuUsage();
      const now = Date.now();
      const previous = seen;
      const backfill = first;
      const computed = await refreshDayStories(options.db, {
        modelVersion: options.modelVersion(),
        rule: options.rule,
        onStale: (stale) => {
          seen = new Map(stale.map((s) => [`${s.day} ${s.scope}`, s.fingerprint]));
        },
        due: (s) =>
          (backfill && s.stored === undefined) ||
          previous.get(`${s.day} ${s.scope}`) === s.fingerprint ||
          (s.stored !== undefined && now - Date.parse(s.stored.computedAt) > options.maxBehindMs / 2),
      });
      first = false;
      const cpu = process.cpuUsage(started);
      if (computed.length > 0)
        options.logger.info(
          { stories: computed.length, days: new Set(computed.map((c) => c.day)).size, cpuMs: Math.round((cpu.user + cpu.system) / 1000) },
          'day stories computed',
        );
    } catch (err) {
      options.logger.error({ err }, 'day stories failed');
    }
  });
}

/** Runs a task now and then every minute, never two at once; the timer does not keep the process alive. */
function everyMinute(task: () => Promise<void>): { stop(): void } {
  return every(60_000, task);
}

/** Runs a task now and then every `everyMs`, never two at once; the timer does not keep the process alive. */
function every(everyMs: number, task: () => Promise<void>): { stop(): void } {
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
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  void tick();
  return { stop: () => clearInterval(timer) };
}
