/** Words of the model versions line of the method panel: Indonesian first, English complete. */
export const MODEL_VERSION_LABELS = {
  id: {
    modelVersionsMixed: 'Label dari beberapa versi model',
    modelVersionsNote:
      'Setiap unggahan dihitung sekali, dengan label dari model terakhir yang melabelinya (pantau reanalyze melabeli ulang).',
    modelVersionPosts: (version: string, posts: string) => `versi ${version}: ${posts} unggahan`,
  },
  en: {
    modelVersionsMixed: 'Labels from several model versions',
    modelVersionsNote: 'Each post counts once, with the label of the model that labelled it last (pantau reanalyze relabels).',
    modelVersionPosts: (version: string, posts: string) => `version ${version}: ${posts} posts`,
  },
} as const;
