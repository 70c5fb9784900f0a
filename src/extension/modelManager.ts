// Loads the model once, lazily, and reuses it; a change of the model settings drops it so the next
// run loads the new one. Concurrent callers share one load.
import { existsSync } from 'node:fs';
import { defaultModelPath, loadModel, type DownloadProgress, type LoadedModel } from '../model/index';
import type { LensSettings } from './config';
import { yieldingModel } from './yieldingModel';

export class MissingModelError extends Error {
  override name = 'MissingModelError';
}

export interface ModelChoice {
  spec: string;
  offline: boolean;
  shipped: boolean;
}

export function modelChoice(settings: Pick<LensSettings, 'model' | 'offline'>): ModelChoice {
  if (settings.model) return { spec: settings.model, offline: settings.offline, shipped: false };
  return { spec: defaultModelPath(), offline: true, shipped: true };
}

export class ModelManager {
  private key: string | null = null;
  private loading: Promise<LoadedModel> | null = null;
  private loaded: LoadedModel | null = null;
  /** Milliseconds the last load took (0 when the model was reused). */
  lastLoadMs = 0;

  constructor(private readonly onLog: (line: string) => void) {}

  get current(): LoadedModel | null {
    return this.loaded;
  }

  async get(settings: Pick<LensSettings, 'model' | 'offline'>): Promise<LoadedModel> {
    const choice = modelChoice(settings);
    const key = `${choice.spec}\u0000${choice.offline}`;
    if (this.key === key && this.loading) {
      this.lastLoadMs = 0;
      return this.loading;
    }
    await this.reset();
    if (choice.shipped && !existsSync(choice.spec)) {
      throw new MissingModelError(
        `The shipped model is missing (${choice.spec}). Set "causalLens.model" to a model folder or a hub id.`,
      );
    }
    this.key = key;
    const t0 = Date.now();
    this.onLog(`loading model ${choice.spec}${choice.offline ? ' (offline)' : ''}`);
    // Hub downloads: one line per file fetched (cached files are read silently).
    const onProgress = (p: DownloadProgress) => {
      if (p.done) this.onLog(`downloaded ${p.model}/${p.file} (${(p.loaded / 1e6).toFixed(1)} MB)`);
    };
    this.loading = loadModel({ model: choice.spec, offline: choice.offline, onProgress }).then(
      (loaded) => {
        const m = yieldingModel(loaded);
        this.loaded = m;
        this.lastLoadMs = Date.now() - t0;
        this.onLog(
          `model ${m.id} loaded in ${this.lastLoadMs} ms (${m.config.numLayers} layers × ${m.config.numHeads} heads, hidden ${m.config.hiddenSize}, labels ${m.config.labels.join('/')})`,
        );
        return m;
      },
      (err: unknown) => {
        // Forget a failed load so the next run tries again (e.g. after the user fixes the setting).
        this.key = null;
        this.loading = null;
        throw err;
      },
    );
    return this.loading;
  }

  /** Drops the loaded model (settings changed, or the extension deactivates). */
  async reset(): Promise<void> {
    const m = this.loaded;
    this.key = null;
    this.loading = null;
    this.loaded = null;
    if (m) await m.dispose().catch(() => undefined);
  }
}
