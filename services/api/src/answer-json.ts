import { DisclosureSchema, FIXED_PARTS, FIXED_TEXTS } from '@pantau/disclosure';
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { keptAnswerOf } from './answer-cache.ts';
import type { App } from './types.ts';

/**
 * The JSON of `{ data, disclosure }` answers, written from the route's response schema exactly as Fastify's schema
 * serializer (fast-json-stringify) writes it: the same keys in the same order (required ones first, then optional
 * ones, each group in schema order), keys the schema does not name left out, the same number and string forms. What
 * it does not do: run a schema validation per union value (the schema serializer picks a union branch by validating),
 * and encode the disclosure's fixed parts (model card, method texts, caveats) again per answer: a part registered in
 * FIXED_PARTS or FIXED_TEXTS is written once, kept as UTF-8 bytes and copied into every later answer. A kept answer
 * served again is its kept bytes with the serving time spliced in.
 */

/** Collects an answer's JSON: text written since the last fixed part, and the bytes before it. */
class JsonOut {
  private text = '';
  private readonly chunks: Buffer[] = [];

  write(text: string): void {
    this.text += text;
  }

  fixed(bytes: Buffer): void {
    if (this.text !== '') {
      this.chunks.push(Buffer.from(this.text));
      this.text = '';
    }
    this.chunks.push(bytes);
  }

  bytes(): Buffer {
    if (this.text !== '') {
      this.chunks.push(Buffer.from(this.text));
      this.text = '';
    }
    return this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
  }
}

type Write = (value: unknown, out: JsonOut) => void;
type Schema = Record<string, unknown>;

/** A schema construct written otherwise than here (such a route keeps the schema serializer). */
class UnsupportedSchema extends Error {}

const SHARED_SCHEMAS: Record<string, Schema> = { [DisclosureSchema.$id as string]: DisclosureSchema as unknown as Schema };

/** fast-json-stringify's string form: a Date as ISO text, null as "", anything else through its string value. */
function stringOf(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return '""';
  if (value instanceof Date) return `"${value.toISOString()}"`;
  if (value instanceof RegExp) return JSON.stringify(value.source);
  return JSON.stringify(String(value));
}

function integerOf(value: unknown): string {
  if (Number.isInteger(value)) return `${value}`;
  if (typeof value === 'bigint') return value.toString();
  const integer = Math.trunc(value as number);
  if (!Number.isFinite(integer)) throw new Error(`The value "${String(value)}" cannot be converted to an integer.`);
  return `${integer}`;
}

function numberOf(value: unknown): string {
  const n = Number(value);
  if (Number.isNaN(n)) throw new Error(`The value "${String(value)}" cannot be converted to a number.`);
  return Number.isFinite(n) ? `${n}` : 'null';
}

/** Whether a schema writes objects or arrays (a union branch that needs its own writer). */
const isStructured = (s: Schema) => s.type === 'object' || s.type === 'array' || s.properties !== undefined || s.$ref !== undefined;

/** Long strings are looked up among the fixed texts (shorter ones cost less to write than to look up). */
const FIXED_TEXT_MIN_LENGTH = 200;

function writerOf(input: Schema): Write {
  let schema = input;
  if (typeof schema.$ref === 'string') {
    const shared = SHARED_SCHEMAS[schema.$ref];
    if (!shared) throw new UnsupportedSchema(`$ref ${schema.$ref}`);
    schema = shared;
  }
  if (schema.allOf || schema.oneOf || schema.if || schema.not) throw new UnsupportedSchema('allOf, oneOf, if or not');
  if (Array.isArray(schema.anyOf)) {
    const branches = schema.anyOf as Schema[];
    const structured = branches.filter(isStructured);
    if (structured.length === 0) return (value, out) => out.write(JSON.stringify(value));
    // One structured branch beside primitives (a nullable object): objects are written by it, the rest as they are.
    if (structured.length > 1 || branches.some((b) => b.anyOf)) throw new UnsupportedSchema('a union of several structured branches');
    const write = writerOf(structured[0] as Schema);
    return (value, out) => {
      if (value !== null && typeof value === 'object') write(value, out);
      else out.write(JSON.stringify(value));
    };
  }
  const nullable = schema.nullable === true;
  const base = baseWriterOf(schema);
  return nullable ? (value, out) => (value === null ? out.write('null') : base(value, out)) : base;
}

function baseWriterOf(schema: Schema): Write {
  if (schema.const !== undefined) {
    const text = JSON.stringify(schema.const);
    return (_value, out) => out.write(text);
  }
  const type = schema.type ?? (schema.properties || schema.patternProperties ? 'object' : schema.items ? 'array' : undefined);
  switch (type) {
    case 'null':
      return (_value, out) => out.write('null');
    case 'string':
      if (schema.format !== undefined) throw new UnsupportedSchema(`string format ${String(schema.format)}`);
      return (value, out) => {
        if (typeof value === 'string' && value.length >= FIXED_TEXT_MIN_LENGTH && FIXED_TEXTS.has(value)) out.fixed(fixedTextBytes(value));
        else out.write(stringOf(value));
      };
    case 'integer':
      return (value, out) => out.write(integerOf(value));
    case 'number':
      return (value, out) => out.write(numberOf(value));
    case 'boolean':
      return (value, out) => out.write(value ? 'true' : 'false');
    case undefined:
      return (value, out) => out.write(JSON.stringify(value));
    case 'array':
      return fixedOr(arrayWriterOf(schema));
    case 'object':
      return fixedOr(objectWriterOf(schema));
    default:
      throw new UnsupportedSchema(`type ${JSON.stringify(type)}`);
  }
}

const textBytes = new Map<string, Buffer>();
function fixedTextBytes(text: string): Buffer {
  let bytes = textBytes.get(text);
  if (!bytes) {
    bytes = Buffer.from(JSON.stringify(text));
    textBytes.set(text, bytes);
  }
  return bytes;
}

/** A writer that writes a fixed part once (per schema position) and copies its bytes afterwards. */
function fixedOr(write: Write): Write {
  const kept = new WeakMap<object, Buffer>();
  return (value, out) => {
    if (value === null || typeof value !== 'object' || !FIXED_PARTS.has(value)) return write(value, out);
    let bytes = kept.get(value);
    if (!bytes) {
      const own = new JsonOut();
      write(value, own);
      bytes = own.bytes();
      kept.set(value, bytes);
    }
    out.fixed(bytes);
  };
}

function arrayWriterOf(schema: Schema): Write {
  const items = schema.items;
  if (Array.isArray(items) || schema.prefixItems || schema.additionalItems !== undefined) throw new UnsupportedSchema('tuple');
  const item = items === undefined ? (((value, out) => out.write(JSON.stringify(value))) as Write) : writerOf(items as Schema);
  return (value, out) => {
    if (!Array.isArray(value)) throw new Error(`The value "${String(value)}" does not match schema definition.`);
    out.write('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.write(',');
      item(value[i], out);
    }
    out.write(']');
  };
}

function objectWriterOf(schema: Schema): Write {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const pattern = schema.patternProperties as Record<string, Schema> | undefined;
  const additional = schema.additionalProperties;
  if (additional !== undefined && additional !== false) throw new UnsupportedSchema('additionalProperties');
  if (pattern && Object.keys(properties).length > 0) throw new UnsupportedSchema('properties beside patternProperties');
  if (pattern) {
    const patterns = Object.entries(pattern).map(([p, s]) => ({ test: new RegExp(p), write: writerOf(s) }));
    return (value, out) => {
      out.write('{');
      let first = true;
      for (const key of Object.keys(value as object)) {
        const match = patterns.find((p) => p.test.test(key));
        if (!match) continue;
        out.write(`${first ? '' : ','}${JSON.stringify(key)}:`);
        first = false;
        match.write((value as Record<string, unknown>)[key], out);
      }
      out.write('}');
    };
  }
  // Required properties first, each group in schema order (as fast-json-stringify orders them).
  const keys = Object.keys(properties).sort((a, b) => Number(required.has(b)) - Number(required.has(a)));
  const fields = keys.map((key) => ({ key, label: `${JSON.stringify(key)}:`, write: writerOf(properties[key] as Schema) }));
  return (value, out) => {
    const object = value as Record<string, unknown>;
    out.write('{');
    let first = true;
    for (const field of fields) {
      const v = object[field.key];
      if (v === undefined) {
        if (required.has(field.key)) throw new Error(`"${field.key}" is required!`);
        continue;
      }
      out.write(first ? field.label : `,${field.label}`);
      first = false;
      field.write(v, out);
    }
    out.write('}');
  };
}

interface AnswerPayload {
  data: unknown;
  disclosure: { generatedAt: string } & Record<string, unknown>;
}

/** A kept answer's bytes around its `generatedAt` value. */
interface KeptBytes {
  before: Buffer;
  after: Buffer;
}

/** Whether a served answer still holds its kept answer's parts (nothing replaced since it was stamped). */
function unchangedSince(answer: AnswerPayload, kept: AnswerPayload): boolean {
  if (answer.data !== kept.data) return false;
  const served = answer.disclosure;
  const keys = Object.keys(served);
  if (keys.length !== Object.keys(kept.disclosure).length) return false;
  for (const key of keys) if (key !== 'generatedAt' && served[key] !== kept.disclosure[key]) return false;
  return true;
}

/** The answer writer of a route's 200 response schema, or null when the schema has a construct written otherwise. */
export function answerWriterOf(schema: unknown): ((answer: AnswerPayload) => Buffer) | null {
  let write: Write;
  try {
    write = writerOf(schema as Schema);
  } catch (error) {
    if (error instanceof UnsupportedSchema) return null;
    throw error;
  }
  const keptBytes = new WeakMap<AnswerPayload, KeptBytes>();
  const bytesOf = (answer: AnswerPayload) => {
    const out = new JsonOut();
    write(answer, out);
    return out.bytes();
  };
  return (answer) => {
    const kept = keptAnswerOf(answer);
    if (!kept || !unchangedSince(answer, kept)) return bytesOf(answer);
    let split = keptBytes.get(kept);
    if (!split) {
      const bytes = bytesOf(kept);
      // The disclosure's own generatedAt: after the data, and the first such key in the disclosure (a string value
      // cannot hold the text unescaped).
      const stamp = `"generatedAt":${JSON.stringify(kept.disclosure.generatedAt)}`;
      const at = bytes.indexOf(stamp, bytes.indexOf('"disclosure":{'));
      if (at < 0) return bytesOf(answer);
      const valueAt = at + '"generatedAt":'.length;
      split = {
        before: bytes.subarray(0, valueAt),
        after: bytes.subarray(valueAt + Buffer.byteLength(JSON.stringify(kept.disclosure.generatedAt))),
      };
      keptBytes.set(kept, split);
    }
    return Buffer.concat([split.before, Buffer.from(JSON.stringify(answer.disclosure.generatedAt)), split.after]);
  };
}

/** Whether a response schema is an aggregate answer's: `data` beside the shared disclosure. */
function isAnswerSchema(schema: unknown): boolean {
  const properties = (schema as { properties?: Record<string, { $ref?: unknown }> } | undefined)?.properties;
  return properties?.data !== undefined && properties.disclosure?.$ref === DisclosureSchema.$id;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** `METHOD url` of the routes whose answers are written by `answerWriterOf` (the others by their schema serializer). */
    answerJsonRoutes: Set<string>;
  }
}

/**
 * Writes the 200 answers of every `{ data, disclosure }` route with `answerWriterOf` (a route whose schema it cannot
 * write exactly keeps Fastify's schema serializer). Installed before the routes are added.
 */
export function installAnswerJson(app: App): void {
  app.decorate('answerJsonRoutes', new Set<string>());
  app.addHook('onRoute', (route: RouteOptions) => {
    const schema = (route.schema?.response as Record<string, unknown> | undefined)?.[200];
    if (!isAnswerSchema(schema)) return;
    const writer = answerWriterOf(schema);
    if (!writer) return;
    const serialize = writer as unknown as (payload: unknown) => string;
    const hook = (_request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (error: null, payload: unknown) => void) => {
      if (reply.statusCode === 200) reply.serializer(serialize);
      done(null, payload);
    };
    const before = route.preSerialization;
    route.preSerialization = [...(before === undefined ? [] : Array.isArray(before) ? before : [before]), hook] as NonNullable<
      RouteOptions['preSerialization']
    >;
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) app.answerJsonRoutes.add(`${method} ${route.url}`);
  });
}
