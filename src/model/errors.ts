/** A model could not be loaded or run; the message names the model and says what to do. */
export class ModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelError';
  }
}

/** A model file could be read but not decoded (truncated or corrupt): worth downloading again. */
export class CorruptModelFileError extends ModelError {}
