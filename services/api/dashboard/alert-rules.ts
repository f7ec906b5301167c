import htm from 'htm';
import { h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ALERT_KINDS, type AlertKind, KIND_PARAMS } from './alert-rule-params.ts';
import { type Answer, apiClient } from './api.ts';
import type { paths } from './api-types.ts';
import type { Labels } from './i18n.ts';
import './alert-rules.css';

const html = htm.bind(h);

type Rule = Answer<'/v1/alert-rules'>['data'][number];
type RuleBody = paths['/v1/alert-rules']['post']['requestBody']['content']['application/json'];
type Topic = Answer<'/v1/topics'>['data'][number];

type DraftChannel = { type: 'email'; to: string } | { type: 'webhook'; url: string; secret: string; stored: boolean };

/** The form as typed: text as the inputs hold it, turned into the API's body on submit. */
interface Draft {
  name: string;
  kind: AlertKind;
  topicId: string;
  params: Record<string, string>;
  quiet: boolean;
  quietFrom: string;
  quietTo: string;
  minIntervalMinutes: string;
  language: 'id' | 'en';
  enabled: boolean;
  channels: DraftChannel[];
  /** Whether the targets were touched: only then are they sent (the API replaces them as a whole). */
  channelsChanged: boolean;
}

const EMPTY: Draft = {
  name: '',
  kind: 'negative_rise',
  topicId: '',
  params: {},
  quiet: false,
  quietFrom: '22:00',
  quietTo: '06:00',
  minIntervalMinutes: '60',
  language: 'id',
  enabled: true,
  channels: [],
  channelsChanged: false,
};

const draftOf = (r: Rule): Draft => ({
  name: r.name,
  kind: r.kind,
  topicId: r.topicId === null ? '' : String(r.topicId),
  params: Object.fromEntries(Object.entries(r.params).map(([k, v]) => [k, String(v)])),
  quiet: r.quietHours !== null,
  quietFrom: r.quietHours?.from ?? '22:00',
  quietTo: r.quietHours?.to ?? '06:00',
  minIntervalMinutes: String(r.minIntervalMinutes),
  language: r.language,
  enabled: r.enabled,
  channels: r.channels.map((c) =>
    c.type === 'email' ? { type: 'email', to: c.to } : { type: 'webhook', url: c.url, secret: '', stored: true },
  ),
  channelsChanged: false,
});

/** A target as the list shows it: who receives alerts is not everyone's business, and webhook paths are secrets. */
const masked = (c: Rule['channels'][number]) => {
  if (c.type === 'email') return `…@${c.to.split('@')[1] ?? ''}`;
  try {
    return `${new URL(c.url).origin}/…`;
  } catch {
    return '…';
  }
};

/** The field an API error names (`params.minPoints`, `channels.0.secret` → `channels.0`, `quietHours.from` → `quietHours`). */
function fieldOf(parameter: string | undefined): string {
  if (!parameter) return 'form';
  const channel = /^channels\.(\d+)/.exec(parameter);
  if (channel) return `channels.${channel[1]}`;
  if (parameter.startsWith('quietHours')) return 'quietHours';
  if (parameter.startsWith('params.') || ['name', 'kind', 'topicId', 'minIntervalMinutes', 'language', 'channels'].includes(parameter))
    return parameter;
  return 'form';
}

/** The API's body from the form; numbers that do not parse are sent as they are typed, for the API to name. */
function bodyOf(d: Draft, creating: boolean): Partial<RuleBody> {
  const params: Record<string, number> = {};
  for (const name of Object.keys(KIND_PARAMS[d.kind])) {
    const text = d.params[name]?.trim();
    if (text) params[name] = Number(text);
  }
  const body: Partial<RuleBody> = {
    name: d.name.trim(),
    kind: d.kind,
    topicId: d.topicId ? Number(d.topicId) : null,
    params,
    quietHours: d.quiet ? { from: d.quietFrom, to: d.quietTo } : null,
    minIntervalMinutes: d.minIntervalMinutes.trim() === '' ? 60 : Number(d.minIntervalMinutes),
    language: d.language,
    enabled: d.enabled,
  };
  if (creating || d.channelsChanged) {
    body.channels = d.channels.map((c) =>
      c.type === 'email' ? { type: 'email', to: c.to.trim() } : { type: 'webhook', url: c.url.trim(), secret: c.secret },
    );
  }
  return body;
}

interface Failure {
  field: string;
  message: string;
}

/** The outcome of a call: its data, or the API's message with the field its parameter names. */
async function call<T>(
  request: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<{ ok: true; data: T | undefined } | { ok: false; failure: Failure }> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await request;
  } catch {
    return { ok: false, failure: { field: 'form', message: 'The Pantau API cannot be reached.' } };
  }
  if (result.response.ok) return { ok: true, data: result.data };
  const body = (typeof result.error === 'object' ? result.error : null) as { error?: { message?: string; parameter?: string } } | null;
  return {
    ok: false,
    failure: { field: fieldOf(body?.error?.parameter), message: body?.error?.message ?? `HTTP ${result.response.status}` },
  };
}

/** The alert-rules page (admins): the rules with their targets masked, a form per kind with the rule in words. */
export function AlertRulesEditor(props: { t: Labels; apiKey: string; admin: boolean | null; topics: Topic[] }) {
  const { t, apiKey, admin, topics } = props;
  const [rules, setRules] = useState<Rule[] | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [editing, setEditing] = useState<Rule | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const api = apiClient(apiKey);

  const load = async () => {
    const result = await call(api.GET('/v1/alert-rules'));
    if (result.ok) setRules(result.data?.data ?? []);
    else setFailure(result.failure);
  };
  useEffect(() => {
    if (admin) void load();
  }, [apiKey, admin]);
  // The first field an API error names takes the focus, so a keyboard user lands where the fix goes.
  useEffect(() => {
    if (!failure || failure.field === 'form') return;
    const field = formRef.current?.querySelector<HTMLElement>(`[data-field="${failure.field}"]`);
    field?.focus();
  }, [failure]);

  if (admin === null) return html`<section class="alert-rules"><p class="status" role="status">${t.rulesLoading}</p></section>`;
  if (!admin)
    return html`<section class="alert-rules" data-testid="alert-rules-denied">
      <h1>${t.rulesTitle}</h1>
      <p class="notice" role="alert">${t.rulesAdminOnly}</p>
    </section>`;

  const set = (patch: Partial<Draft>) => {
    setDraft({ ...draft, ...patch });
    setNotice(null);
  };
  const setChannel = (i: number, patch: Partial<DraftChannel>) =>
    set({ channels: draft.channels.map((c, j) => (j === i ? ({ ...c, ...patch } as DraftChannel) : c)), channelsChanged: true });
  // A new target's address takes the focus, so it is typed next.
  const addChannel = (channel: DraftChannel) => {
    const index = draft.channels.length;
    set({ channels: [...draft.channels, channel], channelsChanged: true });
    setTimeout(() => formRef.current?.querySelector<HTMLInputElement>(`[data-channel="${index}"] input`)?.focus(), 0);
  };
  const startEdit = (r: Rule) => {
    setEditing(r);
    setDraft(draftOf(r));
    setFailure(null);
    setNotice(null);
    setTimeout(() => formRef.current?.querySelector<HTMLInputElement>('[data-field="name"]')?.focus(), 0);
  };
  const reset = () => {
    setEditing(null);
    setDraft(EMPTY);
    setFailure(null);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setFailure(null);
    const body = bodyOf(draft, editing === null);
    const result = editing
      ? await call(api.PATCH('/v1/alert-rules/{id}', { params: { path: { id: editing.id } }, body: body as never }))
      : await call(api.POST('/v1/alert-rules', { body: body as RuleBody }));
    if (!result.ok) {
      setFailure(result.failure);
      return;
    }
    setNotice(editing ? t.ruleSaved : t.ruleCreated);
    setEditing(null);
    setDraft(EMPTY);
    await load();
  };
  const toggle = async (r: Rule) => {
    const result = await call(api.PATCH('/v1/alert-rules/{id}', { params: { path: { id: r.id } }, body: { enabled: !r.enabled } }));
    if (!result.ok) setFailure(result.failure);
    else {
      setNotice(t.ruleSaved);
      await load();
    }
  };
  const remove = async (r: Rule) => {
    const result = await call(api.DELETE('/v1/alert-rules/{id}', { params: { path: { id: r.id } } }));
    setConfirming(null);
    if (!result.ok) setFailure(result.failure);
    else {
      if (editing?.id === r.id) reset();
      setNotice(t.ruleDeleted);
      await load();
      // The row and its buttons are gone: the focus goes to the page's heading, not to the document's start.
      document.getElementById('h-alert-rules')?.focus();
    }
  };

  const topicName = (id: number | null | string) =>
    id === null || id === '' ? null : (topics.find((tp) => String(tp.id) === String(id))?.name ?? `#${id}`);
  const errorOf = (field: string) => (failure?.field === field ? failure.message : null);
  const invalid = (field: string) =>
    failure?.field === field ? { 'aria-invalid': 'true', 'aria-describedby': `rule-error-${field.replace(/\./g, '-')}` } : {};
  const fieldError = (field: string) => {
    const message = errorOf(field);
    return message
      ? html`<span class="field-error" id=${`rule-error-${field.replace(/\./g, '-')}`} data-error-for=${field} role="alert">${message}</span>`
      : null;
  };
  const value = (e: Event) => (e.target as HTMLInputElement).value;
  const defaults = KIND_PARAMS[draft.kind] as Record<string, number | null>;
  const words = t.ruleWords({
    kind: draft.kind,
    params: draft.params,
    defaults,
    topic: topicName(draft.topicId),
    channels: draft.channels.map((c) => ({ type: c.type, target: c.type === 'email' ? c.to : c.url })),
    quietHours: draft.quiet ? { from: draft.quietFrom, to: draft.quietTo } : null,
    minIntervalMinutes: draft.minIntervalMinutes,
    language: draft.language,
    enabled: draft.enabled,
  });

  return html`<section class="alert-rules" data-testid="alert-rules" aria-labelledby="h-alert-rules">
    <h1 id="h-alert-rules" tabindex="-1">${t.rulesTitle}</h1>
    <p>${t.rulesIntro}</p>
    ${notice ? html`<p class="notice" role="status" data-testid="rules-notice">${notice}</p>` : null}
    ${failure?.field === 'form' ? html`<p class="error" role="alert" data-testid="rules-error">${failure.message}</p>` : null}
    ${rules === null ? html`<p class="status" role="status">${t.rulesLoading}</p>` : null}
    ${rules && rules.length === 0 ? html`<p data-testid="rules-none">${t.rulesNone}</p>` : null}
    ${
      rules && rules.length > 0
        ? html`<div class="scroll"><table class="data rules" data-testid="rules-table">
      <thead><tr><th scope="col">${t.ruleName}</th><th scope="col">${t.ruleKind}</th><th scope="col">${t.ruleTopic}</th><th scope="col">${t.ruleChannels}</th>
        <th scope="col">${t.ruleQuiet}</th><th scope="col">${t.ruleInterval}</th><th scope="col">${t.ruleLanguage}</th><th scope="col">${t.ruleEnabled}</th><th scope="col">${t.ruleActions}</th></tr></thead>
      <tbody>${rules.map(
        (r) => html`<tr data-rule=${r.name} data-enabled=${String(r.enabled)}>
          <th scope="row">${r.name}</th>
          <td data-col="kind">${t.alertKinds[r.kind]}</td>
          <td data-col="topic">${topicName(r.topicId) ?? t.ruleAllPosts}</td>
          <td data-col="channels">${r.channels.length === 0 ? t.ruleDashboardOnly : r.channels.map((c) => html`<span class="target">${t.channels[c.type]} ${masked(c)}</span>`)}</td>
          <td data-col="quiet">${r.quietHours ? `${r.quietHours.from}–${r.quietHours.to}` : t.ruleNoQuiet}</td>
          <td data-col="interval">${t.ruleMinutes(r.minIntervalMinutes)}</td>
          <td data-col="language">${t.ruleLanguages[r.language]}</td>
          <td data-col="enabled">${r.enabled ? t.ruleOn : t.ruleOff}</td>
          <td class="rule-actions">
            ${
              confirming === r.id
                ? html`<span role="group" aria-label=${t.ruleConfirmDelete(r.name)} class="confirm" onKeyDown=${(e: KeyboardEvent) => e.key === 'Escape' && setConfirming(null)}>
                    <span>${t.ruleConfirmDelete(r.name)}</span>
                    <button type="button" class="danger" data-action="confirm-delete" ref=${(el: HTMLButtonElement | null) => el?.focus()} onClick=${() => void remove(r)}>${t.ruleConfirmYes}</button>
                    <button type="button" data-action="cancel-delete" onClick=${() => setConfirming(null)}>${t.ruleCancel}</button>
                  </span>`
                : html`<button type="button" data-action="edit" aria-label=${`${t.ruleEdit}: ${r.name}`} onClick=${() => startEdit(r)}>${t.ruleEdit}</button>
                  <button type="button" data-action="toggle" aria-label=${`${r.enabled ? t.ruleDisable : t.ruleEnable}: ${r.name}`} onClick=${() => void toggle(r)}>${r.enabled ? t.ruleDisable : t.ruleEnable}</button>
                  <button type="button" data-action="delete" aria-label=${`${t.ruleDelete}: ${r.name}`} onClick=${() => setConfirming(r.id)}>${t.ruleDelete}</button>`
            }
          </td>
        </tr>`,
      )}</tbody>
    </table></div>`
        : null
    }

    <form class="rule-form" ref=${formRef} onSubmit=${submit} data-testid="rule-form" aria-labelledby="h-rule-form" novalidate>
      <h2 id="h-rule-form">${editing ? t.ruleEditing(editing.name) : t.ruleNew}</h2>
      ${failure && failure.field !== 'form' ? html`<p class="error" role="alert">${t.ruleFixFields}</p>` : null}
      <div class="field"><label for="rule-name">${t.ruleName}</label>
        <input id="rule-name" name="name" data-field="name" maxLength=${100} value=${draft.name} onInput=${(e: Event) => set({ name: value(e) })} ...${invalid('name')} />
        ${fieldError('name')}</div>
      <div class="field"><label for="rule-kind">${t.ruleKind}</label>
        <select id="rule-kind" name="kind" data-field="kind" value=${draft.kind} onChange=${(e: Event) => set({ kind: value(e) as AlertKind, params: {} })} ...${invalid('kind')}>
          ${ALERT_KINDS.map((k) => html`<option value=${k}>${t.alertKinds[k]}</option>`)}
        </select>${fieldError('kind')}</div>
      <div class="field"><label for="rule-topic">${t.ruleTopic}</label>
        <select id="rule-topic" name="topicId" data-field="topicId" value=${draft.topicId} onChange=${(e: Event) => set({ topicId: value(e) })} ...${invalid('topicId')}>
          <option value="">${t.ruleAllPosts}</option>
          ${topics.map((tp) => html`<option value=${String(tp.id)}>${tp.name}</option>`)}
        </select>${fieldError('topicId')}</div>
      <fieldset class="params" data-kind=${draft.kind}><legend>${t.ruleParams}</legend>
        ${Object.entries(defaults).map(
          ([name, d]) => html`<div class="field"><label for=${`rule-param-${name}`}>${t.ruleParamNames[name] ?? name}</label>
            <input id=${`rule-param-${name}`} name=${`params.${name}`} data-field=${`params.${name}`} inputmode="decimal" placeholder=${t.ruleDefault(d)}
              value=${draft.params[name] ?? ''} onInput=${(e: Event) => set({ params: { ...draft.params, [name]: value(e) } })} ...${invalid(`params.${name}`)} />
            ${fieldError(`params.${name}`)}</div>`,
        )}
      </fieldset>
      <fieldset class="quiet"><legend>${t.ruleQuiet}</legend>
        <label class="check"><input type="checkbox" name="quiet" checked=${draft.quiet} onChange=${(e: Event) => set({ quiet: (e.target as HTMLInputElement).checked })} /> ${t.ruleQuietOn}</label>
        ${
          draft.quiet
            ? html`<div class="inline"><label>${t.ruleQuietFrom} <input type="time" name="quietFrom" data-field="quietHours" value=${draft.quietFrom} onInput=${(e: Event) => set({ quietFrom: value(e) })} ...${invalid('quietHours')} /></label>
            <label>${t.ruleQuietTo} <input type="time" name="quietTo" value=${draft.quietTo} onInput=${(e: Event) => set({ quietTo: value(e) })} /></label></div>`
            : null
        }
        ${fieldError('quietHours')}
      </fieldset>
      <div class="field"><label for="rule-interval">${t.ruleIntervalLabel}</label>
        <input id="rule-interval" name="minIntervalMinutes" data-field="minIntervalMinutes" inputmode="numeric" value=${draft.minIntervalMinutes} onInput=${(e: Event) => set({ minIntervalMinutes: value(e) })} ...${invalid('minIntervalMinutes')} />
        ${fieldError('minIntervalMinutes')}</div>
      <div class="field"><label for="rule-language">${t.ruleLanguageLabel}</label>
        <select id="rule-language" name="language" data-field="language" value=${draft.language} onChange=${(e: Event) => set({ language: value(e) as 'id' | 'en' })}>
          <option value="id">${t.ruleLanguages.id}</option><option value="en">${t.ruleLanguages.en}</option>
        </select></div>
      <label class="check"><input type="checkbox" name="enabled" checked=${draft.enabled} onChange=${(e: Event) => set({ enabled: (e.target as HTMLInputElement).checked })} /> ${t.ruleEnabledLabel}</label>
      <fieldset class="channels" data-field="channels" tabindex="-1"><legend>${t.ruleChannels}</legend>
        ${editing && draft.channels.some((c) => c.type === 'webhook' && c.stored) ? html`<p class="muted">${t.ruleSecretKept}</p>` : null}
        ${fieldError('channels')}
        ${draft.channels.map(
          (c, i) => html`<div class="channel" data-channel=${i}>
            ${
              c.type === 'email'
                ? html`<label>${t.ruleEmailTo} <input type="email" name=${`channels.${i}.to`} data-field=${`channels.${i}`} autocomplete="off" value=${c.to} onInput=${(e: Event) => setChannel(i, { to: value(e) })} ...${invalid(`channels.${i}`)} /></label>`
                : html`<label>${t.ruleWebhookUrl} <input type="url" name=${`channels.${i}.url`} data-field=${`channels.${i}`} autocomplete="off" value=${c.url} onInput=${(e: Event) => setChannel(i, { url: value(e) })} ...${invalid(`channels.${i}`)} /></label>
                  <label>${c.stored && !draft.channelsChanged ? t.ruleWebhookSecret : c.stored ? t.ruleSecretAgain : t.ruleWebhookSecret}
                    <input type="password" name=${`channels.${i}.secret`} autocomplete="new-password" value=${c.secret} placeholder=${c.stored ? '••••••••' : ''} onInput=${(e: Event) => setChannel(i, { secret: value(e) })} /></label>`
            }
            <button type="button" data-action="remove-channel" aria-label=${`${t.ruleRemoveChannel} ${i + 1}`} onClick=${() => set({ channels: draft.channels.filter((_, j) => j !== i), channelsChanged: true })}>${t.ruleRemoveChannel}</button>
            ${fieldError(`channels.${i}`)}
          </div>`,
        )}
        <div class="inline">
          <button type="button" data-action="add-email" onClick=${() => addChannel({ type: 'email', to: '' })}>${t.ruleAddEmail}</button>
          <button type="button" data-action="add-webhook" onClick=${() => addChannel({ type: 'webhook', url: '', secret: '', stored: false })}>${t.ruleAddWebhook}</button>
        </div>
      </fieldset>
      <div class="in-words"><h3>${t.ruleInWords}</h3><p data-testid="rule-words" aria-live="polite">${words}</p></div>
      <div class="inline">
        <button type="submit" class="primary" data-action="save">${editing ? t.ruleSave : t.ruleCreate}</button>
        ${editing ? html`<button type="button" data-action="cancel-edit" onClick=${reset}>${t.ruleCancel}</button>` : null}
      </div>
    </form>
  </section>`;
}
