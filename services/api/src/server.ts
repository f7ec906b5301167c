import type { App } from './app.ts';

/** Opens the port; resolves with the address the API answers on. */
export async function listen(app: App, options: { host: string; port: number }): Promise<string> {
  return app.listen({ host: options.host, port: options.port });
}
