import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_TYPES_FILE, clientTypes, lintDocument, openApiDocument } from './openapi-document.ts';

let document: Record<string, unknown>;

beforeAll(async () => {
  document = await openApiDocument();
});

/** Paths in a schema where a value is not typed: no type, no $ref, no anyOf/oneOf/allOf, no const or enum. */
function untyped(schema: unknown, at: string): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const s = schema as Record<string, unknown>;
  const typed = ['type', '$ref', 'anyOf', 'oneOf', 'allOf', 'const', 'enum'].some((k) => k in s);
  const found = typed ? [] : [at];
  for (const [name, child] of Object.entries((s.properties as Record<string, unknown> | undefined) ?? {}))
    found.push(...untyped(child, `${at}.${name}`));
  if (s.items) found.push(...untyped(s.items, `${at}[]`));
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    for (const branch of (s[key] as unknown[] | undefined) ?? []) found.push(...untyped(branch, at));
  }
  if (typeof s.additionalProperties === 'object') found.push(...untyped(s.additionalProperties, `${at}{}`));
  return found;
}

describe('the OpenAPI document at /docs/json', () => {
  it('passes redocly lint with the recommended rules: no error, no warning', async () => {
    expect(await lintDocument(document)).toEqual([]);
  });

  it('types every field of the disclosure, and every aggregate answer refers to it', () => {
    const components = document.components as { schemas: Record<string, unknown> };
    expect(untyped(components.schemas.Disclosure, 'Disclosure')).toEqual([]);
    const paths = document.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>;
    const answer = (path: string) => {
      const ok = paths[path]?.get?.responses['200'] as {
        content: { 'application/json': { schema: { properties: Record<string, unknown> } } };
      };
      return ok.content['application/json'].schema.properties.disclosure;
    };
    for (const path of ['/v1/sentiment', '/v1/volume', '/v1/keywords/top', '/v1/mentions', '/v1/coverage', '/v1/coordination/clusters']) {
      expect(answer(path)).toEqual({ $ref: '#/components/schemas/Disclosure' });
    }
  });

  it('is what the committed dashboard client types were generated from (regenerate: pnpm --filter @pantau/api openapi)', async () => {
    expect(readFileSync(API_TYPES_FILE, 'utf8')).toBe(await clientTypes(document));
  });
});
