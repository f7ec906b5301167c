import { describeEvaluation, EMOTION_CLASSES, type EmotionClass, type ModelDisclosure } from '@pantau/contracts';
import { type CoordinationRuleName, type Database, emotionSeries } from '@pantau/db';
import { type ShareInterval, wilsonInterval } from '@pantau/disclosure';
import { formatReportCount, formatReportShare, type ReportLanguage } from './summary.ts';

/** The day's emotions in a report: counts and shares of the answered posts, and the head that labelled them. */
export interface ReportEmotions {
  model: { name: string; version: string; heldOut: string[] };
  posts: number;
  abstained: number;
  answered: number;
  counts: Record<EmotionClass, number>;
  shares: Record<EmotionClass, ShareInterval>;
}

/** The day's emotion figures (the report's topic and coordinated-posts choice applied), from the stored labels. */
export async function emotionsOfDay(
  db: Database,
  options: {
    date: string;
    model: ModelDisclosure;
    topicId?: number | undefined;
    excludeCoordinated?: boolean;
    excludeRule?: CoordinationRuleName | undefined;
  },
): Promise<ReportEmotions> {
  const [row] = await emotionSeries(db, {
    from: options.date,
    to: options.date,
    granularity: 'day',
    modelVersion: options.model.version,
    ...(options.topicId !== undefined ? { topicId: options.topicId } : {}),
    ...(options.excludeCoordinated ? { excludeCoordinated: true, excludeRule: options.excludeRule } : {}),
  });
  const counts = Object.fromEntries(EMOTION_CLASSES.map((c) => [c, row?.[c] ?? 0])) as Record<EmotionClass, number>;
  const answered = EMOTION_CLASSES.reduce((s, c) => s + counts[c], 0);
  return {
    model: {
      name: options.model.name,
      version: options.model.version,
      heldOut: options.model.evaluation.filter((e) => e.heldOut).map(describeEvaluation),
    },
    posts: row?.posts ?? 0,
    abstained: row?.uncertain ?? 0,
    answered,
    counts,
    shares: Object.fromEntries(EMOTION_CLASSES.map((c) => [c, wilsonInterval(counts[c], answered)])) as Record<EmotionClass, ShareInterval>,
  };
}

const NAMES: Record<ReportLanguage, Record<EmotionClass, string>> = {
  id: { anger: 'marah', fear: 'takut', happy: 'senang', love: 'cinta', sadness: 'sedih' },
  en: { anger: 'anger', fear: 'fear', happy: 'happy', love: 'love', sadness: 'sadness' },
};

/** The report's emotion heading in a language. */
export const emotionHeading = (lang: ReportLanguage) => (lang === 'id' ? 'Emosi' : 'Emotions');

/** The report's one line on the day's emotions, with intervals, abstained posts and the head's held-out figure. */
export function emotionLine(e: ReportEmotions, lang: ReportLanguage = 'id'): string {
  const pct = (x: number | null) => formatReportShare(x, lang);
  const count = (n: number) => formatReportCount(n, lang);
  const shares = EMOTION_CLASSES.map((c) => {
    const s = e.shares[c];
    return `${NAMES[lang][c]} ${s.share === null ? '–' : `${pct(s.share)} (${pct(s.low)}–${pct(s.high)})`}`;
  }).join(', ');
  const heldOut = e.model.heldOut.join('; ') || (lang === 'id' ? 'tanpa angka held-out' : 'no held-out figure');
  return lang === 'id'
    ? `Hanya model: ${shares} dari ${count(e.answered)} unggahan yang dinilai; ${count(e.abstained)} tidak pasti. Model emosi ${e.model.name} ${e.model.version} (${heldOut}).`
    : `Model only: ${shares} of ${count(e.answered)} answered posts; ${count(e.abstained)} uncertain. Emotion model ${e.model.name} ${e.model.version} (${heldOut}).`;
}
