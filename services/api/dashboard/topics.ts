import htm from 'htm';
import { h } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { type Answer, ApiError, answer, apiClient } from './api.ts';
import type { paths } from './api-types.ts';
import { CsvButton } from './export.ts';
import { formatCount, formatDay, formatInstant } from './format.ts';
import type { Labels, Lang } from './i18n.ts';
import './workspace.css';

const html = htm.bind(h);

type Topic = Answer<'/v1/topics'>['data'][number];
type Preview = Answer<'/v1/topics/preview'>;
/** The window a preview is counted over (the dashboard's): from, to, platform, without coordinated posts. */
export type PreviewWindow = Omit<NonNullable<paths['/v1/topics/preview']['get']['parameters']['query']>, 'query' | 'sample'>;

/** An editor's form: a new topic (id null) or an existing one. */
interface Draft {
  id: number | null;
  name: string;
  query: string;
}

/** A coded API error as the editor shows it: which field, and the words. */
interface FieldError {
  field: 'name' | 'query' | 'form';
  message: string;
}

/** The editor's words for a coded error: the field at fault named, the query's position and text quoted. */
function fieldError(t: Labels, e: unknown): FieldError {
  if (!(e instanceof ApiError)) return { field: 'form', message: e instanceof Error ? e.message : String(e) };
  if (e.status === 403) return { field: 'form', message: t.topicsForbidden };
  if (e.code === 'CONFLICT') return { field: 'name', message: t.topicNameTaken };
  const details = e.details ?? {};
  if (e.code === 'INVALID_QUERY' && details.parameter === 'query' && typeof details.position === 'number') {
    return { field: 'query', message: t.topicQueryAt(details.position + 1, String(details.near ?? ''), e.message) };
  }
  if (details.parameter === 'name') return { field: 'name', message: e.message };
  if (details.parameter === 'query') return { field: 'query', message: e.message };
  return { field: 'form', message: e.message };
}

/**
 * Topics: the list, a form to create or edit one with a preview of what the query matches over the dashboard's window
 * (count and the newest posts) before it is saved, and deletion after a confirmation. Changing needs the API's
 * topic-writing scope; the API says when a key lacks it.
 */
export function Topics(props: {
  t: Labels;
  lang: Lang;
  apiKey: string;
  topics: Topic[];
  window: PreviewWindow;
  onChange: (topics: Topic[]) => void;
}) {
  const { t, lang, apiKey, topics, window } = props;
  const api = apiClient(apiKey);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [error, setError] = useState<FieldError | null>(null);
  const [status, setStatus] = useState('');
  const [confirming, setConfirming] = useState<Topic | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const queryRef = useRef<HTMLTextAreaElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const newRef = useRef<HTMLButtonElement>(null);
  // The button that opened the editor or the confirmation; focus goes back to it when they close (or to "new topic"
  // when it is gone), once the list is drawn again.
  const opener = useRef<HTMLElement | null>(null);
  const focusBack = useRef(false);
  useLayoutEffect(() => {
    if (!focusBack.current) return;
    focusBack.current = false;
    (opener.current?.isConnected ? opener.current : newRef.current)?.focus();
  });
  const opened = (e: Event) => {
    opener.current = e.currentTarget as HTMLElement;
  };
  const cancelConfirm = () => {
    setConfirming(null);
    focusBack.current = true;
  };

  const refresh = async () => props.onChange((await answer(api.GET('/v1/topics'))).data);
  // While a back-fill runs, the list follows its progress.
  const running = topics.some((tp) => tp.backfill.state === 'pending' || tp.backfill.state === 'running');
  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(() => void refresh().catch(() => undefined), 1_000);
    return () => clearTimeout(timer);
  }, [topics]);

  useLayoutEffect(() => {
    if (draft) nameRef.current?.focus();
  }, [draft?.id, draft !== null]);
  useLayoutEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  useLayoutEffect(() => {
    if (error?.field === 'name') nameRef.current?.focus();
    else if (error?.field === 'query') queryRef.current?.focus();
  }, [error]);

  const edit = (next: Draft) => {
    setDraft(next);
    setPreview(null);
    setError(null);
    setStatus('');
    setConfirming(null);
  };
  const close = () => {
    setDraft(null);
    setPreview(null);
    setError(null);
    focusBack.current = true;
  };

  // The button stays enabled while a preview runs (a disabled button would drop the keyboard focus): presses wait.
  const runPreview = async () => {
    if (!draft || previewing) return;
    setPreviewing(true);
    try {
      const query = { ...window, query: draft.query, sample: 5 };
      setPreview(await answer(api.GET('/v1/topics/preview', { params: { query } })));
      setError(null);
    } catch (e) {
      setPreview(null);
      setError(fieldError(t, e));
    } finally {
      setPreviewing(false);
    }
  };

  const save = async (event: Event) => {
    event.preventDefault();
    if (!draft) return;
    try {
      const saved =
        draft.id === null
          ? await answer(api.POST('/v1/topics', { body: { name: draft.name, query: draft.query } }))
          : await answer(
              api.PATCH('/v1/topics/{id}', { params: { path: { id: draft.id } }, body: { name: draft.name, query: draft.query } }),
            );
      await refresh();
      setStatus(t.topicSaved(saved.data.name));
      close();
    } catch (e) {
      setError(fieldError(t, e));
    }
  };

  const remove = async (topic: Topic) => {
    try {
      // 204 has no body to answer with; 404 means someone else deleted it meanwhile, which is what was asked.
      const { response, error: failure } = await api.DELETE('/v1/topics/{id}', { params: { path: { id: topic.id } } });
      if (!response.ok && response.status !== 404) {
        const body = failure as { error?: { message?: string; code?: string } } | undefined;
        throw new ApiError(body?.error?.message ?? `HTTP ${response.status}`, response.status, body?.error?.code ?? 'HTTP');
      }
      setConfirming(null);
      await refresh();
      setStatus(t.topicDeleted(topic.name));
      focusBack.current = true;
    } catch (e) {
      setConfirming(null);
      setError(fieldError(t, e));
    }
  };

  const described = (field: FieldError['field']) => (error?.field === field ? 'topic-error' : undefined);
  const backfillText = (tp: Topic) =>
    tp.backfill.state === 'done'
      ? t.backfillDone(formatCount(tp.backfill.matched, lang))
      : tp.backfill.state === 'failed'
        ? `${t.backfillFailed}${tp.backfill.error ? `: ${tp.backfill.error}` : ''}`
        : t.backfillRunning(formatCount(tp.backfill.processed, lang), formatCount(tp.backfill.total, lang));

  return html`<section aria-labelledby="h-topics" data-testid="topics">
    <h2 id="h-topics">${t.topicsTitle}</h2>
    <p class="muted">${t.topicsHelp}</p>
    <p class="sr-only" role="status" aria-live="polite" data-testid="topics-status">${status}</p>
    ${error?.field === 'form' && !draft ? html`<p class="error" role="alert" id="topic-error">${error.message}</p>` : null}
    <div class="scroll"><table class="data" data-testid="topics-table"><thead><tr><th>${t.topicName}</th><th>${t.topicQuery}</th><th>${t.topicBackfill}</th><th><span class="sr-only">${t.topicActions}</span></th></tr></thead><tbody>
      ${topics.length === 0 ? html`<tr><td colspan="4">${t.noTopics}</td></tr>` : null}
      ${topics.map(
        (
          tp,
        ) => html`<tr data-topic=${tp.id}><td data-field="name">${tp.name}</td><td data-field="query"><code>${tp.query}</code></td><td>${backfillText(tp)}</td>
          <td class="actions"><button type="button" onClick=${(e: Event) => {
            opened(e);
            edit({ id: tp.id, name: tp.name, query: tp.query });
          }} aria-label=${`${t.edit}: ${tp.name}`}>${t.edit}</button>
          <button type="button" onClick=${(e: Event) => {
            opened(e);
            setDraft(null);
            setConfirming(tp);
          }} aria-label=${`${t.delete}: ${tp.name}`}>${t.delete}</button></td></tr>`,
      )}
    </tbody></table></div>
    ${
      topics.length > 0
        ? html`<p class="exports-row"><${CsvButton} t=${t} table=${{
            head: ['id', 'name', 'query', 'backfill_state', 'backfill_matched', 'created_at', 'updated_at'],
            rows: topics.map((tp) => [tp.id, tp.name, tp.query, tp.backfill.state, tp.backfill.matched, tp.createdAt, tp.updatedAt]),
          }} scope=${{}} what="topik" label=${t.topicsTitle} /></p>`
        : null
    }
    ${
      confirming
        ? html`<div class="confirm notice" role="alertdialog" aria-modal="false" aria-labelledby="topic-confirm" data-testid="topic-confirm"
            onKeyDown=${(e: KeyboardEvent) => {
              if (e.key === 'Escape') cancelConfirm();
            }}>
            <p id="topic-confirm">${t.deleteConfirm(confirming.name)}</p>
            <button type="button" class="danger" ref=${confirmRef} onClick=${() => remove(confirming)}>${t.deleteYes}</button>
            <button type="button" onClick=${cancelConfirm}>${t.cancel}</button>
          </div>`
        : null
    }
    ${
      draft
        ? null
        : html`<p><button type="button" ref=${newRef} data-testid="topic-new" onClick=${(e: Event) => {
            opened(e);
            edit({ id: null, name: '', query: '' });
          }}>${t.newTopic}</button></p>`
    }
    ${
      draft
        ? html`<form class="topic-editor" data-testid="topic-editor" aria-labelledby="h-topic-editor" onSubmit=${save}
            onKeyDown=${(e: KeyboardEvent) => {
              if (e.key === 'Escape') close();
            }}>
            <h3 id="h-topic-editor">${draft.id === null ? t.newTopic : t.editTopic(draft.name)}</h3>
            <label>${t.topicName}
              <input name="topicName" ref=${nameRef} required maxlength="100" value=${draft.name} aria-invalid=${error?.field === 'name'} aria-describedby=${described('name')}
                onInput=${(e: Event) => setDraft({ ...draft, name: (e.target as HTMLInputElement).value })} /></label>
            <label>${t.topicQuery}
              <textarea name="topicQuery" ref=${queryRef} required maxlength="1000" rows="3" value=${draft.query} aria-invalid=${error?.field === 'query'} aria-describedby=${`topic-query-help ${described('query') ?? ''}`.trim()}
                onInput=${(e: Event) => {
                  setDraft({ ...draft, query: (e.target as HTMLTextAreaElement).value });
                  setPreview(null);
                }}></textarea></label>
            <p class="muted" id="topic-query-help">${t.topicQueryHelp}</p>
            ${error && error.field !== 'form' ? html`<p class="error" role="alert" id="topic-error" data-testid="topic-error">${error.message}</p>` : null}
            ${error?.field === 'form' ? html`<p class="error" role="alert" id="topic-error" data-testid="topic-error">${error.message}</p>` : null}
            <div class="buttons">
              <button type="button" data-testid="topic-preview" aria-busy=${previewing} onClick=${runPreview}>${t.previewQuery}</button>
              <button type="submit" class="primary">${t.save}</button>
              <button type="button" onClick=${close}>${t.cancel}</button>
            </div>
            <div aria-live="polite" data-testid="topic-preview-result">${
              previewing
                ? html`<p class="status">${t.loading}</p>`
                : preview
                  ? html`<p data-testid="topic-preview-count" data-matched=${preview.data.matched}><b>${t.previewCount(formatCount(preview.data.matched, lang), formatCount(preview.data.scanned, lang))}</b>${' '}(${formatDay(preview.disclosure.window.from, lang, true)} – ${formatDay(preview.disclosure.window.to, lang, true)})${preview.data.complete ? '' : ` · ${t.previewPartial(formatCount(preview.data.postsInWindow, lang))}`}</p>
                    ${preview.data.samples.length > 0 ? html`<h4>${t.previewSamples}</h4>` : null}
                    <ul class="samples">${preview.data.samples.map(
                      (
                        m,
                      ) => html`<li><span class=${`label ${m.label}`}>${t.sentimentLabels[m.label as keyof Labels['sentimentLabels']] ?? m.label}</span> <time datetime=${m.publishedAt}>${formatInstant(m.publishedAt, lang)}</time>
                        <br />${m.text ?? html`<i>${t.removed}</i>`}</li>`,
                    )}</ul>`
                  : null
            }</div>
          </form>`
        : null
    }
  </section>`;
}
