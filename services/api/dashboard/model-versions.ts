import htm from 'htm';
import { h } from 'preact';
import type { components } from './api-types.ts';
import { formatCount } from './format.ts';
import type { Labels, Lang } from './i18n.ts';

const html = htm.bind(h);

type ModelDisclosure = components['schemas']['Disclosure']['model'];

/** The model versions behind the window's posts, shown only when they are not all the active model's. */
export function ModelVersions(props: { t: Labels; lang: Lang; model: ModelDisclosure }) {
  const { t, lang, model } = props;
  const versions = model.versions ?? [];
  if (versions.length === 0 || (versions.length === 1 && versions[0]?.version === model.version)) return null;
  return html`<p data-testid="model-versions"><b>${t.modelVersionsMixed}</b>: ${versions
    .map((v) => t.modelVersionPosts(v.version, formatCount(v.posts, lang)))
    .join(' · ')}<br /><span class="muted small">${t.modelVersionsNote}</span></p>`;
}
