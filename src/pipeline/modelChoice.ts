// Which model a command uses: the one named by --model, else the project's shipped offline model.
import { existsSync } from 'node:fs';
import { defaultModelPath, HUB_DEFAULT_MODEL, ModelError, SHIPPED_MODEL_DIR, type ModelSpec } from '../model';

export function resolveModelSpec(model: string | undefined, offline = false): ModelSpec {
  if (model) return { model, offline };
  const shipped = defaultModelPath();
  if (!existsSync(shipped)) {
    throw new ModelError(
      `the shipped offline model ${SHIPPED_MODEL_DIR}/ is missing (looked in ${shipped}); ` +
      `pass --model <folder with config.json, tokenizer.json, onnx/model.onnx> or a hub id such as --model ${HUB_DEFAULT_MODEL} (needs internet)`,
    );
  }
  return { model: shipped, offline: true };
}
