import { and, asc, desc, eq, gte, isNotNull, sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { alertDeliveries, alertRules, alerts, coverageRuns } from '../schema.ts';
import { rowsOf } from '../sql.ts';

/** What an alert rule watches. */
export const ALERT_KINDS = ['spike', 'negative_rise', 'volume_jump', 'coverage_failure'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** Where an alert is sent besides the dashboard's list. */
export type AlertChannel = { type: 'email'; to: string } | { type: 'webhook'; url: string; secret: string };

/** A stored alert rule. */
export interface AlertRule {
  id: number;
  name: string;
  topicId: number | null;
  kind: AlertKind;
  /** Thresholds of the kind (see `@pantau/alerts` RULE_PARAMS); missing ones take their defaults. */
  params: Record<string, number>;
  /** Quiet hours, Asia/Jakarta HH:MM; from > to spans midnight. */
  quietHours: { from: string; to: string } | null;
  minIntervalMinutes: number;
  language: 'id' | 'en';
  channels: AlertChannel[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export type AlertRuleInput = Omit<AlertRule, 'id' | 'createdAt' | 'updatedAt'>;

const toRule = (r: typeof alertRules.$inferSelect): AlertRule => ({
  id: r.id,
  name: r.name,
  topicId: r.topicId,
  kind: r.kind as AlertKind,
  params: r.params,
  quietHours: r.quietFrom && r.quietTo ? { from: r.quietFrom, to: r.quietTo } : null,
  minIntervalMinutes: r.minIntervalMinutes,
  language: r.language === 'en' ? 'en' : 'id',
  channels: r.channels as AlertChannel[],
  enabled: r.enabled,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

const columnsOf = (input: Partial<AlertRuleInput>) => ({
  ...(input.name !== undefined ? { name: input.name } : {}),
  ...(input.topicId !== undefined ? { topicId: input.topicId } : {}),
  ...(input.kind !== undefined ? { kind: input.kind } : {}),
  ...(input.params !== undefined ? { params: input.params } : {}),
  ...(input.quietHours !== undefined ? { quietFrom: input.quietHours?.from ?? null, quietTo: input.quietHours?.to ?? null } : {}),
  ...(input.minIntervalMinutes !== undefined ? { minIntervalMinutes: input.minIntervalMinutes } : {}),
  ...(input.language !== undefined ? { language: input.language } : {}),
  ...(input.channels !== undefined ? { channels: input.channels } : {}),
  ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
});

export async function createAlertRule(db: Database, input: AlertRuleInput): Promise<AlertRule> {
  const [row] = await db
    .insert(alertRules)
    .values({ ...columnsOf(input), name: input.name, kind: input.kind })
    .returning();
  return toRule(row as typeof alertRules.$inferSelect);
}

export async function listAlertRules(db: Database): Promise<AlertRule[]> {
  return (await db.select().from(alertRules).orderBy(asc(alertRules.id))).map(toRule);
}

export async function getAlertRule(db: Database, id: number): Promise<AlertRule | null> {
  const [row] = await db.select().from(alertRules).where(eq(alertRules.id, id));
  return row ? toRule(row) : null;
}

export async function updateAlertRule(db: Database, id: number, change: Partial<AlertRuleInput>): Promise<AlertRule | null> {
  const [row] = await db
    .update(alertRules)
    .set({ ...columnsOf(change), updatedAt: new Date() })
    .where(eq(alertRules.id, id))
    .returning();
  return row ? toRule(row) : null;
}

/** Deletes a rule with its alerts and their deliveries; false when there was none. */
export async function deleteAlertRule(db: Database, id: number): Promise<boolean> {
  return (await db.delete(alertRules).where(eq(alertRules.id, id)).returning({ id: alertRules.id })).length > 0;
}

/** A detected event, ready for the ledger. */
export interface NewAlert {
  ruleId: number;
  /** Names the event within the rule (e.g. `spike:2026-11-10:iuran naik`): the ledger keeps one alert per key. */
  eventKey: string;
  day: string;
  payload: Record<string, unknown>;
  /** One delivery per channel target, each not before its time (quiet hours). */
  deliveries: { channel: 'email' | 'webhook'; target: string; notBefore: Date }[];
}

/**
 * Records an alert and its deliveries in one transaction, unless the rule already has this event, or alerted less
 * than `minIntervalMinutes` before `now`. Returns the new alert's id, or null when nothing was recorded.
 */
export async function recordAlert(
  db: Database,
  alert: NewAlert,
  options: { now: Date; minIntervalMinutes: number },
): Promise<number | null> {
  return db.transaction(async (tx) => {
    // Evaluators in several processes: one at a time per rule, so the interval check and the insert agree.
    await tx.execute(sql`select pg_advisory_xact_lock(774420, ${alert.ruleId})`);
    const [recent] = rowsOf(
      await tx.execute(sql`
        select 1 from alerts where rule_id = ${alert.ruleId}
          and detected_at > ${new Date(options.now.getTime() - options.minIntervalMinutes * 60_000).toISOString()}::timestamptz
        limit 1`),
    );
    if (recent) return null;
    const [row] = await tx
      .insert(alerts)
      .values({ ruleId: alert.ruleId, eventKey: alert.eventKey, day: alert.day, detectedAt: options.now, payload: alert.payload })
      .onConflictDoNothing()
      .returning({ id: alerts.id });
    if (!row) return null;
    if (alert.deliveries.length > 0) {
      await tx
        .insert(alertDeliveries)
        .values(alert.deliveries.map((d) => ({ alertId: row.id, channel: d.channel, target: d.target, nextAttemptAt: d.notBefore })))
        .onConflictDoNothing();
    }
    return row.id;
  });
}

/** A delivery due now, with what is sent. */
export interface DueDelivery {
  id: number;
  alertId: number;
  ruleId: number;
  channel: 'email' | 'webhook';
  target: string;
  attempts: number;
  payload: Record<string, unknown>;
}

/**
 * Claims up to `limit` due deliveries for `leaseMs` (another dispatcher skips them meanwhile; a dispatcher that dies
 * mid-send leaves them to be claimed again when the lease ends).
 */
export async function claimDueDeliveries(db: Database, options: { now: Date; limit: number; leaseMs: number }): Promise<DueDelivery[]> {
  const rows = rowsOf(
    await db.execute(sql`
      with due as (
        select id from alert_deliveries
        where status = 'pending' and next_attempt_at <= ${options.now.toISOString()}::timestamptz
        order by next_attempt_at, id limit ${options.limit}
        for update skip locked
      )
      update alert_deliveries d set next_attempt_at = ${new Date(options.now.getTime() + options.leaseMs).toISOString()}::timestamptz
      from due, alerts a
      where d.id = due.id and a.id = d.alert_id
      returning d.id, d.alert_id, a.rule_id, d.channel, d.target, d.attempts, a.payload`),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    alertId: Number(r.alert_id),
    ruleId: Number(r.rule_id),
    channel: r.channel === 'webhook' ? 'webhook' : 'email',
    target: String(r.target),
    attempts: Number(r.attempts),
    payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, unknown>,
  }));
}

/** Marks a claimed delivery sent. */
export async function markDeliverySent(db: Database, id: number, at: Date): Promise<void> {
  await db
    .update(alertDeliveries)
    .set({ status: 'sent', sentAt: at, attempts: sql`${alertDeliveries.attempts} + 1`, lastError: null })
    .where(eq(alertDeliveries.id, id));
}

/** Records a failed attempt: retried at `retryAt`, or given up (`failed`) when `retryAt` is null. */
export async function markDeliveryFailed(db: Database, id: number, error: string, retryAt: Date | null): Promise<void> {
  await db
    .update(alertDeliveries)
    .set({
      status: retryAt ? 'pending' : 'failed',
      attempts: sql`${alertDeliveries.attempts} + 1`,
      lastError: error.slice(0, 500),
      ...(retryAt ? { nextAttemptAt: retryAt } : {}),
    })
    .where(eq(alertDeliveries.id, id));
}

/** An alert with its deliveries, as the dashboard and `/v1/alerts` list them. */
export interface AlertEntry {
  id: number;
  ruleId: number;
  ruleName: string;
  kind: AlertKind;
  topicId: number | null;
  eventKey: string;
  day: string;
  detectedAt: string;
  payload: Record<string, unknown>;
  deliveries: {
    channel: 'email' | 'webhook';
    target: string;
    status: 'pending' | 'sent' | 'failed';
    attempts: number;
    nextAttemptAt: string | null;
    lastError: string | null;
    sentAt: string | null;
  }[];
}

/** Alerts newest first (at most `limit`), optionally of one rule, with every delivery's state. */
export async function listAlerts(db: Database, options: { limit: number; ruleId?: number | undefined }): Promise<AlertEntry[]> {
  const rows = await db
    .select({ alert: alerts, rule: { name: alertRules.name, kind: alertRules.kind, topicId: alertRules.topicId } })
    .from(alerts)
    .innerJoin(alertRules, eq(alertRules.id, alerts.ruleId))
    .where(options.ruleId === undefined ? undefined : eq(alerts.ruleId, options.ruleId))
    .orderBy(desc(alerts.detectedAt), desc(alerts.id))
    .limit(options.limit);
  const ids = rows.map((r) => r.alert.id);
  const deliveries =
    ids.length === 0
      ? []
      : await db
          .select()
          .from(alertDeliveries)
          .where(sql`${alertDeliveries.alertId} = any(${`{${ids.join(',')}}`}::bigint[])`)
          .orderBy(asc(alertDeliveries.id));
  return rows.map(({ alert, rule }) => ({
    id: alert.id,
    ruleId: alert.ruleId,
    ruleName: rule.name,
    kind: rule.kind as AlertKind,
    topicId: rule.topicId,
    eventKey: alert.eventKey,
    day: alert.day,
    detectedAt: alert.detectedAt.toISOString(),
    payload: alert.payload,
    deliveries: deliveries
      .filter((d) => d.alertId === alert.id)
      .map((d) => ({
        channel: d.channel === 'webhook' ? 'webhook' : 'email',
        target: d.target,
        status: d.status as 'pending' | 'sent' | 'failed',
        attempts: d.attempts,
        nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
        lastError: d.lastError,
        sentAt: d.sentAt?.toISOString() ?? null,
      })),
  }));
}

/** A connector run that ended with an error. */
export interface FailedRun {
  runId: string;
  connector: string;
  query: string;
  startedAt: Date;
  finishedAt: Date | null;
  fetched: number;
  published: number;
  lastError: string;
}

/** Connector runs that ended with an error and started at or after `since`, oldest first. */
export async function failedCoverageRuns(db: Database, options: { since: Date }): Promise<FailedRun[]> {
  const rows = await db
    .select()
    .from(coverageRuns)
    .where(and(isNotNull(coverageRuns.lastError), gte(coverageRuns.startedAt, options.since)))
    .orderBy(asc(coverageRuns.startedAt));
  return rows.map((r) => ({
    runId: r.runId,
    connector: r.connector,
    query: r.query,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    fetched: r.fetched,
    published: r.published,
    lastError: r.lastError ?? '',
  }));
}
