import { FIXED_PARTS, FIXED_TEXTS } from '@pantau/disclosure';
import { DisclosureSchema } from '@pantau/disclosure/schema';
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
 * served again is its kept bytes (kept from its second serving on) with the serving time spliced in.
 */

/** A compiled writer: a value's JSON as UTF-8 bytes. */
type Writer = (value: unknown) => Buffer;
type Schema = Record<string, unknown>;

/** A schema construct written otherwise than here (such a route keeps the schema serializer). */
class UnsupportedSchema extends Error {}

const SHARED_SCHEMAS: Record<string, Schema> = { [DisclosureSchema.$id as string]: DisclosureSchema as unknown as Schema };

// What JSON.stringify escapes in a string: quotes, backslashes, control characters and UTF-16 surrogates.
const NEEDS_ESCAPE = /[\u0000-\u001f"\\\ud800-\udfff]/;

/** A string as JSON: JSON.stringify's text, without its per-call cost for the common string that needs no escape. */
function quote(text: string): string {
  return text.length < 5000 && !NEEDS_ESCAPE.test(text) ? `"${text}"` : JSON.stringify(text);
}

/** A value of no declared type (or a union of primitives) as JSON. */
function anyOf(value: unknown): string {
  return typeof value === 'string' ? quote(value) : JSON.stringify(value);
}

/** fast-json-stringify's string form of a non-string: a Date as ISO text, null as "", anything else its string value. */
function stringOf(value: unknown): string {
  if (value === null) return '""';
  if (value instanceof Date) return `"${value.toISOString()}"`;
  if (value instanceof RegExp) return JSON.stringify(value.source);
  return JSON.stringify(String(value));
}

/** fast-json-stringify's integer form of a value that is not an integer. */
function integerOf(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  const integer = Math.trunc(value as number);
  if (!Number.isFinite(integer)) throw new Error(`The value "${String(value)}" cannot be converted to an integer.`);
  return `${integer}`;
}

/** fast-json-stringify's number form of a value that is not a finite number. */
function numberOf(value: unknown): string {
  const n = Number(value);
  if (Number.isNaN(n)) throw new Error(`The value "${String(value)}" cannot be converted to a number.`);
  return Number.isFinite(n) ? `${n}` : 'null';
}

/** Whether a schema writes objects or arrays (a union branch that needs its own code). */
const isStructured = (s: Schema) => s.type === 'object' || s.type === 'array' || s.properties !== undefined || s.$ref !== undefined;

/** Long strings are looked up among the fixed texts (shorter ones cost less to write than to look up). */
const FIXED_TEXT_MIN_LENGTH = 200;

const textBytes = new Map<string, Buffer>();
function fixedTextBytes(text: string): Buffer {
  let bytes = textBytes.get(text);
  if (!bytes) {
    bytes = Buffer.from(JSON.stringify(text));
    textBytes.set(text, bytes);
  }
  return bytes;
}

/** The writers of fixed parts by schema (the disclosure's schemas are shared by every route). */
const partWriters = new WeakMap<Schema, Writer>();

/** The bytes of fixed parts of `schema`, written once each (by a writer compiled on first use). */
function fixedBytesOf(schema: Schema): (part: object) => Buffer {
  const kept = new WeakMap<object, Buffer>();
  return (part) => {
    let bytes = kept.get(part);
    if (!bytes) {
      let write = partWriters.get(schema);
      if (!write) {
        write = compileWriter(schema, true);
        partWriters.set(schema, write);
      }
      bytes = write(part);
      kept.set(part, bytes);
    }
    return bytes;
  };
}

/**
 * Generated code, as fast-json-stringify generates its serializers (a function per schema, one statement per
 * property): `json` holds the text written since the last fixed part, `sink` the bytes before it.
 */
class Generator {
  private names = 0;
  /** Values the generated code refers to by index: regular expressions and the fixed parts' byte writers. */
  readonly refs: unknown[] = [];

  name(prefix: string): string {
    return `${prefix}${this.names++}`;
  }

  ref(value: unknown): string {
    this.refs.push(value);
    return `refs[${this.refs.length - 1}]`;
  }

  /**
   * Code writing the value of `expression` by `input`; `fixed`: inside the disclosure, where fixed parts are;
   * `ownPart`: the value is the fixed part being written (not looked up among the kept ones).
   */
  value(input: Schema, expression: string, fixed: boolean, ownPart = false): string {
    let schema = input;
    if (typeof schema.$ref === 'string') {
      const shared = SHARED_SCHEMAS[schema.$ref];
      if (!shared) throw new UnsupportedSchema(`$ref ${schema.$ref}`);
      schema = shared;
      fixed = true;
    }
    if (schema.allOf || schema.oneOf || schema.if || schema.not) throw new UnsupportedSchema('allOf, oneOf, if or not');
    const v = this.name('v');
    if (Array.isArray(schema.anyOf)) {
      const branches = schema.anyOf as Schema[];
      const structured = branches.filter(isStructured);
      if (structured.length === 0) return `json += anyOf(${expression});`;
      // One structured branch beside primitives (a nullable object): objects are written by it, the rest as they are.
      if (structured.length > 1 || branches.some((b) => b.anyOf)) throw new UnsupportedSchema('a union of several structured branches');
      return `{ const ${v} = ${expression};
        if (${v} !== null && typeof ${v} === 'object') { ${this.value(structured[0] as Schema, v, fixed)} }
        else json += anyOf(${v}); }`;
    }
    const base = this.base(schema, v, fixed, ownPart);
    return schema.nullable === true
      ? `{ const ${v} = ${expression}; if (${v} === null) json += 'null'; else { ${base} } }`
      : `{ const ${v} = ${expression}; ${base} }`;
  }

  private base(schema: Schema, v: string, fixed: boolean, ownPart: boolean): string {
    if (schema.const !== undefined) return `json += ${JSON.stringify(JSON.stringify(schema.const))};`;
    const type = schema.type ?? (schema.properties || schema.patternProperties ? 'object' : schema.items ? 'array' : undefined);
    switch (type) {
      case 'null':
        return `json += 'null';`;
      case 'string':
        if (schema.format !== undefined) throw new UnsupportedSchema(`string format ${String(schema.format)}`);
        return fixed
          ? `if (typeof ${v} !== 'string') json += stringOf(${v});
             else if (${v}.length >= ${FIXED_TEXT_MIN_LENGTH} && FIXED_TEXTS.has(${v})) { sink.text(json); sink.bytes(fixedTextBytes(${v})); json = ''; }
             else json += quote(${v});`
          : `json += typeof ${v} === 'string' ? quote(${v}) : stringOf(${v});`;
      case 'integer':
        return `json += Number.isInteger(${v}) ? '' + ${v} : integerOf(${v});`;
      case 'number':
        return `json += typeof ${v} === 'number' && Number.isFinite(${v}) ? '' + ${v} : numberOf(${v});`;
      case 'boolean':
        return `json += ${v} ? 'true' : 'false';`;
      case undefined:
        return `json += anyOf(${v});`;
      case 'array':
      case 'object': {
        const code = type === 'array' ? this.array(schema, v, fixed) : this.object(schema, v, fixed);
        if (!fixed || ownPart) return code;
        // A fixed part is written once (by a writer of its own) and its bytes copied afterwards.
        const bytesOf = this.ref(fixedBytesOf(schema));
        return `if (FIXED_PARTS.has(${v})) { sink.text(json); sink.bytes(${bytesOf}(${v})); json = ''; } else { ${code} }`;
      }
      default:
        throw new UnsupportedSchema(`type ${JSON.stringify(type)}`);
    }
  }

  private array(schema: Schema, v: string, fixed: boolean): string {
    const items = schema.items;
    if (Array.isArray(items) || schema.prefixItems || schema.additionalItems !== undefined) throw new UnsupportedSchema('tuple');
    const i = this.name('i');
    const item = items === undefined ? `json += anyOf(${v}[${i}]);` : this.value(items as Schema, `${v}[${i}]`, fixed);
    return `if (!Array.isArray(${v})) throw new Error('The value "' + ${v} + '" does not match schema definition.');
      json += '[';
      for (let ${i} = 0; ${i} < ${v}.length; ${i}++) { if (${i} > 0) json += ','; ${item} }
      json += ']';`;
  }

  private object(schema: Schema, v: string, fixed: boolean): string {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const required = new Set((schema.required as string[] | undefined) ?? []);
    const pattern = schema.patternProperties as Record<string, Schema> | undefined;
    const additional = schema.additionalProperties;
    if (additional !== undefined && additional !== false) throw new UnsupportedSchema('additionalProperties');
    if (pattern && Object.keys(properties).length > 0) throw new UnsupportedSchema('properties beside patternProperties');
    const sep = this.name('s');
    if (pattern) {
      const k = this.name('k');
      const tests = Object.entries(pattern).map(
        ([p, s], n) => `${n > 0 ? 'else ' : ''}if (${this.ref(new RegExp(p))}.test(${k})) {
          json += (${sep} ? ',' : '') + quote(${k}) + ':'; ${sep} = true; ${this.value(s, `${v}[${k}]`, fixed)} }`,
      );
      return `json += '{'; let ${sep} = false; for (const ${k} of Object.keys(${v})) { ${tests.join('\n')} } json += '}';`;
    }
    // Required properties first, each group in schema order (as fast-json-stringify orders them).
    const keys = Object.keys(properties).sort((a, b) => Number(required.has(b)) - Number(required.has(a)));
    const fields = keys.map((key) => {
      const f = this.name('f');
      const label = JSON.stringify(`${JSON.stringify(key)}:`);
      const missing = required.has(key) ? ` else throw new Error(${JSON.stringify(`"${key}" is required!`)});` : '';
      return `{ const ${f} = ${v}[${JSON.stringify(key)}];
        if (${f} !== undefined) { json += ${sep} ? ',' + ${label} : ${label}; ${sep} = true; ${this.value(properties[key] as Schema, f, fixed)} }${missing} }`;
    });
    return `json += '{'; let ${sep} = false; ${fields.join('\n')} json += '}';`;
  }
}

/** Compiles the writer of `schema`; `part`: of a fixed part of the disclosure (see fixedBytesOf). */
function compileWriter(schema: Schema, part = false): Writer {
  const generator = new Generator();
  const code = generator.value(schema, 'input', part, part);
  const sizes = { largest: 1024 };
  const body = `return function write(input) {
    let json = '';
    const sink = new ByteSink(sizes);
    ${code}
    sink.text(json);
    return sink.done();
  };`;
  const make = new Function(
    'refs',
    'ByteSink',
    'sizes',
    'FIXED_PARTS',
    'FIXED_TEXTS',
    'fixedTextBytes',
    'stringOf',
    'integerOf',
    'numberOf',
    'quote',
    'anyOf',
    body,
  );
  return make(
    generator.refs,
    ByteSink,
    sizes,
    FIXED_PARTS,
    FIXED_TEXTS,
    fixedTextBytes,
    stringOf,
    integerOf,
    numberOf,
    quote,
    anyOf,
  ) as Writer;
}

/**
 * The bytes of one answer, encoded in place into one buffer sized by the largest answer of the same writer so far
 * (text is encoded straight into it, fixed parts copied in): no buffer per piece and none to join them.
 */
class ByteSink {
  private buffer: Buffer;
  private length = 0;

  constructor(private readonly sizes: { largest: number }) {
    this.buffer = Buffer.allocUnsafe(sizes.largest);
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  text(text: string): void {
    if (text === '') return;
    // At most 3 bytes per UTF-16 unit (a surrogate pair is 4 bytes for 2 units).
    this.reserve(text.length * 3);
    this.length += this.buffer.write(text, this.length, 'utf8');
  }

  bytes(bytes: Buffer): void {
    this.reserve(bytes.length);
    bytes.copy(this.buffer, this.length);
    this.length += bytes.length;
  }

  done(): Buffer {
    if (this.length > this.sizes.largest) this.sizes.largest = this.length;
    return this.buffer.subarray(0, this.length);
  }
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
  let write: Writer;
  try {
    write = compileWriter(schema as Schema);
  } catch (error) {
    if (error instanceof UnsupportedSchema) return null;
    throw error;
  }
  const keptBytes = new WeakMap<AnswerPayload, KeptBytes>();
  /** Kept answers served once: most answers over new windows are never asked again, their bytes not worth keeping. */
  const servedOnce = new WeakSet<AnswerPayload>();
  const bytesOf = (answer: AnswerPayload) => write(answer);
  return (answer) => {
    const kept = keptAnswerOf(answer);
    if (!kept || !unchangedSince(answer, kept)) return bytesOf(answer);
    let split = keptBytes.get(kept);
    if (!split) {
      // Written whole the first time; kept and split around the serving time when served again.
      if (!servedOnce.has(kept)) {
        servedOnce.add(kept);
        return bytesOf(answer);
      }
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
