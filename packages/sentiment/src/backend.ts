import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { PantauError } from '@pantau/contracts';
import * as tf from '@tensorflow/tfjs';

export type BackendPreference = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

let selected: Promise<string> | undefined;

async function tryNative(): Promise<boolean> {
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
    const require = createRequire(import.meta.url);
    // The .wasm binaries ship inside the npm package: load them from disk, never from a CDN.
    wasm.setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
    return await tf.setBackend('wasm');
  } catch {
    return false;
  }
}

/**
 * The one backend switch: `auto` uses tfjs-node when its binding loads, else WebAssembly, else pure JS.
 * Resolves with the backend name that the disclosure reports.
 */
export function selectBackend(preference: BackendPreference = 'auto'): Promise<string> {
  selected ??= (async () => {
    const order: BackendPreference[] = preference === 'auto' ? ['tensorflow', 'wasm', 'cpu'] : [preference];
    for (const name of order) {
      const ok = name === 'tensorflow' ? await tryNative() : name === 'wasm' ? await tryWasm() : await tf.setBackend('cpu');
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
