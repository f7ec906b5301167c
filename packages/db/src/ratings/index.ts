// Ratings: how reviewers' stars and the model's labels of the same reviews agree.

export { type LabelsByStars, type RatingAgreement, ratingAgreement, starSentiment } from './agreement.ts';
