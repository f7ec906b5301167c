import { type DailyReport, headlineFactsOf } from './assemble.ts';
import { sentimentLine, storyNumbers, volumeLine, wordsOf } from './render.ts';
import { headlines, type ReportLanguage } from './summary.ts';

/** The first screen of a report in one language: its title, the three headlines and the details under them. */
export interface FirstScreen {
  language: ReportLanguage;
  date: string;
  topic: { name: string } | null;
  title: string;
  dayLine: string;
  headingHeadlines: string;
  headlines: { name: string; text: string }[];
  headingStories: string;
  /** The strongest stories (at most three) with the rule's numbers; `none` says why there are none. */
  stories: { title: string; numbers: string }[];
  none: string | null;
  headingVolume: string;
  volume: string;
  headingSentiment: string;
  sentiment: string;
}

/** The first screen of a stored report (what the morning brief sends), in the subscriber's language. */
export function firstScreenOf(r: DailyReport, lang: ReportLanguage): FirstScreen {
  const x = wordsOf(lang);
  const { w } = x;
  const lines = headlines(headlineFactsOf(r), lang);
  return {
    language: lang,
    date: r.date,
    topic: r.topic ? { name: r.topic.name } : null,
    title: w.title(x.day(r.date), r.topic?.name ?? null),
    dayLine: w.dayLine(r.date, r.generatedAt),
    headingHeadlines: w.headlines,
    headlines: lines.map((text, i) => ({ name: w.headlineNames[i] ?? '', text })),
    headingStories: w.stories,
    stories: r.spikes.slice(0, 3).map((s) => ({
      title: `${s.title ?? s.term}${s.evidence.z === null ? ` (${w.newTerm})` : ''}`,
      numbers: `${storyNumbers(s, x)}.${s.posts ? ` ${w.storyPosts(x.count(s.posts))}.` : ''}`,
    })),
    none: r.baseline.available
      ? r.spikes.length === 0
        ? w.noSpike
        : null
      : w.noBaseline(r.method.rule?.windowDays ?? 7, r.baseline.daysWithData),
    headingVolume: w.volume,
    volume: volumeLine(r.volume, x),
    headingSentiment: w.sentiment,
    sentiment: `${sentimentLine(r.sentiment, x)}. ${w.net(r.sentiment.net === null ? '–' : x.decimal(r.sentiment.net))}`,
  };
}
