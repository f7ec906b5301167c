import { describe, expect, it } from 'vitest';
import { decodeQueryComponent, findTextProblem, jsonNestsDeeperThan, MAX_JSON_DEPTH, parseJsonText, stringFault } from './input-text.ts';

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('the text rule', () => {
  it('calls a string ill-formed exactly when a surrogate is unpaired, over random strings of surrogates and letters', () => {
    const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    const units = [0x61, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xd83d, 0xde00, 0xfeff];
    let seed = 3;
    let faulty = 0;
    for (let n = 0; n < 5_000; n++) {
      const s = String.fromCharCode(
        ...Array.from({ length: n % 7 }, () => {
          seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
          return units[seed % units.length] as number;
        }),
      );
      expect(stringFault(s), JSON.stringify(s)).toBe(lone.test(s) ? 'lone_surrogate' : null);
      if (lone.test(s)) faulty++;
    }
    expect(faulty).toBeGreaterThan(1_000);
  });

  it('refuses NUL and lone surrogates, keeps everything else (pairs, U+FEFF, emoji, controls left to later checks)', () => {
    expect(stringFault('a\u0000b')).toBe('nul');
    expect(stringFault('a\ud800b')).toBe('lone_surrogate');
    expect(stringFault('\udc00')).toBe('lone_surrogate');
    expect(stringFault('x\ud83d')).toBe('lone_surrogate');
    for (const ok of ['', '\uFEFFhalo', 'iuran 😡 naik', '\ud83d\ude00', 'tab\there', 'ꦲꦏ꧀ꦱꦫ']) expect(stringFault(ok), ok).toBeNull();
  });

  it('agrees with the UTF-8 round trip: a fault exactly when a string does not survive it (every code unit, alone and paired)', () => {
    const survives = (s: string) => Buffer.from(s, 'utf8').toString('utf8') === s && !s.includes('\u0000');
    for (let u = 0; u <= 0xffff; u++) {
      const s = `a${String.fromCharCode(u)}b`;
      expect(stringFault(s) === null, s).toBe(survives(s));
    }
    for (const high of [0xd800, 0xdbff]) {
      for (const low of [0xdc00, 0xdfff, 0x41, 0xd800]) {
        const s = String.fromCharCode(high, low);
        expect(stringFault(s) === null, s).toBe(survives(s));
        const swapped = String.fromCharCode(low, high);
        expect(stringFault(swapped) === null, swapped).toBe(survives(swapped));
      }
    }
  });

  it('names the first faulty key or value by its path and bounds the depth without recursion', () => {
    expect(findTextProblem({ posts: [{ text: 'ok' }, { text: 'a\u0000' }] })).toEqual({ path: 'posts.1.text', fault: 'nul' });
    expect(findTextProblem({ 'k\ud800': 1 }, 'body')).toEqual({ path: 'body.(key)', fault: 'lone_surrogate' });
    expect(findTextProblem('\u0000')).toEqual({ path: '(root)', fault: 'nul' });
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findTextProblem({ item: deep })?.fault).toBe('too_deep');
    expect(findTextProblem(JSON.parse(nested(MAX_JSON_DEPTH)))).toBeNull();
    expect(findTextProblem(JSON.parse(nested(MAX_JSON_DEPTH + 1)))?.fault).toBe('too_deep');
  });

  it('scans JSON text for depth before parsing, ignoring brackets inside strings', () => {
    expect(jsonNestsDeeperThan(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(jsonNestsDeeperThan(nested(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(jsonNestsDeeperThan(`{"a":"${'['.repeat(100)}\\"["}`)).toBe(false);
    expect(jsonNestsDeeperThan(nested(1_000_000))).toBe(true);
  });

  it('parses JSON text under the rule', () => {
    expect(parseJsonText('{"a":"\\u0000"}')).toEqual({ ok: false, problem: { path: 'a', fault: 'nul' } });
    expect(parseJsonText('["\\ud800"]')).toEqual({ ok: false, problem: { path: '0', fault: 'lone_surrogate' } });
    expect(parseJsonText(nested(10_000))).toEqual({ ok: false, problem: { path: '(root)', fault: 'too_deep' } });
    expect(parseJsonText('{"a":')).toMatchObject({ ok: false, syntax: expect.any(String) });
    expect(parseJsonText('{"a":"\\ufeffb"}')).toEqual({ ok: true, value: { a: '\uFEFFb' } });
  });

  it('decodes query components strictly', () => {
    expect(decodeQueryComponent('iuran+naik%21')).toEqual({ ok: true, value: 'iuran naik!' });
    expect(decodeQueryComponent('%00')).toEqual({ ok: false, fault: 'nul' });
    expect(decodeQueryComponent('%ED%A0%80')).toEqual({ ok: false, fault: 'malformed_encoding' });
    expect(decodeQueryComponent('%E0%A4%A')).toEqual({ ok: false, fault: 'malformed_encoding' });
    expect(decodeQueryComponent('%FF')).toEqual({ ok: false, fault: 'malformed_encoding' });
    expect(decodeQueryComponent('100%')).toEqual({ ok: false, fault: 'malformed_encoding' });
  });
});
