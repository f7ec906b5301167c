import { z } from 'zod';

/** Kinds of personal data removed from post text before anything is stored or produced. */
export const REDACTION_KINDS = ['phone', 'email', 'nik', 'bpjs'] as const;
export type RedactionKind = (typeof REDACTION_KINDS)[number];

/** The token that replaces each redacted item in the text; the text pipeline drops these tokens. */
export const REDACTION_PLACEHOLDERS: Readonly<Record<RedactionKind, string>> = {
  phone: '[telepon]',
  email: '[email]',
  nik: '[nik]',
  bpjs: '[kartu-bpjs]',
};

/** Redactions per kind in one post's text. */
export const RedactionCounts = z
  .object({
    phone: z.number().int().min(0).max(100_000),
    email: z.number().int().min(0).max(100_000),
    nik: z.number().int().min(0).max(100_000),
    bpjs: z.number().int().min(0).max(100_000),
  })
  .strict();
export type RedactionCounts = z.infer<typeof RedactionCounts>;

/** Zero redactions of every kind. */
export const noRedactions = (): RedactionCounts => ({ phone: 0, email: 0, nik: 0, bpjs: 0 });

/** Sum of two redaction counts. */
export function addRedactions(a: RedactionCounts, b: RedactionCounts): RedactionCounts {
  return { phone: a.phone + b.phone, email: a.email + b.email, nik: a.nik + b.nik, bpjs: a.bpjs + b.bpjs };
}

const EMAIL =
  /(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}\b/g;
// A run of digits joined by at most one space, dot or dash between digits, not inside a longer number or word.
// `(0)` after +62 and brackets around an area code are written often enough to accept.
const DIGIT_RUN = /(?<![\d+])\+?\d(?:(?:[ .-]|\)[ .-]?|[ .-]?\()?\d)+(?!\d)/g;
const AREA_BRACKET = /(?<!\d)\(0\d{1,3}\)[ .-]?\d(?:[ .-]?\d)+(?!\d)/g;

/** A 16-digit NIK: province 11–96, then a birth date (day 01–31, +40 for women) and month 01–12 at digits 7–12. */
function isNik(digits: string): boolean {
  if (digits.length !== 16) return false;
  const province = Number(digits.slice(0, 2));
  const day = Number(digits.slice(6, 8));
  const month = Number(digits.slice(8, 10));
  return province >= 11 && province <= 96 && ((day >= 1 && day <= 31) || (day >= 41 && day <= 71)) && month >= 1 && month <= 12;
}

/** Indonesian phone numbers by their national significant number: mobile 8xx (9–12 digits), landline 2x–7x (8–11). */
function isPhone(run: string, digits: string): boolean {
  let national: string;
  if (run.startsWith('+62') || run.startsWith('0062')) national = digits.slice(run.startsWith('+') ? 2 : 4);
  else if (digits.startsWith('62') && digits[2] === '8') national = digits.slice(2);
  else if (digits.startsWith('0')) national = digits.slice(1);
  else return false;
  national = national.replace(/^0/, ''); // "+62 (0)812…"
  if (/^8[1-9]/.test(national)) return national.length >= 9 && national.length <= 12;
  // Landlines need a visible area code: "(021) 555 1234", "021-5551234", "+62 21 555 1234"; a bare 0 run is not enough.
  if (/^[2-7]/.test(national)) return national.length >= 8 && national.length <= 11 && /[()\s.-]|^\+|^00/.test(run);
  return false;
}

// Money written with thousands dots ("1.500.000.000.000") is never an identifier.
const MONEY = /^[1-9]\d{0,2}(?:[.,]\d{3})+$/;
const CURRENCY_BEFORE = /(?:rp\.?|idr|usd|\$)\s*$/i;

/**
 * The kind of one run of digits, or null. A run glued to letters ("dpk0113…", a parcel or order code) may still be a
 * phone number ("HP081234567890") but is not taken for a NIK or card number. BPJS card numbers start with 0.
 */
function kindOf(run: string, gluedToLetters: boolean): RedactionKind | null {
  if (MONEY.test(run)) return null;
  const digits = run.replace(/\D/g, '');
  if (!gluedToLetters && isNik(digits)) return 'nik';
  if (isPhone(run, digits)) return 'phone';
  if (!gluedToLetters && digits.length === 13 && digits.startsWith('0') && !run.startsWith('+')) return 'bpjs';
  return null;
}

const LETTER = /\p{L}/u;
/** What EMAIL (an `@`), DIGIT_RUN and AREA_BRACKET (a digit) cannot match without. */
const MAY_HOLD_ITEM = /[@\d]/;

/**
 * Replaces phone numbers (+62/62/08… with spaces, dots or dashes), e-mail addresses, NIK (16 digits, also grouped) and
 * BPJS card numbers (13 digits) by placeholder tokens, and counts them. Dates, money amounts (Rp 150.000), years and
 * short numbers are left alone. Idempotent: redacting a redacted text changes nothing.
 */
export function redactPersonalData(text: string): { text: string; counts: RedactionCounts } {
  const counts = noRedactions();
  // Every item redacted has an `@` or a digit: a text with neither is returned as it is, without running the patterns.
  if (!MAY_HOLD_ITEM.test(text)) return { text, counts };
  const redact = (kind: RedactionKind) => {
    counts[kind]++;
    return REDACTION_PLACEHOLDERS[kind];
  };
  let out = text.replace(EMAIL, () => redact('email'));
  // A run may join separate numbers at spaces ("Rp 150.000 0812 3456 7890"): take the longest groups that form one item.
  const runs = (run: string, offset: number, whole: string): string => {
    const groups = run.split(' ');
    const parts: string[] = [];
    // "Rp 150 000": the first group after a currency is an amount.
    const first = CURRENCY_BEFORE.test(whole.slice(Math.max(0, offset - 5), offset)) ? 1 : 0;
    parts.push(...groups.slice(0, first));
    for (let i = first; i < groups.length; ) {
      let matched = false;
      for (let j = groups.length; j > i; j--) {
        const glued =
          (i === 0 && LETTER.test(whole.charAt(offset - 1))) || (j === groups.length && LETTER.test(whole.charAt(offset + run.length)));
        const kind = kindOf(groups.slice(i, j).join(' '), glued);
        if (kind) {
          parts.push(redact(kind));
          i = j;
          matched = true;
          break;
        }
      }
      if (!matched) parts.push(groups[i++] as string);
    }
    return parts.join(' ');
  };
  out = out.replace(AREA_BRACKET, runs).replace(DIGIT_RUN, runs);
  return { text: out, counts };
}

/** True when any kind was redacted. */
export const hasRedactions = (c: RedactionCounts): boolean => c.phone + c.email + c.nik + c.bpjs > 0;
