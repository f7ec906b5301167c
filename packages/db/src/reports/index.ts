// Reports: stored daily reports and the keyword histories they are built from.

export {
  daysWithPosts,
  earliestDay,
  type KeywordDay,
  type KeywordHistory,
  type KeywordPostGroup,
  keywordHistories,
  keywordPostGroups,
  keywordPostIds,
  type StoryPost,
  storyPosts,
} from './queries.ts';
export { dropReports, getReport, listReports, type StoredReportInfo, saveReport } from './reports.ts';
export {
  type DayCounts,
  dayCounts,
  getDayStories,
  getDayStoriesWithCounts,
  listDayStoryFingerprints,
  type StoredDayStories,
  saveDayStories,
} from './stored-stories.ts';
