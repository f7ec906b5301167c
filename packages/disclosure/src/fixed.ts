/**
 * Parts of disclosures that are built once and never changed afterwards (the model card, the method texts, the
 * caveats): a serializer may write each once and copy its bytes into every later answer. Never mutate a part once it
 * is registered here.
 */
export const FIXED_PARTS = new WeakSet<object>();

/** Long texts stated unchanged in many disclosures (method descriptions): written once by a serializer, like FIXED_PARTS. */
export const FIXED_TEXTS = new Set<string>();

/** Registers `part` as fixed (see FIXED_PARTS) and returns it. */
export function fixedPart<T extends object>(part: T): T {
  FIXED_PARTS.add(part);
  return part;
}

/** Registers `text` as fixed (see FIXED_TEXTS) and returns it. */
export function fixedText(text: string): string {
  FIXED_TEXTS.add(text);
  return text;
}
