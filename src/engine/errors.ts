// Errors the engine throws on purpose, each with one clear line of message.

/** Bad input (shape, values). */
export class EngineInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineInputError';
  }
}

/** Thrown (as a rejection) when an AbortSignal given to the engine fires. */
export class AbortError extends Error {
  constructor(message = 'the operation was cancelled') {
    super(message);
    this.name = 'AbortError';
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError();
}
