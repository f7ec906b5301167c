/**
 * What a human may say of a sampled post: one of the model's three classes, or that the post is outside what the
 * shares count (not about the subject, or not Indonesian). Same order as the estimators' gold categories.
 */
export const ANNOTATION_LABELS = ['negative', 'neutral', 'positive', 'not_relevant', 'not_indonesian'] as const;
export type AnnotationLabel = (typeof ANNOTATION_LABELS)[number];

/** True when a string is one of ANNOTATION_LABELS. */
export function isAnnotationLabel(value: string): value is AnnotationLabel {
  return (ANNOTATION_LABELS as readonly string[]).includes(value);
}
