const SUMMARY =
  'PPI++ (power-tuned prediction-powered inference): class shares of in-scope posts from the model’s calibrated probabilities on every post of the window, ' +
  'corrected by the gold labels of a seeded simple random sample of them; 95% normal intervals (delta method, finite-population correction) that hold whatever the model’s error.';

const PARAGRAPHS = [
  'Validated shares: prediction-powered inference with power tuning (PPI++).',

  'Data. The population is the N posts of the annotation task’s window (and topic, if any). A simple random sample of n of them, drawn without replacement with a ' +
    'recorded seed when the task was created, carries gold labels Y ∈ {negative, neutral, positive, not_relevant, not_indonesian} (the adjudicated label where ' +
    'annotators disagreed). The model gives calibrated probabilities f(x) = (f_negative, f_neutral, f_positive) for all N posts, the labelled ones included.',

  'Estimand. The share of each class among in-scope posts, s_c = θ_c / θ_in, where θ_c is the share of all N posts whose gold label is c and ' +
    'θ_in = 1 − θ_not_relevant − θ_not_indonesian. Posts a human marks not_relevant or not_indonesian leave the validated population; their shares of all posts are ' +
    'reported on their own, from the labels alone (Wilson score interval with the finite-population correction), because the model has no such classes.',

  'Estimator. θ̂_c = λ_c · (1/N) Σ_{i=1..N} f_c(x_i) + (1/n) Σ_{j=1..n} (Y_jc − λ_c · f_c(x_j)), θ̂_in = n_in / n, ŝ_c = θ̂_c / θ̂_in. ' +
    'With λ_c = 1 this is the prediction-powered estimator: the model’s mean over all posts plus the mean of its errors on the labelled sample (the rectifier). ' +
    'With λ_c = 0 it is the labels-only share n_c / n_in. For any fixed λ_c it is design-unbiased for θ_c, whatever the model’s errors: a biased model costs width, ' +
    'not validity.',

  'Power tuning. λ_c = clip_[0,1]( Cov_n(a_c, f_c) / Var_n(f_c) ) with a_jc = Y_jc − s⁰_c · Y_j,in and s⁰_c = n_c / n_in, estimated on the labelled sample: the ' +
    'value that minimizes the estimated variance below, so the validated interval’s half-width is never larger than the labels-only one’s (the same construction at λ = 0), ' +
    'and narrows as the model’s probabilities track the gold labels more closely.',

  'Interval. ŝ_c − s_c = [mean_n(v_c) − mean_N(v_c)] / θ̂_in exactly, with v_c = Y_c − λ_c · f_c − s_c · Y_in (delta method for the ratio). The labelled posts ' +
    'are drawn without replacement from the N posts they belong to, and the model’s mean is taken over all N, so for the share of the window’s posts the model ' +
    'part has no sampling error: Var(ŝ_c) = (1 − n/N) · S²_n(v_c) / (n · θ̂_in²), S²_n the sample variance (v evaluated at s⁰_c). The 95% interval is ' +
    'ŝ_c ± 1.96 · √Var(ŝ_c), clipped to [0, 1]. The λ² · Var_N(f)/N term of PPI belongs to an unlabelled set drawn independently of the labelled one from a ' +
    'larger population; here the labelled posts are part of the N and the estimand is the window’s own share, for which that term is zero, and at n = N the ' +
    'share is known exactly.',

  'Small samples. When the residuals v show little or no spread (every label one class, or a model that matched every label), a normal interval would shrink ' +
    'to a point. The half-width is therefore never below z² / (m + z²), m = n_in / (1 − n/N): the Wilson score bound for zero disagreeing posts among m labels. ' +
    'The labels-only interval has the same floor, so with 0 or all of n_in labels in a class it is the Wilson interval. With no in-scope label the in-scope ' +
    'shares are reported as [0, 1].',

  'Assumptions. (1) The labelled posts are a simple random sample of the window’s posts, fixed when the task was created: none added later, none chosen by hand ' +
    'or by the model. (2) Gold labels are correct; where annotators disagree the adjudicated label counts, and agreement is reported as Krippendorff’s alpha ' +
    '(nominal) with a 95% percentile bootstrap interval over posts. (3) The shares are of the task’s window (and topic); a sub-window uses the labelled posts ' +
    'inside it (a domain of the same sample), and posts that reached the database after the task was drawn were not in its frame. (4) The probabilities of ' +
    'the labelled posts come from the same model version as those summed over the window, and that model was not trained on these labels: a model fitted ' +
    'to the labelled posts matches them better than the rest, so the correction would come out too small (validate a retrained model with a new task). ' +
    '(5) The normal approximation: Pantau reports validated shares only with at least VALIDATION_MIN_LABELS gold labels (100 by default), and the interval ' +
    'then covers the window’s share about 95% of the time, measured in seeded simulations and on the regional-language study in the README.',

  'References. A. N. Angelopoulos, S. Bates, C. Fannjiang, M. I. Jordan, T. Zrnic, “Prediction-powered inference”, Science 382 (2023) 669–674. ' +
    'A. N. Angelopoulos, J. C. Duchi, T. Zrnic, “PPI++: Efficient prediction-powered inference”, arXiv:2311.01453 (2023). Related: N. Egami, M. Hinck, ' +
    'B. M. Stewart, H. Wei, “Using imperfect surrogates for downstream inference: design-based supervised learning for social science applications of large ' +
    'language models” (DSL), NeurIPS 2023, which corrects model predictions with a random sample of expert labels in the same design-based way. ' +
    'W. G. Cochran, Sampling Techniques, 3rd ed. (1977), ch. 6 (ratio estimation, finite-population correction). E. B. Wilson, “Probable inference, the law ' +
    'of succession, and statistical inference”, JASA 22 (1927). K. Krippendorff, “Computing Krippendorff’s alpha-reliability” (2011).',
];

// One string for every call: a serializer that keeps the bytes of fixed texts finds it by identity.
const FULL = PARAGRAPHS.join('\n\n');

/**
 * The method text with formulas and citations, for /v1/methodology and the disclosure; `{ brief: true }` gives the
 * one-sentence form for places that repeat it on every response.
 */
export function describeValidationMethod(options: { brief?: boolean } = {}): string {
  return options.brief ? SUMMARY : FULL;
}
