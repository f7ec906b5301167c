import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PantauError } from '@pantau/contracts';
// tfjs-core and the backends only: the `@tensorflow/tfjs` bundle also loads layers, converter, data and WebGL, which
// serving never uses (about 55 MB of resident memory per process, more with the source maps tsx enables).
import * as tf from '@tensorflow/tfjs-core';

export type BackendPreference = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

const require = createRequire(import.meta.url);
let selected: Promise<string> | undefined;

/**
 * True when tfjs-node's native binding was installed (`lib/napi-v*`/tfjs_binding.node, where node-pre-gyp puts it).
 * Without it, importing tfjs-node would load the whole `@tensorflow/tfjs` and every kernel before failing.
 */
function nativeBindingInstalled(): boolean {
  try {
    const lib = join(dirname(require.resolve('@tensorflow/tfjs-node/package.json')), 'lib');
    return existsSync(lib) && readdirSync(lib).some((d) => d.startsWith('napi-v') && existsSync(join(lib, d, 'tfjs_binding.node')));
  } catch {
    return false;
  }
}

async function tryNative(): Promise<boolean> {
  if (!nativeBindingInstalled()) return false;
  try {
    // Present only where its native TensorFlow could be installed; loading it registers the `tensorflow` backend.
    await import('@tensorflow/tfjs-node');
    return await tf.setBackend('tensorflow');
  } catch {
    return false;
  }
}

async function tryWasm(): Promise<boolean> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // The .wasm binaries ship inside the npm package: load them from disk, never from a CDN.
    wasm.setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
    return await tf.setBackend('wasm');
  } catch {
    return false;
  }
}

async function tryCpu(): Promise<boolean> {
  // Loading the package registers the pure-JavaScript `cpu` backend.
  await import('@tensorflow/tfjs-backend-cpu');
  return tf.setBackend('cpu');
}

/**
 * The one backend switch: `auto` uses tfjs-node when its binding loads, else WebAssembly, else pure JS.
 * Resolves with the backend name that the disclosure reports.
 */
export function selectBackend(preference: BackendPreference = 'auto'): Promise<string> {
  selected ??= (async () => {
    const order: BackendPreference[] = preference === 'auto' ? ['tensorflow', 'wasm', 'cpu'] : [preference];
    for (const name of order) {
      const ok = name === 'tensorflow' ? await tryNative() : name === 'wasm' ? await tryWasm() : await tryCpu();
      if (ok) {
        await tf.ready();
        return tf.getBackend();
      }
    }
    throw new PantauError('MODEL_UNAVAILABLE', `TensorFlow.js backend ${preference} could not be loaded`);
  })();
  return selected;
}

export { tf };
