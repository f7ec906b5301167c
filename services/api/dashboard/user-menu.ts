import htm from 'htm';
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { type Answer, answer, apiClient, SESSION_KEY } from './api.ts';
import type { Labels } from './i18n.ts';

const html = htm.bind(h);

/** Who is signed in, as GET /v1/auth/session says. */
export type Me = Answer<'/v1/auth/session'>['data'];

/** Who is signed in with `key` (a session or an API key); null until known or when the API cannot tell. */
export function useMe(key: string | null): Me | null {
  const [me, setMe] = useState<Me | null>(null);
  useEffect(() => {
    setMe(null);
    if (!key) return;
    answer(apiClient(key).GET('/v1/auth/session'))
      .then((r) => setMe(r.data))
      .catch(() => setMe(null));
  }, [key]);
  return me;
}

/** The user menu: who is signed in and their role, sign out, and (for a person) end every session everywhere. */
export function UserMenu(props: { t: Labels; apiKey: string; me: Me | null; onSignOut: () => void }) {
  const { t, apiKey, me } = props;
  const [busy, setBusy] = useState(false);
  const end = async (everywhere: boolean) => {
    setBusy(true);
    try {
      if (apiKey === SESSION_KEY || everywhere) {
        const api = apiClient(apiKey);
        await (everywhere ? api.POST('/v1/auth/sign-out-everywhere') : api.POST('/v1/auth/sign-out'));
      }
    } finally {
      setBusy(false);
      props.onSignOut();
    }
  };
  const role = me?.user ? (t.roles[me.user.role] ?? me.user.role) : null;
  return html`<span class="user-menu" data-testid="user-menu">
    ${me ? html`<span class="who">${t.signedInAs} <strong data-testid="user-name">${me.user?.name ?? t.keyUser}</strong>${role ? html` · <span data-testid="user-role">${role}</span>` : null}</span>` : null}
    <button onClick=${() => void end(false)} disabled=${busy}>${t.signOut}</button>
    ${me?.user ? html`<button onClick=${() => void end(true)} disabled=${busy} data-testid="sign-out-everywhere">${t.signOutEverywhere}</button>` : null}
  </span>`;
}
