// Development tooling, not part of the running API: the OpenAPI document as the routes describe it, its lint, and the
// dashboard's client types generated from it. `pnpm --filter @pantau/api openapi` rewrites the committed types.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { openDatabase } from '@pantau/db';
import { loadSentimentModel } from '@pantau/sentiment';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildApp } from './app.ts';

/** The committed client types of the dashboard, generated from the document. */
export const API_TYPES_FILE = fileURLToPath(new URL('../dashboard/api-types.ts', import.meta.url));

const HEADER =
  "// Generated from the API's OpenAPI document by openapi-typescript: do not edit; run `pnpm --filter @pantau/api openapi`.\n\n";

/** The OpenAPI document of the routes as `buildApp` registers them (an in-memory database, no port). */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const handle = await openDatabase({ dataDir: 'memory://' });
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  const app = await buildApp({
    db: handle.db,
    pingDatabase: () => handle.ping(),
    model: await loadSentimentModel(),
    software: { version, commit: 'document' },
  });
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
    await handle.close();
  }
}

/** The TypeScript types of a document's paths, operations and components, as the committed file holds them. */
export async function clientTypes(document: Record<string, unknown>): Promise<string> {
  return HEADER + astToString(await openapiTS(JSON.stringify(document)));
}

/** One problem `redocly lint` reports. */
export interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: string;
}

/** Lints a document with Redocly's recommended rules; every problem found, errors and warnings alike. */
export async function lintDocument(document: Record<string, unknown>): Promise<LintProblem[]> {
  const require = createRequire(import.meta.url);
  const cli = join(require.resolve('@redocly/cli/package.json'), '..', 'bin', 'cli.js');
  const dir = await mkdtemp(join(tmpdir(), 'pantau-openapi-'));
  try {
    const file = join(dir, 'openapi.json');
    await writeFile(file, JSON.stringify(document));
    // Exit code 1 when errors are found: the JSON report on stdout says which.
    const { stdout } = await promisify(execFile)(process.execPath, [cli, 'lint', file, '--format=json', '--extends=recommended'], {
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      maxBuffer: 64 * 1024 * 1024,
    }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as {
      problems: { ruleId: string; severity: 'error' | 'warn'; message: string; location: { pointer: string }[] }[];
    };
    return report.problems.map((p) => ({
      ruleId: p.ruleId,
      severity: p.severity,
      message: p.message,
      location: p.location[0]?.pointer ?? '',
    }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const document = await openApiDocument();
  writeFileSync(API_TYPES_FILE, await clientTypes(document));
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
