import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clockOf } from '@pantau/config';
import { connectorFactory, fileConnector, type PollQuery, runConnector, startPoller } from '@pantau/connectors';
import { jakartaDay } from '@pantau/contracts';
import { hasCoverageRun } from '@pantau/db';
import type { Resources } from '@pantau/runtime';
import { connectorSettingsOf } from './config.ts';
import { datedSample, sampleRunId } from './sample.ts';

/** The running ingest service. */
export interface IngestService {
  /** Interrupts waits and requests, lets the page being published finish, and returns. */
  stop(): Promise<void>;
}

/** Starts the ingest service on shared resources: every query polled on its own schedule, each from its checkpoint. */
export function start(resources: Resources, queries: readonly PollQuery[]): IngestService {
  const { env, logger } = resources;
  const connectorOf = connectorFactory(connectorSettingsOf(env));
  const poller = startPoller({
    queries: [...queries],
    connectorOf,
    producer: resources.producer,
    db: resources.database.db,
    pepper: resources.pepper(),
    everyMinutes: env.INGEST_POLL_MINUTES,
    firstLookbackMs: env.INGEST_FIRST_LOOKBACK_HOURS * 3_600_000,
    onRun: (q, result) => {
      const fields = {
        connector: q.connector,
        query: q.query,
        runId: result.run?.runId,
        from: result.window?.from.toISOString(),
        to: result.window?.to.toISOString(),
        resumed: result.resumed,
        fetched: result.run?.stats.fetched ?? 0,
        published: result.run?.stats.published ?? 0,
        rejected: result.run?.stats.rejected ?? {},
      };
      if (result.run?.error) logger.warn({ ...fields, error: result.run.error }, 'poll failed; the next poll resumes from the checkpoint');
      else logger.info({ ...fields, skipped: result.skipped ?? undefined }, 'poll finished');
    },
    onError: (q, err) => logger.error({ connector: q.connector, query: q.query, err }, 'poll could not run'),
    onScheduleError: (err) => logger.error({ err }, 'schedules not stored; coverage judges the queries by the schedules stored before'),
  });
  logger.info({ queries: queries.map((q) => `${q.connector} ${q.query}`), everyMinutes: env.INGEST_POLL_MINUTES }, 'polling');
  return { stop: () => poller.stop() };
}

/**
 * Publishes the bundled sample posts once per database (their run id names their content), dated so that their last
 * day is yesterday (Asia/Jakarta, by the clock: PANTAU_CLOCK pins it in tests). Returns the sample's days when it
 * published them, null when the database had them.
 */
export async function publishSample(resources: Resources): Promise<{ from: string; to: string } | null> {
  const runId = sampleRunId();
  if (await hasCoverageRun(resources.database.db, runId)) return null;
  const sample = datedSample(jakartaDay(clockOf(resources.env)()));
  const folder = mkdtempSync(join(tmpdir(), 'pantau-sample-'));
  try {
    const file = join(folder, 'posts.jsonl');
    writeFileSync(file, sample.jsonl);
    const result = await runConnector(fileConnector(file), {
      producer: resources.producer,
      db: resources.database.db,
      pepper: resources.pepper(),
      runId,
    });
    resources.logger.info({ runId, from: sample.from, to: sample.to, ...result.stats }, 'sample posts published');
    return { from: sample.from, to: sample.to };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
