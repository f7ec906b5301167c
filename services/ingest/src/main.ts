import { loadEnv } from '@pantau/config';
import { isEntryPoint, onShutdown, openResources, runMain } from '@pantau/runtime';
import { pollQueriesOf } from './config.ts';
import { start } from './start.ts';

/**
 * The ingest service alone: polls every query of INGEST_QUERIES on its schedule and publishes to `posts.raw` until
 * SIGTERM. It does not analyse: run the analysis service beside it (or `pantau poll`, which does both embedded).
 */
export async function main(env = loadEnv()): Promise<void> {
  const queries = pollQueriesOf(env);
  const resources = await openResources(env);
  const ingest = start(resources, queries);
  onShutdown(resources.logger, async () => {
    await ingest.stop();
    await resources.close();
  });
}

if (isEntryPoint(import.meta.url)) runMain('ingest', () => main());
