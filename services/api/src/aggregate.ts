import type { DayWindow } from '@pantau/db';
import { buildDisclosure, type Disclosure, type DisclosureRequest } from '@pantau/disclosure';
import type { FastifyInstance } from 'fastify';
import { answerKey, served } from './answer-cache.ts';
import { type ResolvedWindow, resolveWindow, type WindowParams } from './window.ts';

/** What a route's figures hand to the disclosure: counts it already made, and the validation of its shares. */
export type KnownCounts = Pick<DisclosureRequest, 'coordinated' | 'population' | 'validation' | 'distinctAuthors' | 'emotion' | 'coverage'>;

/** A route's figures for a window, and what it already counted for the disclosure. */
export interface Figures<Data> {
  data: Data;
  known?: KnownCounts;
}

/** An aggregate answer: the figures and how they were produced. */
export interface Answer<Data> {
  data: Data;
  disclosure: Disclosure;
}

export interface AggregateOptions {
  /** The name the answer is kept under (with the query and the model version). */
  route: string;
  /** Keep the answer until the data changes (default true); false for pages read by cursor or offset. */
  keep?: boolean;
  /** Build the disclosure beside the figures (each takes a pooled connection) when they count nothing it needs. */
  alongside?: boolean;
  /**
   * Keep the window's disclosure until the data changes although the answer is not kept (pages of posts: every page
   * of a window, whatever its filter, states the same disclosure). Only with `alongside`.
   */
  keepDisclosure?: boolean;
  /** Override of the co-posting rule stated (null: the figures do not involve the signal). */
  coordinationRule?: null;
}

/**
 * The disclosure of a window with the app's model, software and co-posting rule, coverage from the kept ledger, and the
 * population and coordinated share the route did not count summed from the rollups kept in memory (the figures
 * `/v1/sentiment` states for the same window; read from the database when nothing is kept).
 */
export async function disclosureOf(
  app: FastifyInstance,
  window: DayWindow & { granularity: string },
  known: KnownCounts & { coordinationRule?: null } = {},
): Promise<Disclosure> {
  const { kept } = app;
  // A language filter's population is counted by the disclosure from the language rollup, not from the kept rollups.
  const overview =
    (known.population && known.coordinated) || window.languages
      ? null
      : await kept.sentimentOverview({ ...window, granularity: 'day', modelVersion: app.model.manifest.version });
  const counted = overview ? { population: overview.population, coordinated: sumOf(overview.coordinated) } : {};
  return buildDisclosure(
    {
      db: app.db,
      coverageSummary: (w) => kept.coverageSummary(w),
      languageCounts: (w) => kept.languageCounts(w),
      populationVersions: (w) => kept.populationVersions(w),
    },
    {
      model: app.model,
      software: app.software,
      window,
      coordinationRule: app.coordinationRule,
      retentionDays: app.retentionDays,
      ...counted,
      ...known,
    },
  );
}

/**
 * The sequence every aggregate route runs: the kept answer when the data has not changed since, else resolve the
 * window, compute the figures and the disclosure of the same window, keep the answer; served stamped with the time.
 */
export async function aggregate<Query extends WindowParams, Data>(
  app: FastifyInstance,
  query: Query,
  options: AggregateOptions,
  figures: (window: ResolvedWindow, query: Query) => Promise<Figures<Data>>,
): Promise<Answer<Data>> {
  const rule = options.coordinationRule === null ? { coordinationRule: null } : {};
  const compute = async (): Promise<Answer<Data>> => {
    const window = await resolveWindow(app, query);
    if (options.alongside) {
      const { from, to, platform, topic, excludeCoordinated, language } = query;
      const disclosure = options.keepDisclosure
        ? app.answers
            .get(
              answerKey(
                `${options.route}/disclosure`,
                { from, to, platform, topic, excludeCoordinated, language },
                app.model.manifest.version,
              ),
              () => disclosureOf(app, window, rule),
            )
            .then((kept) => ({ ...kept, generatedAt: new Date().toISOString() }))
        : disclosureOf(app, window, rule);
      const [{ data }, stated] = await Promise.all([figures(window, query), disclosure]);
      return { data, disclosure: stated };
    }
    const { data, known } = await figures(window, query);
    return { data, disclosure: await disclosureOf(app, window, { ...known, ...rule }) };
  };
  if (options.keep === false) return compute();
  return served(await app.answers.get(answerKey(options.route, query, app.model.manifest.version), compute));
}

/** Window totals of a per-period coordinated count. */
export function sumOf(periods: Map<string, { posts: number; coordinatedPosts: number }>): { posts: number; coordinatedPosts: number } {
  let posts = 0;
  let coordinatedPosts = 0;
  for (const p of periods.values()) {
    posts += p.posts;
    coordinatedPosts += p.coordinatedPosts;
  }
  return { posts, coordinatedPosts };
}
