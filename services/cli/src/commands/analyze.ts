import { loadEnv } from '@pantau/config';
import { type CommandSpec, parseCommand } from '../spec.ts';

/** `pantau analyze --help`. */
export const spec = {
  usage: ['analyze'],
  description:
    'Consumes posts.raw as one member of the KAFKA_GROUP_ID consumer group and writes analysed posts and rollups until SIGTERM. Needs KAFKA_BROKERS (embedded, `pantau start` analyses in its own process).',
  options: {},
  examples: ['analyze', 'KAFKA_BROKERS=localhost:9092 DATABASE_URL=postgres://… pantau analyze'],
} satisfies CommandSpec;

/** `pantau analyze`: the analysis service alone, one member of the consumer group on `posts.raw`. */
export async function run(argv: string[]): Promise<number> {
  parseCommand('analyze', spec, argv);
  const env = loadEnv();
  // Loaded here: the model and TensorFlow.js take seconds to import.
  const { main } = await import('@pantau/analysis');
  await main(env);
  return new Promise<number>(() => {});
}
