// HyperLogLog sketches of author pseudonyms (the registers migration 0014 defines): a window's distinct authors is the
// estimate of the register-wise maximum of its daily sketches.

import { createHash } from 'node:crypto';

/** Registers per sketch (precision 12): one byte each. */
export const SKETCH_REGISTERS = 4096;
/** Hash bits after the register index: a register holds 1 to 53, the position of the first 1 bit (53 when none). */
const VALUE_BITS = 52;
/** Relative standard error of the estimate, 1.04 / sqrt(registers). */
export const SKETCH_RELATIVE_STANDARD_ERROR = 1.04 / Math.sqrt(SKETCH_REGISTERS);

/** How distinct authors are counted from sketches, as every disclosure of a figure that uses them states it. */
export const SKETCH_METHOD = {
  method: 'hyperloglog' as const,
  estimator:
    `HyperLogLog over the author pseudonyms (md5 of the pseudonym: 12 bits choose one of ${SKETCH_REGISTERS} registers, the ` +
    "rest give its value), one sketch per day and platform (and topic); a window's sketch is the register-wise maximum of " +
    "its days' sketches, estimated with Ertl's improved raw estimator (2017), which needs no bias table at any count",
  registers: SKETCH_REGISTERS,
  relativeStandardError: Math.round(SKETCH_RELATIVE_STANDARD_ERROR * 10_000) / 10_000,
  relativeError95: Math.round(1.96 * SKETCH_RELATIVE_STANDARD_ERROR * 10_000) / 10_000,
};

/** Distinct authors counted exactly from the stored posts (as a disclosure states it). */
export const EXACT_DISTINCT_AUTHORS = {
  method: 'exact' as const,
  estimator: 'count(distinct author pseudonym) over the stored posts of each period and of the window',
  registers: null,
  relativeStandardError: 0,
  relativeError95: 0,
};

/** How a figure's distinct authors were counted. */
export type DistinctAuthorsMethod = typeof SKETCH_METHOD | typeof EXACT_DISTINCT_AUTHORS;

/**
 * A pseudonym's register and value as one entry (register << 6 | value), as migration 0014's `pantau_hll_entry`
 * computes it in SQL: md5 of the pseudonym, its first 12 bits choose the register, the value is the position of the first
 * 1 bit in the next 52 (53 when none). Computed here for the batch write, so the database only raises registers.
 */
export function sketchEntry(pseudonym: string): number {
  const h = createHash('md5').update(pseudonym).digest();
  const register = ((h[0] as number) << 4) | ((h[1] as number) >> 4);
  const nibble = (h[1] as number) & 0x0f;
  if (nibble !== 0) return (register << 6) | (Math.clz32(nibble) - 27);
  for (let k = 2; k < 8; k++) {
    const byte = h[k] as number;
    if (byte !== 0) return (register << 6) | (4 + (k - 2) * 8 + Math.clz32(byte) - 23);
  }
  return (register << 6) | (VALUE_BITS + 1);
}

/** An empty sketch. */
export const emptySketch = (): Uint8Array => new Uint8Array(SKETCH_REGISTERS);

/** Raises `into` register-wise to `from` (the union of the two sets of authors); returns `into`. */
export function unionInto(into: Uint8Array, from: Uint8Array): Uint8Array {
  // Four registers at a time where both are whole 32-bit words: a register holds at most 53, below 128, so the
  // byte-wise subtraction borrows across no byte and its top bit says which register is larger.
  if (into.length === from.length && (into.length & 3) === 0 && (into.byteOffset & 3) === 0 && (from.byteOffset & 3) === 0) {
    const a = new Uint32Array(into.buffer, into.byteOffset, into.length >> 2);
    const b = new Uint32Array(from.buffer, from.byteOffset, from.length >> 2);
    for (let i = 0; i < a.length; i++) {
      const x = a[i] as number;
      const y = b[i] as number;
      const intoLarger = Math.imul((((x | 0x80808080) - y) & 0x80808080) >>> 7, 0xff);
      a[i] = (x & intoLarger) | (y & ~intoLarger);
    }
    return into;
  }
  const n = Math.min(into.length, from.length);
  for (let i = 0; i < n; i++) if ((from[i] as number) > (into[i] as number)) into[i] = from[i] as number;
  return into;
}

/** sigma(x) of Ertl's estimator: the contribution of empty registers (x = share of registers at 0). */
function sigma(x: number): number {
  if (x === 1) return Number.POSITIVE_INFINITY;
  let y = 1;
  let z = x;
  for (;;) {
    x *= x;
    const previous = z;
    z += x * y;
    y += y;
    if (z === previous) return z;
  }
}

/** tau(x) of Ertl's estimator: the contribution of saturated registers (x = share of registers not saturated). */
function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let y = 1;
  let z = 1 - x;
  for (;;) {
    x = Math.sqrt(x);
    const previous = z;
    y *= 0.5;
    z -= (1 - x) ** 2 * y;
    if (z === previous) return z / 3;
  }
}

/** Estimated distinct authors of a sketch (Ertl's improved raw estimator; relative standard error 1.04/sqrt(m)). */
export function estimateDistinct(registers: Uint8Array): number {
  const m = registers.length;
  const counts = new Int32Array(VALUE_BITS + 2);
  for (let i = 0; i < m; i++) {
    const value = registers[i] as number;
    const k = value > VALUE_BITS ? VALUE_BITS + 1 : value;
    counts[k] = (counts[k] as number) + 1;
  }
  if (counts[0] === m) return 0;
  let z = m * tau(1 - (counts[VALUE_BITS + 1] ?? 0) / m);
  for (let k = VALUE_BITS; k >= 1; k--) z = 0.5 * (z + (counts[k] ?? 0));
  z += m * sigma((counts[0] ?? 0) / m);
  return Math.round(m ** 2 / (2 * Math.log(2)) / z);
}
