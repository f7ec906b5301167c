import htm from 'htm';
import { type ComponentChildren, h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { rememberCsrfToken } from './api.ts';
import type { Labels } from './i18n.ts';

const html = htm.bind(h);

/** Picks up a session the browser already has (cookie): true when signed in, with its CSRF token remembered. */
export async function restoreSession(): Promise<boolean> {
  // The API's script-readable companion of the (HttpOnly) session cookie: without it there is no session to ask about.
  if (!document.cookie.split('; ').includes('pantau_signed_in=1')) return false;
  try {
    const res = await fetch('/v1/auth/session', { headers: { accept: 'application/json' } });
    if (!res.ok) return false;
    const body = (await res.json()) as { data: { via: string; csrfToken: string | null } };
    if (body.data.via !== 'session' || !body.data.csrfToken) return false;
    rememberCsrfToken(body.data.csrfToken);
    return true;
  } catch {
    return false;
  }
}

/** Why a single sign-on came back without a session (`?signIn=reason`), read once and taken out of the address. */
function ssoOutcome(): string | null {
  const params = new URLSearchParams(window.location.search);
  const reason = params.get('signIn');
  if (!reason) return null;
  params.delete('signIn');
  const rest = params.toString();
  history.replaceState(history.state, '', `${window.location.pathname}${rest ? `?${rest}` : ''}${window.location.hash}`);
  return reason;
}

/**
 * The sign-in page: user name and password, the agency's single sign-on when configured, and (as `children`) the API
 * key form for machines. After signing in the dashboard opens on the view of the address it was opened with.
 */
export function SignInPage(props: { t: Labels; onSession: () => void; children?: ComponentChildren }) {
  const { t } = props;
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sso, setSso] = useState(false);
  useEffect(() => {
    const reason = ssoOutcome();
    if (reason) setError(t.ssoFailed(reason));
    fetch('/v1/auth/providers')
      .then((r) => (r.ok ? r.json() : null))
      .then((body: { data: { oidc: boolean } } | null) => setSso(body?.data.oidc === true))
      .catch(() => setSso(false));
  }, []);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      const res = await fetch('/v1/auth/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ name: name.trim(), password }),
      });
      const body = (await res.json()) as {
        data?: { csrfToken: string };
        error?: { code: string; message: string; details?: { retryAfterSeconds?: number } };
      };
      if (res.ok && body.data) {
        rememberCsrfToken(body.data.csrfToken);
        setPassword('');
        props.onSession();
        return;
      }
      setError(
        body.error?.code === 'RATE_LIMITED'
          ? t.lockedOut(body.error.details?.retryAfterSeconds ?? 60)
          : res.status === 401
            ? t.wrongPassword
            : (body.error?.message ?? `HTTP ${res.status}`),
      );
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const returnTo = `${window.location.pathname}${window.location.search}${window.location.hash}`;
  return html`<section class="signin-page" data-testid="sign-in">
    <form class="signin" onSubmit=${submit}>
      <h1>${t.title}</h1>
      <label>${t.userName} <input name="userName" autocomplete="username" required value=${name} onInput=${(e: Event) => setName((e.target as HTMLInputElement).value)} /></label>
      <label>${t.password} <input type="password" name="password" autocomplete="current-password" required value=${password} onInput=${(e: Event) => setPassword((e.target as HTMLInputElement).value)} /></label>
      <input type="submit" value=${t.signInPassword} disabled=${busy} data-testid="password-sign-in" />
      ${error ? html`<p class="error" role="alert" data-testid="sign-in-error">${error}</p>` : null}
      ${sso ? html`<p>${t.or}</p><a class="button" data-testid="sso-sign-in" href=${`/v1/auth/oidc/start?returnTo=${encodeURIComponent(returnTo)}`}>${t.signInSso}</a>` : null}
    </form>
    <section class="advanced" aria-label=${t.advancedKey}>
      <h2>${t.advancedKey}</h2>
      ${props.children}
    </section>
  </section>`;
}
