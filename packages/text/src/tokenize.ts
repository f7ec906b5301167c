const TOKEN = /#?[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;

/**
 * Splits normalized text into tokens; hashtags keep their `#`. (natural's Indonesian tokenizer drops `#` and
 * letters outside a–z, so Pantau tokenizes itself and uses natural for stemming.)
 */
export function tokenize(normalized: string): string[] {
  return normalized.match(TOKEN) ?? [];
}

/** Token runs between sentence punctuation: bigrams never span a full stop or a comma. */
export function tokenSegments(normalized: string): string[][] {
  return normalized
    .split(/[.,!?;:]/)
    .map((s) => tokenize(s))
    .filter((s) => s.length > 0);
}
