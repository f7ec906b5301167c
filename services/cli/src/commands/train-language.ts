import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serializeLanguageCounts } from '@pantau/text';
import { buildLanguageModel } from '@pantau/text/language-model-build';
import { type CommandSpec, parseCommand } from '../spec.ts';

const SHIPPED = fileURLToPath(new URL('../../../../packages/text/data/regional-languages.tsv', import.meta.url));

/** `pantau train-language --help`. */
export const spec = {
  usage: ['train-language [--data DIR] [--out FILE]'],
  description:
    'Rebuilds the regional-language identifier (character n-gram naive Bayes over Indonesian and the ten NusaX languages) from the shared data: every setting chosen on the seeded dev split of the train files, the held-out files never read. Same data, same file, byte for byte (about 150 s of CPU). Score it with packages/text/scripts/evaluate-language-id.ts.',
  options: {
    data: { type: 'string', value: 'DIR', description: 'training data folder (default: ../shared/data/)' },
    out: { type: 'string', value: 'FILE', description: 'where to write the counts (default: packages/text/data/regional-languages.tsv)' },
  },
  examples: ['train-language', 'train-language --out /tmp/regional-languages.tsv'],
} satisfies CommandSpec;

/** `pantau train-language [--data DIR] [--out FILE]`: rebuilds the regional-language counts and prints the dev choices. */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommand('train-language', spec, argv);
  const { counts, report } = await buildLanguageModel(values.data);
  for (const line of report) console.log(line);
  const out = values.out ?? SHIPPED;
  writeFileSync(out, serializeLanguageCounts(counts));
  console.log(`wrote ${out}`);
  return 0;
}
