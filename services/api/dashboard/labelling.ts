import htm from 'htm';
import { h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { type Answer, ApiError, answer, apiClient } from './api.ts';
import type { Labels } from './i18n.ts';

const html = htm.bind(h);

/** A labelling task as GET /v1/annotation/tasks lists it. */
export type Task = Answer<'/v1/annotation/tasks'>['data'][number];
type Item = Answer<'/v1/annotation/tasks/{id}/items'>['data']['items'][number];
type Progress = Answer<'/v1/annotation/tasks/{id}'>['data']['progress'];
type GoldLabel = 'negative' | 'neutral' | 'positive' | 'not_relevant' | 'not_indonesian';

/** The keys of the labelling view, in the order the buttons show them. */
const CHOICES: { key: string; label: GoldLabel; name: (t: Labels) => string }[] = [
  { key: '1', label: 'negative', name: (t) => t.labelNegative },
  { key: '2', label: 'neutral', name: (t) => t.labelNeutral },
  { key: '3', label: 'positive', name: (t) => t.labelPositive },
  { key: '0', label: 'not_relevant', name: (t) => t.labelNotRelevant },
  { key: '9', label: 'not_indonesian', name: (t) => t.labelNotIndonesian },
];
const nameOf = (t: Labels, label: GoldLabel) => CHOICES.find((c) => c.label === label)?.name(t) ?? label;

// Fetch more items when the local queue runs this low, so the next post is always ready.
const REFILL_BELOW = 5;
const PAGE = 50;

/** Keys typed into a form field belong to the field, not to the labelling shortcuts. */
function typingInField(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (!target) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Only http(s) links of original posts are followed: a `javascript:` URL from a collector must not run here. */
function safeUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/**
 * The labelling view: the tasks, then one sampled post at a time with the model's label hidden. Each label is POSTed
 * at once; undo brings the last post back and its new label is stored as a revision.
 */
export function Labelling(props: { t: Labels; apiKey: string; taskId: number | null; topics: { id: number; name: string }[] }) {
  const { t, apiKey } = props;
  const [tasks, setTasks] = useState<Task[] | null>(null);
  const [remaining, setRemaining] = useState<Record<number, number>>({});
  const [forbidden, setForbidden] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const fail = (e: unknown) => {
    if (e instanceof ApiError && e.status === 403) setForbidden(true);
    else setError(e instanceof Error ? e.message : String(e));
  };

  useEffect(() => {
    let stale = false;
    (async () => {
      const api = apiClient(apiKey);
      const list = await answer(api.GET('/v1/annotation/tasks'));
      // Listing tasks needs only read; asking each task what is left for this key also tells, before any click,
      // whether the key may label at all (403 without the annotate scope).
      const left = await Promise.all(
        list.data.map((x) =>
          answer(api.GET('/v1/annotation/tasks/{id}/items', { params: { path: { id: x.id }, query: { annotator: 'me', limit: 1 } } })).then(
            (r) => [x.id, r.data.remaining] as const,
          ),
        ),
      );
      if (stale) return;
      setTasks(list.data);
      setRemaining(Object.fromEntries(left));
    })().catch((e: unknown) => {
      if (!stale) fail(e);
    });
    return () => {
      stale = true;
    };
  }, [apiKey, props.taskId]);

  if (forbidden)
    return html`<section class="labelling"><p class="notice" role="alert" data-testid="no-annotate">${t.noAnnotate}</p></section>`;
  const task = props.taskId === null ? undefined : tasks?.find((x) => x.id === props.taskId);
  // Keyed by task: going straight from one task's address to another's starts that task's own queue.
  return html`<section class="labelling" aria-labelledby="h-labelling">
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    ${
      task
        ? html`<${TaskLabelling} key=${task.id} t=${t} apiKey=${apiKey} task=${task} onForbidden=${() => setForbidden(true)} />`
        : html`<h2 id="h-labelling">${t.tasks}</h2>
          ${tasks === null && !error ? html`<p class="status" role="status">${t.loading}</p>` : null}
          ${tasks && tasks.length === 0 ? html`<p>${t.noTasks}</p>` : null}
          ${
            tasks && tasks.length > 0
              ? html`<div class="scroll"><table class="data" data-testid="tasks"><thead><tr><th>${t.task}</th><th>${t.window}</th><th>${t.topic}</th><th>${t.sampled} / ${t.population}</th><th>${t.leftForYou}</th><th></th></tr></thead><tbody>
                ${tasks.map(
                  (x) => html`<tr data-task=${x.id}><td>${x.name} <small>#${x.id}</small></td><td>${x.from} – ${x.to}</td>
                    <td>${x.topic === null ? t.allPosts : (props.topics.find((tp) => tp.id === x.topic)?.name ?? `#${x.topic}`)}</td>
                    <td>${x.sampled} / ${x.population}</td><td data-field="remaining">${remaining[x.id] ?? '–'}</td><td><a class="button" href=${`#label/${x.id}`}>${t.startLabelling}</a></td></tr>`,
                )}
              </tbody></table></div>`
              : null
          }`
    }
  </section>`;
}

/** One task, one post at a time. */
function TaskLabelling(props: { t: Labels; apiKey: string; task: Task; onForbidden: () => void }) {
  const { t, apiKey, task } = props;
  // The queue lives in a ref so that keys pressed faster than Preact re-renders act on the post actually shown.
  const session = useRef({
    queue: [] as Item[],
    skipped: new Set<string>(),
    history: [] as { item: Item; label: GoldLabel }[],
    previous: new Map<string, GoldLabel>(),
    pending: Promise.resolve(),
    inFlight: 0,
    loaded: false,
    remaining: 0,
  }).current;
  const [, setVersion] = useState(0);
  const rerender = () => setVersion((v) => v + 1);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [message, setMessage] = useState('');
  const [error, setError] = useState<string | null>(null);

  const fail = (e: unknown) => {
    if (e instanceof ApiError && e.status === 403) props.onForbidden();
    else setError(e instanceof Error ? e.message : String(e));
  };

  const refreshProgress = async () => {
    const r = await answer(apiClient(apiKey).GET('/v1/annotation/tasks/{id}', { params: { path: { id: task.id } } }));
    setProgress(r.data.progress);
  };

  const refill = async () => {
    const r = await answer(
      apiClient(apiKey).GET('/v1/annotation/tasks/{id}/items', {
        // Skipped posts come back first in sample order, so ask for enough to get past them (the API allows 500).
        params: { path: { id: task.id }, query: { annotator: 'me', limit: Math.min(500, PAGE + session.skipped.size) } },
      }),
    );
    const shown = new Set(session.queue.map((i) => i.postId));
    // A label still on its way has not left the server's list yet: never offer that post again.
    const sent = new Set(session.history.map((x) => x.item.postId));
    session.queue.push(...r.data.items.filter((i) => !shown.has(i.postId) && !session.skipped.has(i.postId) && !sent.has(i.postId)));
    session.remaining = r.data.remaining;
    session.loaded = true;
    rerender();
  };

  useEffect(() => {
    Promise.all([refreshProgress(), refill()]).catch(fail);
  }, [task.id]);

  const label = (choice: GoldLabel) => {
    const item = session.queue.shift();
    if (!item) return;
    const relabel = session.previous.has(item.postId);
    session.previous.delete(item.postId);
    session.history.push({ item, label: choice });
    if (!relabel) session.remaining = Math.max(0, session.remaining - 1);
    setMessage(`${t.saved}: ${nameOf(t, choice)}`);
    setError(null);
    session.inFlight += 1;
    // Labels go out one after another in the order given, so a relabel always lands after the label it revises.
    session.pending = session.pending
      .then(() =>
        answer(
          apiClient(apiKey).POST('/v1/annotation/tasks/{id}/labels', {
            params: { path: { id: task.id } },
            body: { postId: item.postId, label: choice },
          }),
        ),
      )
      .then(
        () => undefined,
        (e: unknown) => {
          // The label was not stored: show the post again so it is not silently lost.
          session.history = session.history.filter((x) => x.item !== item);
          session.queue.unshift(item);
          if (!relabel) session.remaining += 1;
          fail(e);
        },
      )
      .finally(() => {
        session.inFlight -= 1;
        if (session.inFlight === 0) {
          refreshProgress().catch(fail);
          if (session.queue.length < REFILL_BELOW && session.remaining > session.queue.length) refill().catch(fail);
        }
        rerender();
      });
    rerender();
  };

  const skip = () => {
    const item = session.queue.shift();
    if (!item) return;
    session.skipped.add(item.postId);
    setMessage(t.skipped);
    if (session.queue.length < REFILL_BELOW && session.inFlight === 0) refill().catch(fail);
    rerender();
  };

  const undo = () => {
    const last = session.history.pop();
    if (!last) return;
    session.previous.set(last.item.postId, last.label);
    session.queue.unshift(last.item);
    setMessage(t.undone);
    rerender();
  };

  const showSkipped = () => {
    session.skipped.clear();
    refill().catch(fail);
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.repeat || typingInField(event)) return;
      const choice = CHOICES.find((c) => c.key === event.key);
      const key = event.key.toLowerCase();
      if (choice) label(choice.label);
      else if (key === 's') skip();
      else if (key === 'u') undo();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [task.id, t]);

  const item = session.queue[0];
  const previous = item ? session.previous.get(item.postId) : undefined;
  const link = safeUrl(item?.url ?? null);
  const sampled = progress?.sampled ?? task.sampled;
  const labelled = progress?.labelled ?? 0;
  return html`<div class="task-labelling" data-testid="labelling">
    <p><a href="#label">← ${t.backToTasks}</a></p>
    <h2 id="h-labelling">${t.labellingView}: ${task.name} <small>#${task.id} · ${task.from} – ${task.to}</small></h2>
    <div class="progress" aria-live="polite" data-testid="progress">
      <progress max=${Math.max(1, sampled)} value=${labelled} aria-label=${t.labelled}></progress>
      <span><b>${t.labelled}</b> <span data-testid="labelled">${labelled}</span> / <span data-testid="sampled">${sampled}</span>${' · '}${t.leftForYou} <span data-testid="remaining">${session.remaining}</span></span>
    </div>
    <p class="muted">${t.guideline}</p>
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    ${!session.loaded ? html`<p class="status" role="status">${t.loading}</p>` : null}
    ${
      session.loaded && !item
        ? session.skipped.size > 0
          ? html`<p class="notice" data-testid="only-skipped">${t.onlySkipped} <button type="button" onClick=${showSkipped}>${t.showSkipped} (${session.skipped.size})</button></p>`
          : html`<p class="notice" data-testid="all-done">${t.allDone}</p>`
        : null
    }
    ${
      item
        ? html`<article class="post" data-post-id=${item.postId} aria-label=${t.post}>
          <p class="meta">${item.platform} · ${item.publishedAt.slice(0, 16).replace('T', ' ')}${
            link ? html` · <a href=${link} target="_blank" rel="noopener noreferrer">${t.openOriginal} ↗</a>` : null
          }</p>
          <p class="text" lang="id">${item.text ?? html`<i>${t.removed}</i>`}</p>
          ${previous ? html`<p class="muted" data-testid="previous">${t.previousLabel}: ${nameOf(t, previous)}</p>` : null}
        </article>`
        : null
    }
    <div class="choices" role="group" aria-label=${t.keysHelp}>
      ${CHOICES.map(
        (c) =>
          html`<button type="button" class=${`choice ${c.label}`} data-label=${c.label} aria-keyshortcuts=${c.key} disabled=${!item} onClick=${() => label(c.label)}><kbd>${c.key}</kbd> ${c.name(t)}</button>`,
      )}
      <button type="button" class="choice skip" aria-keyshortcuts="S" disabled=${!item} onClick=${skip}><kbd>S</kbd> ${t.skip}</button>
      <button type="button" class="choice undo" aria-keyshortcuts="U" disabled=${session.history.length === 0} onClick=${undo}><kbd>U</kbd> ${t.undo}</button>
    </div>
    <p class="muted keys">${t.keysHelp}</p>
    <p class="sr-only" aria-live="polite" data-testid="status">${message}</p>
  </div>`;
}
