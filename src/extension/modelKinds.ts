// Which commands a model can answer, with the message a user needs when it cannot: a masked LM
// predicts a hidden word (Explain Masked Prediction), a classifier a label (Explain Causally, Compare,
// Explain File, Explain Sentence Pair), and only a multi-label head has labels to choose from.
// Pure (no vscode): the errors are ModelErrors, so the runner offers Select Model with them.
import { ModelError } from '../model/errors';
import type { ModelConfig } from '../model/config';

interface ModelLike {
  id: string;
  config: Pick<ModelConfig, 'task' | 'multiLabel' | 'labels'>;
}

const labelList = (m: ModelLike) =>
  m.config.labels.length
    ? ` (labels ${m.config.labels.slice(0, 8).join(', ')}${m.config.labels.length > 8 ? ', …' : ''})`
    : '';

/** Throws unless `model` is a text classifier; `command` names what the user ran. */
export function requireClassifier(model: ModelLike, command: string): void {
  if (model.config.task !== 'masked-lm') return;
  throw new ModelError(
    `${command} explains a classifier's label, but "${model.id}" is a masked-language model (*ForMaskedLM): it predicts a hidden word. Select the word to predict and run Causal Lens: Explain Masked Prediction, or choose a classifier with Select Model.`,
  );
}

/** Throws unless `model` is a masked LM. */
export function requireMaskedLm(model: ModelLike, command = 'Explain Masked Prediction'): void {
  if (model.config.task === 'masked-lm') return;
  throw new ModelError(
    `${command} needs a masked-language model (*ForMaskedLM, e.g. bert-base-uncased); "${model.id}" is a text classifier${labelList(model)}. Use Explain Causally for its prediction, or choose a masked LM with Select Model.`,
  );
}

/** Throws unless `model` has a multi-label head (one sigmoid per label). */
export function requireMultiLabel(model: ModelLike, command = 'Explain Causally for a Label'): void {
  requireClassifier(model, command);
  if (model.config.multiLabel) return;
  throw new ModelError(
    `${command} is for multi-label models (problem_type multi_label_classification: one sigmoid per label); "${model.id}" is single-label${labelList(model)}: its explained class is the predicted one, which Explain Causally explains.`,
  );
}
