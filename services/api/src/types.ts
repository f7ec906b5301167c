import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { CoordinationRule, Database } from '@pantau/db';
import type { SoftwareInfo } from '@pantau/disclosure';
import type { SentimentModel } from '@pantau/sentiment';
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { AnswerCache } from './answer-cache.ts';
import type { RollupMemory } from './rollup-memory.ts';

/** The Fastify instance type with TypeBox schemas driving request and reply types. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

declare module 'fastify' {
  /** What every route plugin reads off the app (decorated once by `buildApp`). */
  interface FastifyInstance {
    db: Database;
    model: SentimentModel;
    software: SoftwareInfo;
    /** RETENTION_DAYS in force, stated in disclosures. */
    retentionDays: number;
    /** The co-posting rule in force, stated in disclosures; null when the signal is off. */
    coordinationRule: CoordinationRule | null;
    /** Aggregate answers kept until the data behind them changes. */
    answers: AnswerCache;
    /** Rollups and the coverage ledger kept in memory while the data-change feed is live. */
    kept: RollupMemory;
    /** Totals of `/v1/mentions` counted from the posts (no rollup holds the filter), kept until the data changes. */
    mentionCounts: AnswerCache;
  }
}
