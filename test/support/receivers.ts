import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '@pantau/alerts';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A webhook call as the receiver saw it: path, body, whether its signature verified, its delivery id. */
export interface ReceivedHook {
  path: string;
  body: string;
  valid: boolean;
  delivery: string;
}

/** A local SMTP server on a free port that parses every mail it accepts into `mails`. */
export async function startMailCatcher(mails: ParsedMail[]): Promise<{ port: number; close(): Promise<void> }> {
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          mails.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  return {
    port: (smtp.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}

/**
 * A local HTTP receiver that checks each call's signature with `secret` at the test's clock and records it in `hooks`:
 * it answers 500 on `/fail`, 204 to a valid signature and 401 otherwise.
 */
export async function startWebhookReceiver(
  hooks: ReceivedHook[],
  secret: string,
  nowMs: () => number,
): Promise<{ url: string; close(): Promise<void> }> {
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      const valid = verifyWebhook(secret, body, String(req.headers['x-pantau-signature'] ?? ''), {
        nowSeconds: Math.floor(nowMs() / 1000),
      });
      hooks.push({ path: req.url ?? '', body, valid, delivery: String(req.headers['x-pantau-delivery'] ?? '') });
      res.statusCode = req.url === '/fail' ? 500 : valid ? 204 : 401;
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => receiver.close(() => resolve())),
  };
}

/** Waits until `check` holds, polling every 50 ms; fails naming `what` after `timeoutMs`. */
export async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
