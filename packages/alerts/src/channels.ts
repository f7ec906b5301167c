import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import type { AlertPayload } from './evaluate.ts';

/** The words of an alert in one language. */
const WORDS = {
  id: {
    subject: 'Peringatan Pantau',
    examples: 'Contoh unggahan',
    open: 'Buka di dasbor',
    method: 'Aturan',
    removed: '(teks dihapus: melewati masa simpan)',
    numbers: 'Angka',
  },
  en: {
    subject: 'Pantau alert',
    examples: 'Example posts',
    open: 'Open in the dashboard',
    method: 'Rule',
    removed: '(text removed by retention)',
    numbers: 'Numbers',
  },
} as const;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** An alert as an e-mail in one language: subject, plain text and HTML (examples with links, a link back). */
export function renderAlertEmail(payload: AlertPayload, language: 'id' | 'en'): { subject: string; text: string; html: string } {
  const w = WORDS[language];
  const headline = payload.headline[language];
  const numbers = Object.entries(payload.numbers)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k}: ${v}`);
  const examples = payload.examples.map((e) => ({ ...e, shown: e.text ?? w.removed }));
  const text = [
    headline,
    '',
    `${w.numbers}: ${numbers.join(' · ')}`,
    ...(examples.length
      ? ['', `${w.examples}:`, ...examples.map((e) => `- [${e.platform}, ${e.label}] ${e.shown}${e.url ? ` <${e.url}>` : ''}`)]
      : []),
    '',
    `${w.open}: ${payload.link}`,
    `${w.method} (${payload.rule.name}): ${payload.method}`,
  ].join('\n');
  const html = `<!doctype html><html lang="${language}"><body style="font-family:sans-serif;max-width:36rem">
<p><b>${escapeHtml(headline)}</b></p>
<p>${escapeHtml(w.numbers)}: ${escapeHtml(numbers.join(' · '))}</p>
${
  examples.length
    ? `<p>${escapeHtml(w.examples)}:</p><ul>${examples
        .map(
          (e) =>
            `<li>[${escapeHtml(e.platform)}, ${escapeHtml(e.label)}] ${escapeHtml(e.shown)}${e.url ? ` <a href="${escapeHtml(e.url)}">${escapeHtml(e.url)}</a>` : ''}</li>`,
        )
        .join('')}</ul>`
    : ''
}
<p><a href="${escapeHtml(payload.link)}">${escapeHtml(w.open)}</a></p>
<p style="color:#555">${escapeHtml(w.method)} (${escapeHtml(payload.rule.name)}): <span lang="en">${escapeHtml(payload.method)}</span></p>
</body></html>`;
  return { subject: `${w.subject}: ${headline}`.slice(0, 200), text, html };
}

/** The JSON a webhook receives: the alert, with `text` (one line in the rule's language) for chat relays. */
export function webhookBody(payload: AlertPayload, ids: { alertId: number; deliveryId: number }, language: 'id' | 'en'): string {
  return JSON.stringify({
    type: 'pantau.alert',
    alertId: ids.alertId,
    deliveryId: ids.deliveryId,
    text: `${payload.headline[language]} ${payload.link}`,
    ...payload,
  });
}

/**
 * The signature header of a webhook body: `t=<unix seconds>,v1=<hex HMAC-SHA-256 of "<t>.<body>" with the secret>`.
 * Receivers recompute it, compare in constant time and refuse old timestamps (replays).
 */
export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/** Checks a `X-Pantau-Signature` header against the body (for receivers, and the tests that play one). */
export function verifyWebhook(
  secret: string,
  body: string,
  header: string,
  options: { nowSeconds: number; toleranceSeconds?: number },
): boolean {
  const parts = Object.fromEntries(header.split(',').map((kv) => kv.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(options.nowSeconds - t) > (options.toleranceSeconds ?? 300) || !parts.v1) return false;
  const expected = Buffer.from(signWebhook(secret, body, t).split('v1=')[1] as string, 'hex');
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Sends e-mail and webhook deliveries. */
export interface Senders {
  email(to: string, message: { subject: string; text: string; html: string; messageId: string }): Promise<void>;
  webhook(url: string, body: string, headers: Record<string, string>): Promise<void>;
  close(): void;
}

/** Senders over SMTP (SMTP_URL; null: e-mail deliveries fail with a clear error) and HTTPS/HTTP POST. */
export function createSenders(options: { smtpUrl: string | null; from: string; timeoutMs?: number }): Senders {
  const { smtpUrl } = options;
  // nodemailer loads with the first e-mail: a process that never sends one (the analysis service without SMTP_URL, or
  // before its first alert) does not pay its import.
  let transport: Promise<Transporter> | null = null;
  let created: Transporter | null = null;
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    async email(to, message) {
      if (!smtpUrl) throw new Error('SMTP_URL is not set: e-mail alerts cannot be sent');
      transport ??= import('nodemailer').then(({ default: nodemailer }) => {
        created = nodemailer.createTransport(smtpUrl);
        return created;
      });
      await (await transport).sendMail({ from: options.from, to, ...message });
    },
    async webhook(url, body, headers) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'pantau-alerts', ...headers },
        body,
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
      // The body is not read beyond what is needed to free the connection.
      await res.body?.cancel();
      if (!res.ok) throw new Error(`webhook answered ${res.status}`);
    },
    close() {
      created?.close();
    },
  };
}
