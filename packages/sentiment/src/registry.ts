import { appendFileSync, existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PantauError } from '@pantau/contracts';
import { type ModelManifest, type ModelSpec, sha256File } from './model.ts';

/** The file naming the active version inside a models folder. */
export const ACTIVE_FILE = 'ACTIVE';
/** The activation history inside a models folder: one line per switch, oldest first. */
export const HISTORY_FILE = 'HISTORY';

/** One line of the activation history. */
export interface ActivationRecord {
  at: string;
  action: 'activate' | 'rollback';
  version: string;
  /** The version that was active before this line, when there was one. */
  from: string | null;
}

/** A version folder of a models folder, with its manifest when it reads, and what is wrong with it when anything is. */
export interface ModelEntry {
  version: string;
  dir: string;
  manifest: ModelManifest | null;
  /** Why the folder is not a complete model (null when every check passed). */
  problem: string | null;
  active: boolean;
}

const VERSION = /^[\w.-]+$/;

/** The version `ACTIVE` names, or null when there is no ACTIVE file. */
export function activeVersion(modelsDir: string): string | null {
  const file = join(modelsDir, ACTIVE_FILE);
  if (!existsSync(file)) return null;
  const version = readFileSync(file, 'utf8').trim();
  return version === '' ? null : version;
}

/**
 * Checks that `models/<version>/` is a complete model as the loader reads it: manifest.json and model.json parse, the
 * manifest names this version, the weights file has the size model.json gives, and every file the manifest hashes
 * (the weights' sha256 always) has that sha256; an emotion head and a regional head, when present, are checked the
 * same way. Throws
 * MODEL_UNAVAILABLE naming the first problem; returns the manifest.
 */
export function checkModelFolder(modelsDir: string, version: string): ModelManifest {
  if (!VERSION.test(version)) throw new PantauError('INVALID_INPUT', `version ${JSON.stringify(version)}: letters, digits, . _ - only`);
  const dir = join(modelsDir, version);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new PantauError('NOT_FOUND', `no model ${version} in ${modelsDir} (pantau model list shows the versions)`);
  }
  const manifest = checkFolder(dir, version, 'model') as ModelManifest;
  const emotion = join(dir, 'emotion');
  if (existsSync(emotion)) checkFolder(emotion, null, 'emotion head');
  const regional = join(dir, 'regional');
  if (existsSync(regional)) checkFolder(regional, null, 'regional head');
  return manifest;
}

function checkFolder(dir: string, version: string | null, what: string): ModelManifest {
  const unavailable = (problem: string) => new PantauError('MODEL_UNAVAILABLE', `${what} ${version ?? dir}: ${problem}`);
  const read = <T>(file: string): T => {
    const path = join(dir, file);
    if (!existsSync(path)) throw unavailable(`${file} is missing`);
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as T;
    } catch {
      throw unavailable(`${file} is not JSON`);
    }
  };
  const manifest = read<ModelManifest>('manifest.json');
  const spec = read<Partial<ModelSpec>>('model.json');
  if (version !== null && manifest.version !== version) {
    throw unavailable(`manifest.json names version ${JSON.stringify(manifest.version)}, not the folder's ${version}`);
  }
  const weights = spec.weights;
  if (!weights?.file || !Array.isArray(weights.shape)) throw unavailable('model.json names no weights file and shape');
  const weightsPath = join(dir, weights.file);
  if (!existsSync(weightsPath)) throw unavailable(`${weights.file} is missing`);
  const expectedBytes = weights.shape.reduce((a, b) => a * b, 1) * 4;
  const bytes = statSync(weightsPath).size;
  if (bytes !== expectedBytes) throw unavailable(`${weights.file} has ${bytes} bytes, model.json's shape needs ${expectedBytes}`);
  if (typeof manifest.sha256 !== 'string' || manifest.sha256 === '') throw unavailable('manifest.json records no weights sha256');
  const hashes: Record<string, string> = { ...(manifest.files ?? {}), [weights.file]: manifest.sha256 };
  for (const [file, sha256] of Object.entries(hashes)) {
    const path = join(dir, file);
    if (!existsSync(path)) throw unavailable(`${file} is missing (manifest.json records its sha256)`);
    const actual = sha256File(path);
    if (actual !== sha256) throw unavailable(`${file} has sha256 ${actual.slice(0, 16)}…, manifest.json records ${sha256.slice(0, 16)}…`);
  }
  return manifest;
}

/** Every version folder of a models folder (sorted by version), each checked, the active one marked. */
export function listModels(modelsDir: string): ModelEntry[] {
  if (!existsSync(modelsDir)) return [];
  const active = activeVersion(modelsDir);
  return readdirSync(modelsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && VERSION.test(e.name) && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort(compareVersions)
    .map((version) => {
      const dir = join(modelsDir, version);
      let manifest: ModelManifest | null = null;
      let problem: string | null = null;
      try {
        manifest = checkModelFolder(modelsDir, version);
      } catch (error) {
        problem = error instanceof Error ? error.message : String(error);
        try {
          manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ModelManifest;
        } catch {
          manifest = null;
        }
      }
      return { version, dir, manifest, problem, active: version === active };
    });
}

const numericParts = (v: string) => /^(\d+)\.(\d+)\.(\d+)$/.exec(v)?.slice(1).map(Number) ?? null;

/** Orders versions: numeric x.y.z by their numbers, before any other name (in string order). */
export function compareVersions(a: string, b: string): number {
  const [pa, pb] = [numericParts(a), numericParts(b)];
  if (pa && pb) {
    for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] as number) - (pb[i] as number);
    return 0;
  }
  if (pa) return -1;
  if (pb) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The next patch version after the highest x.y.z folder of a models folder (1.1.0 → 1.1.1), or 1.0.0 for none. */
export function nextPatchVersion(modelsDir: string): string {
  const numeric = existsSync(modelsDir)
    ? readdirSync(modelsDir)
        .map((name) => numericParts(name))
        .filter((p): p is number[] => p !== null)
        .sort((a, b) => compareVersions(a.join('.'), b.join('.')))
    : [];
  const highest = numeric.at(-1);
  return highest ? `${highest[0]}.${highest[1]}.${(highest[2] as number) + 1}` : '1.0.0';
}

/** The activation history of a models folder, oldest first (empty when nothing was switched through it yet). */
export function activationHistory(modelsDir: string): ActivationRecord[] {
  const file = join(modelsDir, HISTORY_FILE);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line, i) => {
      const [at, action, version, fromWord, from] = line.trim().split(/\s+/);
      if (!at || (action !== 'activate' && action !== 'rollback') || !version || (fromWord !== undefined && fromWord !== 'from')) {
        throw new PantauError('MODEL_UNAVAILABLE', `${file} line ${i + 1} is not "<time> activate|rollback <version> [from <version>]"`);
      }
      return { at, action, version, from: from ?? null };
    });
}

/**
 * The versions a rollback steps back through, the current one last: activations push, rollbacks pop. A change of ACTIVE
 * made outside the history (by hand, or before there was one) counts as an activation of what ACTIVE names.
 */
export function activationStack(modelsDir: string): string[] {
  const stack: string[] = [];
  for (const record of activationHistory(modelsDir)) {
    if (record.action === 'activate') {
      if (record.from !== null && stack.at(-1) !== record.from) stack.push(record.from);
      stack.push(record.version);
    } else {
      stack.pop();
      if (stack.at(-1) !== record.version) stack.push(record.version);
    }
  }
  const active = activeVersion(modelsDir);
  if (active !== null && stack.at(-1) !== active) stack.push(active);
  return stack;
}

/** Points ACTIVE at a version atomically (a temporary file renamed over it) and appends the switch to HISTORY. */
function switchActive(modelsDir: string, record: ActivationRecord): void {
  const temporary = join(modelsDir, `.${ACTIVE_FILE}.${process.pid}.${Date.now()}.tmp`);
  writeFileSync(temporary, `${record.version}\n`);
  renameSync(temporary, join(modelsDir, ACTIVE_FILE));
  appendFileSync(
    join(modelsDir, HISTORY_FILE),
    `${[record.at, record.action, record.version, ...(record.from ? ['from', record.from] : [])].join(' ')}\n`,
  );
}

/** What an activation or a rollback did. */
export interface ActivationResult {
  version: string;
  previous: string | null;
  /** False when the version was already active (nothing was written). */
  changed: boolean;
  manifest: ModelManifest;
}

/**
 * Makes a version the active one, after `checkModelFolder` (and the caller's `verify`, e.g. loading it) passed: ACTIVE is
 * replaced atomically and the switch appended to HISTORY. Activating the active version changes nothing.
 */
export async function activateModel(
  modelsDir: string,
  version: string,
  options: { now?: () => Date; verify?: (dir: string) => Promise<void> } = {},
): Promise<ActivationResult> {
  const manifest = checkModelFolder(modelsDir, version);
  await options.verify?.(join(modelsDir, version));
  const previous = activeVersion(modelsDir);
  if (previous === version) return { version, previous, changed: false, manifest };
  switchActive(modelsDir, { at: (options.now?.() ?? new Date()).toISOString(), action: 'activate', version, from: previous });
  return { version, previous, changed: true, manifest };
}

/**
 * Returns to the version active before the current one (a second rollback goes one further back), after checking it is
 * still a complete model. CONFLICT when the history holds no earlier version.
 */
export async function rollbackModel(
  modelsDir: string,
  options: { now?: () => Date; verify?: (dir: string) => Promise<void> } = {},
): Promise<ActivationResult> {
  const stack = activationStack(modelsDir);
  const current = stack.at(-1) ?? null;
  const target = stack.at(-2);
  if (target === undefined) {
    throw new PantauError(
      'CONFLICT',
      current === null
        ? `nothing to roll back to: ${join(modelsDir, ACTIVE_FILE)} names no model`
        : `nothing to roll back to: ${join(modelsDir, HISTORY_FILE)} records no version active before ${current}`,
    );
  }
  const manifest = checkModelFolder(modelsDir, target);
  await options.verify?.(join(modelsDir, target));
  switchActive(modelsDir, { at: (options.now?.() ?? new Date()).toISOString(), action: 'rollback', version: target, from: current });
  return { version: target, previous: current, changed: true, manifest };
}
