// Which model a command uses: the one named by --model, else the project's shipped offline model.
import { existsSync } from 'node:fs';
import { defaultModelPath, HUB_DEFAULT_MODEL, ModelError, SHIPPED_MODEL_DIR, type ModelSpec } from '../model';

/** `shipped` is where the shipped model is looked for (a parameter so tests can point at a missing one). */
export function resolveModelSpec(model: string | undefined, offline = false, shipped = defaultModelPath()): ModelSpec {
  if (model) return { model, offline };
  if (!existsSync(shipped)) {
    throw new ModelError(
      `the shipped offline model ${SHIPPED_MODEL_DIR}/ is missing (looked in ${shipped}); ` +
        `pass --model <folder with config.json, tokenizer.json, onnx/model.onnx> or a hub id such as --model ${HUB_DEFAULT_MODEL} (needs internet)`,
    );
  }
  return { model: shipped, offline: true };
}
