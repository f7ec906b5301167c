// Emotions: per-post labels of the emotion head and their daily rollup.

export { type EmotionPeriod, emotionSeries } from './queries.ts';
export { type EmotionRow, subtractEmotions, writeEmotions } from './write.ts';
