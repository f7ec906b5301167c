/** Words of the emotion panel: Indonesian first, English complete. */
export const EMOTION_LABELS = {
  id: {
    emotionsTitle: 'Emosi',
    emotionsHelp:
      'Lima emosi (EmoT) per unggahan dari kepala emosi model. Bagian dihitung dari unggahan yang dijawab; unggahan tidak pasti tetap dihitung dan ditampilkan terpisah. Angka model saja, tanpa validasi label manusia.',
    emotionNames: { anger: 'marah', fear: 'takut', happy: 'senang', love: 'cinta', sadness: 'sedih' },
    emotionColumn: 'Emosi',
    emotionPosts: 'Unggahan',
    emotionShare: 'Bagian (IK 95%)',
    emotionAbstained: (n: string, share: string) => `Tidak pasti: ${n} unggahan (${share})`,
    emotionUnlabelled: (n: string) => `${n} unggahan dihitung tanpa label emosi (dianalisis sebelum kepala emosi dipasang).`,
    emotionModel: (name: string, version: string) => `Model emosi ${name} versi ${version}`,
    emotionHeldOut: 'Tolok ukur held-out',
    emotionUnavailable: 'Model aktif tidak memiliki kepala emosi.',
  },
  en: {
    emotionsTitle: 'Emotions',
    emotionsHelp:
      "Five emotions (EmoT) per post from the model's emotion head. Shares are of the answered posts; uncertain posts are still counted and shown apart. Model-only figures, not validated by human labels.",
    emotionNames: { anger: 'anger', fear: 'fear', happy: 'happy', love: 'love', sadness: 'sadness' },
    emotionColumn: 'Emotion',
    emotionPosts: 'Posts',
    emotionShare: 'Share (95% CI)',
    emotionAbstained: (n: string, share: string) => `Uncertain: ${n} posts (${share})`,
    emotionUnlabelled: (n: string) => `${n} counted posts have no emotion label (analysed before the emotion head was installed).`,
    emotionModel: (name: string, version: string) => `Emotion model ${name} version ${version}`,
    emotionHeldOut: 'Held-out benchmark',
    emotionUnavailable: 'The active model has no emotion head.',
  },
} as const;
