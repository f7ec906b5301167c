import { PantauError } from '@pantau/contracts';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { briefDeliveries, briefSubscriptions, users } from '../schema.ts';
import { rowsOf } from '../sql.ts';

/** A language the brief is written in. */
export type BriefLanguage = 'id' | 'en';
/** How a brief reaches its subscriber. */
export type BriefChannel = 'email' | 'webhook';
/** The state of one delivery. */
export type BriefDeliveryStatus = 'pending' | 'sent' | 'failed';

/** A user's address and language for the brief (language null: the deployment's REPORT_LANGUAGE). */
export interface BriefProfile {
  email: string | null;
  language: BriefLanguage | null;
}

/** The latest delivery of a subscription, as its owner sees it. */
export interface BriefDeliveryState {
  day: string;
  status: BriefDeliveryStatus;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
  nextAttemptAt: string | null;
}

/** A stored subscription; the webhook secret is never part of it. */
export interface Subscription {
  id: number;
  userId: number;
  userName: string;
  topicId: number | null;
  language: BriefLanguage;
  channel: BriefChannel;
  /** The webhook URL (null for e-mail). */
  webhookUrl: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
  lastDelivery: BriefDeliveryState | null;
}

/** A new subscription. */
export interface SubscriptionInput {
  userId: number;
  topicId: number | null;
  language: BriefLanguage;
  channel: BriefChannel;
  webhook: { url: string; secret: string } | null;
}

/** What may change in a subscription. */
export interface SubscriptionChange {
  topicId?: number | null;
  language?: BriefLanguage;
  active?: boolean;
  webhook?: { url: string; secret: string };
}

const language = (v: unknown): BriefLanguage => (v === 'en' ? 'en' : 'id');

/** A user's brief address and language. */
export async function getBriefProfile(db: Database, userId: number): Promise<BriefProfile | null> {
  const [row] = await db.select({ email: users.email, language: users.language }).from(users).where(eq(users.id, userId));
  if (!row) return null;
  return { email: row.email, language: row.language === null ? null : language(row.language) };
}

/** Sets a user's brief address and/or language (null clears them). */
export async function setBriefProfile(db: Database, userId: number, change: Partial<BriefProfile>): Promise<BriefProfile> {
  const [row] = await db
    .update(users)
    .set({
      ...(change.email !== undefined ? { email: change.email } : {}),
      ...(change.language !== undefined ? { language: change.language } : {}),
      updatedAt: new Date(),
    })
    .where(eq(users.id, userId))
    .returning({ email: users.email, language: users.language });
  if (!row) throw new PantauError('NOT_FOUND', `no user ${userId}`, { details: { parameter: 'userId' } });
  return { email: row.email, language: row.language === null ? null : language(row.language) };
}

const SELECT = sql`
  select s.id, s.user_id, u.name as user_name, s.topic_id, s.language, s.channel, s.webhook_url, s.active,
    s.created_at, s.updated_at, d.day as d_day, d.status as d_status, d.attempts as d_attempts, d.last_error as d_last_error,
    d.sent_at as d_sent_at, d.next_attempt_at as d_next_attempt_at
  from brief_subscriptions s join users u on u.id = s.user_id
  left join lateral (
    select to_char(day, 'YYYY-MM-DD') as day, status, attempts, last_error, sent_at, next_attempt_at from brief_deliveries
    where subscription_id = s.id order by day desc, id desc limit 1
  ) d on true`;

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());

function subscriptionOf(r: Record<string, unknown>): Subscription {
  const status = r.d_status as BriefDeliveryStatus | null;
  return {
    id: Number(r.id),
    userId: Number(r.user_id),
    userName: String(r.user_name),
    topicId: r.topic_id === null ? null : Number(r.topic_id),
    language: language(r.language),
    channel: r.channel === 'webhook' ? 'webhook' : 'email',
    webhookUrl: r.webhook_url === null ? null : String(r.webhook_url),
    active: r.active === true || r.active === 't',
    createdAt: iso(r.created_at) as string,
    updatedAt: iso(r.updated_at) as string,
    lastDelivery:
      status === null || status === undefined
        ? null
        : {
            day: String(r.d_day),
            status,
            attempts: Number(r.d_attempts),
            lastError: r.d_last_error === null ? null : String(r.d_last_error),
            sentAt: iso(r.d_sent_at),
            nextAttemptAt: status === 'pending' ? iso(r.d_next_attempt_at) : null,
          },
  };
}

/** Subscriptions oldest first: one user's, or everyone's; each with its latest delivery. */
export async function listSubscriptions(db: Database, options: { userId?: number | undefined } = {}): Promise<Subscription[]> {
  const where = options.userId === undefined ? sql`` : sql`where s.user_id = ${options.userId}`;
  return rowsOf(await db.execute(sql`${SELECT} ${where} order by s.id`)).map(subscriptionOf);
}

/** One subscription, or null. */
export async function getSubscription(db: Database, id: number): Promise<Subscription | null> {
  const [row] = rowsOf(await db.execute(sql`${SELECT} where s.id = ${id}`));
  return row ? subscriptionOf(row) : null;
}

/** Stores a subscription; it receives the briefs of reports stored from now on. */
export async function createSubscription(db: Database, input: SubscriptionInput): Promise<Subscription> {
  const [row] = await db
    .insert(briefSubscriptions)
    .values({
      userId: input.userId,
      topicId: input.topicId,
      language: input.language,
      channel: input.channel,
      webhookUrl: input.webhook?.url ?? null,
      webhookSecret: input.webhook?.secret ?? null,
    })
    .returning({ id: briefSubscriptions.id });
  return (await getSubscription(db, (row as { id: number }).id)) as Subscription;
}

/** Changes a subscription; resuming a paused one counts from now (the briefs it missed are not sent late). */
export async function updateSubscription(db: Database, id: number, change: SubscriptionChange): Promise<Subscription | null> {
  const [row] = await db
    .update(briefSubscriptions)
    .set({
      ...(change.topicId !== undefined ? { topicId: change.topicId } : {}),
      ...(change.language !== undefined ? { language: change.language } : {}),
      ...(change.webhook !== undefined ? { channel: 'webhook', webhookUrl: change.webhook.url, webhookSecret: change.webhook.secret } : {}),
      ...(change.active !== undefined
        ? {
            active: change.active,
            activeSince: change.active
              ? sql`case when ${briefSubscriptions.active} then ${briefSubscriptions.activeSince} else now() end`
              : sql`${briefSubscriptions.activeSince}`,
          }
        : {}),
      updatedAt: new Date(),
    })
    .where(eq(briefSubscriptions.id, id))
    .returning({ id: briefSubscriptions.id });
  return row ? getSubscription(db, row.id) : null;
}

/** Deletes a subscription with its deliveries; false when there was none. */
export async function deleteSubscription(db: Database, id: number): Promise<boolean> {
  return (await db.delete(briefSubscriptions).where(eq(briefSubscriptions.id, id)).returning({ id: briefSubscriptions.id })).length > 0;
}

/**
 * Records one delivery per active subscription (of an enabled user) and stored report of its scope from `sinceDay` on,
 * stored after the subscription became active. The unique key (subscription, day, scope) makes this safe to repeat
 * from any number of processes; returns how many were new.
 */
export async function enqueueBriefDeliveries(db: Database, options: { sinceDay: string; now: Date }): Promise<number> {
  const rows = rowsOf(
    await db.execute(sql`
      insert into brief_deliveries (subscription_id, day, topic_key, language, channel, target, next_attempt_at)
      select s.id, r.day, r.topic_key, s.language, s.channel,
        case when s.channel = 'webhook' then s.webhook_url else coalesce(u.email, '') end, ${options.now.toISOString()}::timestamptz
      from brief_subscriptions s
      join users u on u.id = s.user_id and u.disabled_at is null
      join reports r on r.topic_key = coalesce(s.topic_id, 0) and r.day >= ${options.sinceDay}::date and r.generated_at >= s.active_since
      where s.active
      on conflict do nothing
      returning id`),
  );
  return rows.length;
}

/** A brief delivery claimed for sending. */
export interface DueBriefDelivery {
  id: number;
  subscriptionId: number;
  day: string;
  /** Null: the report over all posts. */
  topicId: number | null;
  language: BriefLanguage;
  channel: BriefChannel;
  target: string;
  attempts: number;
  /** The subscription's current webhook secret (null for e-mail). */
  webhookSecret: string | null;
}

/** Claims up to `limit` due brief deliveries for `leaseMs` (another dispatcher skips them meanwhile). */
export async function claimDueBriefDeliveries(
  db: Database,
  options: { now: Date; limit: number; leaseMs: number },
): Promise<DueBriefDelivery[]> {
  const rows = rowsOf(
    await db.execute(sql`
      with due as (
        select id from brief_deliveries
        where status = 'pending' and next_attempt_at <= ${options.now.toISOString()}::timestamptz
        order by next_attempt_at, id limit ${options.limit}
        for update skip locked
      )
      update brief_deliveries d set next_attempt_at = ${new Date(options.now.getTime() + options.leaseMs).toISOString()}::timestamptz
      from due, brief_subscriptions s
      where d.id = due.id and s.id = d.subscription_id
      returning d.id, d.subscription_id, to_char(d.day, 'YYYY-MM-DD') as day, d.topic_key, d.language, d.channel, d.target,
        d.attempts, s.webhook_secret`),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    subscriptionId: Number(r.subscription_id),
    day: String(r.day),
    topicId: Number(r.topic_key) === 0 ? null : Number(r.topic_key),
    language: language(r.language),
    channel: r.channel === 'webhook' ? 'webhook' : 'email',
    target: String(r.target),
    attempts: Number(r.attempts),
    webhookSecret: r.webhook_secret === null ? null : String(r.webhook_secret),
  }));
}

/** Marks a claimed brief delivery sent. */
export async function markBriefSent(db: Database, id: number, at: Date): Promise<void> {
  await db
    .update(briefDeliveries)
    .set({ status: 'sent', sentAt: at, attempts: sql`${briefDeliveries.attempts} + 1`, lastError: null })
    .where(eq(briefDeliveries.id, id));
}

/** Records a failed attempt: retried at `retryAt`, or given up (`failed`) when `retryAt` is null. */
export async function markBriefFailed(db: Database, id: number, error: string, retryAt: Date | null): Promise<void> {
  await db
    .update(briefDeliveries)
    .set({
      status: retryAt ? 'pending' : 'failed',
      attempts: sql`${briefDeliveries.attempts} + 1`,
      lastError: error.slice(0, 500),
      ...(retryAt ? { nextAttemptAt: retryAt } : {}),
    })
    .where(eq(briefDeliveries.id, id));
}

/** One brief delivery as its subscriber sees it. */
export interface BriefDeliveryEntry extends BriefDeliveryState {
  id: number;
  subscriptionId: number;
  topicId: number | null;
  language: BriefLanguage;
  channel: BriefChannel;
}

/** A subscription's deliveries, newest day first. */
export async function listBriefDeliveries(db: Database, subscriptionId: number, limit = 30): Promise<BriefDeliveryEntry[]> {
  const rows = await db
    .select()
    .from(briefDeliveries)
    .where(and(eq(briefDeliveries.subscriptionId, subscriptionId)))
    .orderBy(desc(briefDeliveries.day), asc(briefDeliveries.id))
    .limit(limit);
  return rows.map((d) => ({
    id: d.id,
    subscriptionId: d.subscriptionId,
    day: d.day,
    topicId: d.topicKey === 0 ? null : d.topicKey,
    language: language(d.language),
    channel: d.channel === 'webhook' ? 'webhook' : 'email',
    status: d.status as BriefDeliveryStatus,
    attempts: d.attempts,
    lastError: d.lastError,
    sentAt: d.sentAt?.toISOString() ?? null,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
  }));
}
