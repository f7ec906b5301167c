import htm from 'htm';
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { type Answer, ApiError, answer, apiClient } from './api.ts';
import type { Labels } from './i18n.ts';

const html = htm.bind(h);

type User = Answer<'/v1/users'>['data'][number];
type Role = User['role'];
const ROLES: Role[] = ['viewer', 'analyst', 'admin'];

/** The users page (admins): create users, change roles, disable or enable them, reset passwords. */
export function UsersAdmin(props: { t: Labels; apiKey: string }) {
  const { t, apiKey } = props;
  const [users, setUsers] = useState<User[]>([]);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [draft, setDraft] = useState({ name: '', role: 'viewer' as Role, password: '' });
  const [passwords, setPasswords] = useState<Record<number, string>>({});
  const api = apiClient(apiKey);

  const load = async () => setUsers((await answer(api.GET('/v1/users'))).data);
  // Every change reloads the list and says how it went; an API error is shown in its own words.
  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      setMessage({ text: t.saved, error: false });
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
    void act(async () => {
      await answer(api.POST('/v1/users', { body: draft }));
      setDraft({ name: '', role: 'viewer', password: '' });
    });
  };
  const patch = (id: number, body: { role?: Role; disabled?: boolean }) =>
    act(() => answer(api.PATCH('/v1/users/{id}', { params: { path: { id } }, body })));
  const reset = (id: number) =>
    act(async () => {
      await answer(api.POST('/v1/users/{id}/password', { params: { path: { id } }, body: { password: passwords[id] ?? '' } }));
      setPasswords({ ...passwords, [id]: '' });
    });

  return html`<section class="users-admin" data-testid="users-admin">
    <h1>${t.usersTitle}</h1>
    <p>${t.usersIntro}</p>
    ${message ? html`<p class=${message.error ? 'error' : 'notice'} role=${message.error ? 'alert' : 'status'}>${message.text}</p>` : null}
    <div class="scroll"><table>
      <thead><tr><th>${t.userName}</th><th>${t.role}</th><th>${t.state}</th><th>${t.resetPassword}</th></tr></thead>
      <tbody>
        ${users.map(
          (u) => html`<tr data-user=${u.name}>
            <td>${u.name}${u.sso ? html` <small>(${t.sso})</small>` : null}</td>
            <td><select name="role" aria-label=${`${t.role}: ${u.name}`} value=${u.role} onChange=${(e: Event) => void patch(u.id, { role: (e.target as HTMLSelectElement).value as Role })}>
              ${ROLES.map((r) => html`<option value=${r}>${t.roles[r]}</option>`)}
            </select></td>
            <td>${u.disabledAt ? t.disabled : t.active}
              <button onClick=${() => void patch(u.id, { disabled: !u.disabledAt })}>${u.disabledAt ? t.enable : t.disable}</button></td>
            <td><input type="password" autocomplete="new-password" aria-label=${`${t.newPassword}: ${u.name}`} value=${passwords[u.id] ?? ''}
              onInput=${(e: Event) => setPasswords({ ...passwords, [u.id]: (e.target as HTMLInputElement).value })} />
              <button onClick=${() => void reset(u.id)}>${t.resetPassword}</button></td>
          </tr>`,
        )}
      </tbody>
    </table></div>
    <form class="new-user" onSubmit=${create}>
      <h2>${t.newUser}</h2>
      <label>${t.userName} <input name="newName" required value=${draft.name} onInput=${(e: Event) => setDraft({ ...draft, name: (e.target as HTMLInputElement).value })} /></label>
      <label>${t.role} <select name="newRole" value=${draft.role} onChange=${(e: Event) => setDraft({ ...draft, role: (e.target as HTMLSelectElement).value as Role })}>
        ${ROLES.map((r) => html`<option value=${r}>${t.roles[r]}</option>`)}
      </select></label>
      <label>${t.newPassword} <input type="password" name="newPassword" autocomplete="new-password" required minLength=${10} value=${draft.password} onInput=${(e: Event) => setDraft({ ...draft, password: (e.target as HTMLInputElement).value })} /></label>
      <input type="submit" value=${t.create} />
    </form>
  </section>`;
}
