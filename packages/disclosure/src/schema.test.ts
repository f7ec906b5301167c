import { ModelDisclosure } from '@pantau/contracts';
import type { TSchema } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DisclosureSchema, ModelDisclosureSchema } from './schema.ts';

/** The structure of a JSON Schema without its words: types, properties, required names, items, enums. */
function structure(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(structure);
  if (typeof schema !== 'object' || schema === null) return schema;
  const s = schema as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  // A tuple of one item type is the same pair as an array of that type with as many items.
  const items = s.items;
  if (Array.isArray(items) && items.length > 0 && items.every((i) => JSON.stringify(i) === JSON.stringify(items[0]))) {
    return structure({ type: 'array', items: items[0], minItems: items.length, maxItems: items.length });
  }
  for (const key of ['type', 'const', 'enum', 'items', 'prefixItems', 'anyOf', 'minItems', 'maxItems'] as const) {
    if (s[key] !== undefined) out[key] = structure(s[key]);
  }
  if (s.properties) {
    out.properties = Object.fromEntries(
      Object.entries(s.properties as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, structure(v)]),
    );
    out.required = [...((s.required as string[] | undefined) ?? [])].sort();
  }
  // A nullable is `type: [T, 'null']` in one and `anyOf: [{ type: T }, { type: 'null' }]` in the other.
  const branches = out.anyOf as Record<string, unknown>[] | undefined;
  if (branches?.every((b) => Object.keys(b).length === 1 && typeof b.type === 'string')) {
    delete out.anyOf;
    out.type = branches.map((b) => b.type);
  }
  if (Array.isArray(out.type)) out.type = [...out.type].sort();
  return out;
}

/** Every object schema and property of `schema` without a description, by path. */
function undescribed(schema: TSchema, path = ''): string[] {
  const found: string[] = [];
  const visit = (s: Record<string, unknown>, at: string, needsDescription: boolean) => {
    if (needsDescription && typeof s.description !== 'string') found.push(at);
    if (s.properties) {
      for (const [name, child] of Object.entries(s.properties as Record<string, Record<string, unknown>>))
        visit(child, `${at}.${name}`, true);
    }
    if (s.items && !Array.isArray(s.items)) visit(s.items as Record<string, unknown>, `${at}[]`, false);
    if (Array.isArray(s.anyOf)) for (const branch of s.anyOf as Record<string, unknown>[]) visit(branch, at, false);
  };
  visit(schema as unknown as Record<string, unknown>, path || '$', true);
  return found;
}

describe('the disclosure schema', () => {
  it('describes the model part exactly as the model manifest types it', () => {
    const manifest = z.toJSONSchema(ModelDisclosure, { target: 'draft-7' });
    expect(structure(ModelDisclosureSchema)).toEqual(structure(manifest));
  });

  it('documents every field', () => {
    expect(undescribed(DisclosureSchema)).toEqual([]);
  });
});
