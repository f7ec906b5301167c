import AjvCompiler, { type BuildCompilerFromPool, type RouteDefinition } from '@fastify/ajv-compiler';
import {
  decodeQueryComponent,
  describeTextFault,
  findTextProblem,
  jsonNestsDeeperThan,
  MAX_JSON_DEPTH,
  PantauError,
  stringFault,
  type TextFault,
} from '@pantau/contracts';
import type { FastifyServerOptions } from 'fastify';
import { clientErrorHandler, frameworkErrors } from './errors.ts';
import type { App } from './types.ts';

/** Longest query string accepted, in characters; a longer one is a 414 before it is parsed. */
export const MAX_QUERY_CHARS = 4096;

/** Where the query-string parser leaves the first fault it found (a symbol: invisible to schemas and the audit log). */
const QUERY_FAULT = Symbol('queryFault');
/** Marks a query parsed under the rule (Fastify's not-found router parses with its own parser). */
const RULE_PARSED = Symbol('ruleParsed');

type QueryFault = { parameter: string; fault: TextFault | 'too_long' };
type ParsedQuery = Record<string, string | string[]> & { [QUERY_FAULT]?: QueryFault; [RULE_PARSED]?: true };

/**
 * Parses a query string under the text rule: components decoded strictly, and a parameter whose name or value
 * breaks the rule is left out (so it can reach neither a query nor the audit log) and recorded for the 400.
 */
export function parseQueryString(raw: string): ParsedQuery {
  const query: ParsedQuery = Object.create(null);
  query[RULE_PARSED] = true;
  if (raw.length > MAX_QUERY_CHARS) {
    query[QUERY_FAULT] = { parameter: 'query', fault: 'too_long' };
    return query;
  }
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decodeQueryComponent(eq === -1 ? part : part.slice(0, eq));
    const value = decodeQueryComponent(eq === -1 ? '' : part.slice(eq + 1));
    if (!name.ok || !value.ok) {
      query[QUERY_FAULT] ??= {
        parameter: name.ok ? name.value : 'query',
        fault: name.ok ? (value as { fault: TextFault }).fault : name.fault,
      };
      continue;
    }
    const before = query[name.value];
    if (before === undefined) query[name.value] = value.value;
    else if (Array.isArray(before)) before.push(value.value);
    else query[name.value] = [before, value.value];
  }
  return query;
}

const invalidText = (parameter: string, where: string, fault: TextFault) =>
  new PantauError('INVALID_TEXT', `${parameter}: ${describeTextFault(fault)}`, { details: { parameter, in: where } });

/**
 * Builds validators that coerce query, path and header strings to the schema's types (they are strings on the
 * wire) but never the JSON body, whose types the caller chose: a topic name sent as a number is refused.
 */
function buildValidator(externalSchemas: unknown, options?: { customOptions?: Record<string, unknown> }) {
  // The compiler's typings join the JTD and JSON Schema modes; only the JSON Schema one is used here.
  const fromPool = AjvCompiler() as unknown as (
    schemas: unknown,
    options: { customOptions: Record<string, unknown> },
  ) => (route: RouteDefinition) => unknown;
  const customOptions = options?.customOptions ?? {};
  const coercing = fromPool(externalSchemas, { ...options, customOptions });
  const strict = fromPool(externalSchemas, { ...options, customOptions: { ...customOptions, coerceTypes: false } });
  return (route: RouteDefinition) => (route.httpPart === 'body' ? strict(route) : coercing(route));
}

/** Fastify options that put every framework-level input error in the documented shape and parse under the rule. */
export const INPUT_OPTIONS = {
  routerOptions: { querystringParser: parseQueryString },
  frameworkErrors,
  clientErrorHandler,
  schemaController: { compilersFactory: { buildValidator: buildValidator as unknown as BuildCompilerFromPool } },
} satisfies FastifyServerOptions;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The JSON body's items are checked against the text rule one by one by the route (the webhook), not refused whole. */
    textCheckedPerItem?: boolean;
  }
}

/**
 * Applies the text rule to everything a request brings before any handler, schema or query sees it: the query
 * string (see {@link parseQueryString}), path parameters and headers (a coded 400 naming the parameter), and JSON
 * bodies (depth bounded before parsing; keys and strings checked after, unless the route checks items itself).
 */
export function installInputRules(app: App): void {
  app.addHook('onRequest', async (request) => {
    if (!(request.query as ParsedQuery | undefined)?.[RULE_PARSED]) {
      // A path no route matches: its query was parsed by Fastify's not-found router, whose parser cannot be replaced.
      const url = request.raw.url ?? '';
      const at = url.indexOf('?');
      request.query = parseQueryString(at === -1 ? '' : url.slice(at + 1));
    }
    const fault = (request.query as ParsedQuery)[QUERY_FAULT];
    if (fault?.fault === 'too_long') {
      throw new PantauError('URI_TOO_LONG', `query: longer than ${MAX_QUERY_CHARS} characters`, { details: { parameter: 'query' } });
    }
    if (fault) throw invalidText(fault.parameter, 'query', fault.fault);
    for (const [name, value] of Object.entries((request.params ?? {}) as Record<string, unknown>)) {
      const problem = typeof value === 'string' ? stringFault(value) : null;
      if (problem) throw invalidText(name, 'path', problem);
    }
    for (const [name, value] of Object.entries(request.headers)) {
      for (const one of Array.isArray(value) ? value : [value]) {
        const problem = typeof one === 'string' ? stringFault(one) : null;
        if (problem) throw invalidText(name, 'header', problem);
      }
    }
  });

  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (jsonNestsDeeperThan(text)) {
      done(
        new PantauError('INVALID_INPUT', `body: nested deeper than ${MAX_JSON_DEPTH} levels`, { details: { parameter: 'body' } }),
        undefined,
      );
      return;
    }
    parseJson(request, text, (error, value) => {
      if (error) return done(error, undefined);
      const perItem = request.routeOptions.config?.textCheckedPerItem === true;
      const problem = perItem ? null : findTextProblem(value);
      if (problem) return done(invalidText(problem.path, 'body', problem.fault), undefined);
      done(null, value);
    });
  });
}
