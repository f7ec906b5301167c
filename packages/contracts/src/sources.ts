/**
 * What each source can and cannot reach, as the coverage ledger states it beside the source's days: a limit of the
 * platform, not a fault of the run. Keyed by connector name; `meta-graph` differs by query kind.
 */
const LIMITS: Record<string, string> = {
  'x-recent-search':
    'X recent search reaches back 7 days; older windows are clamped to it. Protected and withheld posts are not collected.',
  'meta-graph:page':
    'Posts of the Page and their comments; comments hidden by the Page and posts deleted before they were read are only counted.',
  'meta-graph:hashtag':
    "Instagram hashtag search lists the last 24 hours of top and recent media, 30 hashtags a week per account; no comments, and the media's authors are not named.",
  'meta-graph:ig-user':
    "Comments on the account's own media of the last 30 days; comments it hid are only counted; comments deleted before a run are not seen.",
  rss: 'What the feed lists at each poll: entries that left the feed between polls are not seen; the article text is what the feed carries.',
  news: "What the outlet's feed lists at each poll: articles that left the feed between polls are not seen; the article text is what the feed carries (often a summary).",
  youtube:
    "Daily quota of the API key (search 100 units, every other list 1); a run cut short at the quota is partial and resumes after midnight Pacific time. search: takes comments on the window's videos up to the window's end; video: takes the window's comments.",
  'google-play':
    'The Play Developer API lists reviews created or changed in the last 7 days only, and only of apps the service account may see; an edited review keeps its first stored text.',
  tiktok:
    'Research API for approved researchers: a daily request limit (a run cut short is partial and resumes after midnight UTC), query days in UTC, videos indexed with a delay; commenters are not named.',
  file: 'A one-off import: covers only the days of its file.',
  webhook: 'What was pushed to the webhook; nothing is fetched.',
};

/** The limits of a source (connector and query) as the coverage ledger states them, or null when unknown. */
export function sourceLimits(connector: string, query: string): string | null {
  if (connector === 'meta-graph') {
    const kind = /^(page|hashtag|ig-user):/.exec(query)?.[1];
    return kind ? (LIMITS[`meta-graph:${kind}`] ?? null) : null;
  }
  return LIMITS[connector] ?? null;
}
