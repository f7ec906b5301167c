import htm from 'htm';
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { type Answer, ApiError, answer, apiClient } from './api.ts';
import { formatInstant } from './format.ts';
import './subscriptions.css';
import type { Labels, Lang } from './i18n.ts';

const html = htm.bind(h);

type Listing = Answer<'/v1/subscriptions'>;
type Subscription = Listing['data'][number];
type Topic = Answer<'/v1/topics'>['data'][number];
type BriefLanguage = Subscription['language'];
type Channel = Subscription['channel'];

const LANGUAGES: BriefLanguage[] = ['id', 'en'];

/** The subscriptions page: the signed-in user's morning-brief subscriptions, their last delivery, and a form to add one. */
export function Subscriptions(props: { t: Labels; lang: Lang; apiKey: string; topics: Topic[] }) {
  const { t, lang, apiKey, topics } = props;
  const [listing, setListing] = useState<Listing | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [draft, setDraft] = useState({
    topic: '',
    language: '' as BriefLanguage | '',
    channel: 'email' as Channel,
    email: '',
    url: '',
    secret: '',
  });
  const [profile, setProfile] = useState<{ email: string; language: BriefLanguage } | null>(null);
  const api = apiClient(apiKey);

  const load = async () => {
    const got = await answer(api.GET('/v1/subscriptions'));
    setListing(got);
    setProfile((p) => p ?? { email: got.profile.email ?? '', language: got.profile.language });
    setDraft((d) => ({ ...d, email: d.email || (got.profile.email ?? ''), language: d.language || got.profile.language }));
  };
  const act = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      setMessage({ text: done, error: false });
      await load();
    } catch (e) {
      setMessage({ text: e instanceof ApiError ? e.message : String(e), error: true });
    }
  };
  useEffect(() => {
    load().catch((e: unknown) => setMessage({ text: e instanceof ApiError ? e.message : String(e), error: true }));
  }, [apiKey]);

  const create = (e: Event) => {
    e.preventDefault();
    const topicId = draft.topic ? Number(draft.topic) : null;
    const language = draft.language || undefined;
    const body =
      draft.channel === 'email'
        ? { channel: 'email' as const, topicId, ...(language ? { language } : {}), ...(draft.email ? { email: draft.email } : {}) }
        : { channel: 'webhook' as const, topicId, ...(language ? { language } : {}), webhook: { url: draft.url, secret: draft.secret } };
    void act(async () => {
      await answer(api.POST('/v1/subscriptions', { body }));
      setDraft((d) => ({ ...d, url: '', secret: '' }));
    }, t.saved);
  };
  const patch = (id: number, active: boolean) =>
    act(() => answer(api.PATCH('/v1/subscriptions/{id}', { params: { path: { id } }, body: { active } })), t.saved);
  const remove = (id: number) =>
    act(async () => {
      const { response } = await api.DELETE('/v1/subscriptions/{id}', { params: { path: { id } } });
      if (!response.ok) throw new ApiError(`HTTP ${response.status}`, response.status, 'HTTP');
    }, t.saved);

  const saveProfile = (e: Event) => {
    e.preventDefault();
    if (!profile) return;
    void act(
      () => answer(api.PATCH('/v1/subscriptions/profile', { body: { email: profile.email || null, language: profile.language } })),
      t.saved,
    );
  };
  const scopeName = (topicId: number | null) =>
    topicId === null ? t.allPosts : (topics.find((tp) => tp.id === topicId)?.name ?? `${t.topic} ${topicId}`);
  const set = (field: keyof typeof draft) => (e: Event) =>
    setDraft({ ...draft, [field]: (e.target as HTMLInputElement | HTMLSelectElement).value });
  const list = listing?.data ?? [];
  const email = listing?.profile.email;

  return html`<section class="subscriptions" data-testid="subscriptions" aria-labelledby="h-subscriptions">
    <h1 id="h-subscriptions">${t.subscriptionsTitle}</h1>
    <p>${t.subscriptionsIntro}</p>
    <div aria-live="polite">${message ? html`<p class=${message.error ? 'error' : 'notice'} role=${message.error ? 'alert' : 'status'} data-testid="subscription-message">${message.text}</p>` : null}</div>
    ${listing && list.length === 0 ? html`<p data-testid="no-subscriptions">${t.noSubscriptions}</p>` : null}
    <ul class="subscription-list">${list.map((s) => {
      const d = s.lastDelivery;
      return html`<li data-testid="subscription" data-id=${String(s.id)} data-active=${String(s.active)}>
        <p><strong>${scopeName(s.topicId)}</strong> · ${t.languageNames[s.language]} · ${t.channels[s.channel]}: ${s.channel === 'email' ? (email ?? '–') : (s.webhook?.url ?? '')} · <span>${s.active ? t.activeSubscription : t.paused}</span></p>
        <p class="last-delivery" data-status=${d?.status ?? 'none'}>${t.lastDelivery}: ${
          d
            ? html`${d.day} — <b>${t.deliveryStatus[d.status]}</b> (${t.attempts(d.attempts)})${d.sentAt ? html` <time datetime=${d.sentAt}>${formatInstant(d.sentAt, lang)}</time>` : null}${
                d.lastError ? html` — <span lang="en" data-testid="delivery-error">${d.lastError}</span>` : null
              }`
            : t.noDeliveryYet
        }</p>
        <p class="actions">
          <button type="button" onClick=${() => void patch(s.id, !s.active)}>${s.active ? t.pause : t.resume}</button>
          <button type="button" onClick=${() => void remove(s.id)}>${t.unsubscribe}</button>
        </p>
      </li>`;
    })}</ul>
    ${
      profile
        ? html`<form class="brief-profile" onSubmit=${saveProfile} data-testid="brief-profile">
          <h2>${t.briefProfile}</h2>
          <label>${t.emailAddress} <input type="email" name="profileEmail" autocomplete="email" value=${profile.email} onInput=${(e: Event) => setProfile({ ...profile, email: (e.target as HTMLInputElement).value })} /></label>
          <label>${t.preferredLanguage} <select name="profileLanguage" value=${profile.language} onChange=${(e: Event) => setProfile({ ...profile, language: (e.target as HTMLSelectElement).value as BriefLanguage })}>
            ${LANGUAGES.map((l) => html`<option value=${l}>${t.languageNames[l]}</option>`)}
          </select></label>
          <button type="submit">${t.saveProfile}</button>
        </form>`
        : null
    }
    <form class="new-subscription" onSubmit=${create} data-testid="new-subscription">
      <h2>${t.newSubscription}</h2>
      <label>${t.subscriptionScope} <select name="topic" value=${draft.topic} onChange=${set('topic')}>
        <option value="">${t.allPosts}</option>
        ${topics.map((tp) => html`<option value=${String(tp.id)}>${tp.name}</option>`)}
      </select></label>
      <label>${t.subscriptionLanguage} <select name="language" value=${draft.language} onChange=${set('language')}>
        ${LANGUAGES.map((l) => html`<option value=${l}>${t.languageNames[l]}</option>`)}
      </select></label>
      <label>${t.subscriptionChannel} <select name="channel" value=${draft.channel} onChange=${set('channel')}>
        <option value="email">${t.channels.email}</option>
        <option value="webhook">${t.channels.webhook}</option>
      </select></label>
      ${
        draft.channel === 'email'
          ? html`<label>${t.emailAddress} <input type="email" name="email" autocomplete="email" required value=${draft.email} onInput=${set('email')} /></label>`
          : html`<label>${t.webhookUrl} <input type="url" name="url" required value=${draft.url} onInput=${set('url')} /></label>
            <label>${t.webhookSecret} <input type="password" name="secret" autocomplete="off" required minLength=${16} value=${draft.secret} onInput=${set('secret')} /></label>`
      }
      <button type="submit">${t.subscribe}</button>
    </form>
  </section>`;
}
