// Cooperative yielding for long synchronous loops: after ~`budgetMs` of work, give the event loop a
// turn (so a VS Code extension host never blocks for long) and check the cancellation signal.
// Use as `if (y.due()) await y.pause();` — no promise is created on the fast path.
import { throwIfAborted } from './errors';

/** One turn of the event loop (setImmediate where it exists, so timers are not clamped). */
export const nextTurn: () => Promise<void> =
  typeof setImmediate === 'function'
    ? () => new Promise((resolve) => setImmediate(resolve))
    : () => new Promise((resolve) => setTimeout(resolve, 0));

export class Yielder {
  private last = performance.now();
  private calls = 0;
  /** Share of the current stage done (0..1), kept by the loop that yields; read by onPause. */
  progress = 0;
  /** Called at every pause, before the event loop's turn (progress reports ride on the yields). */
  onPause?: () => void;
  constructor(
    private readonly signal?: AbortSignal,
    private readonly budgetMs = 15,
  ) {}

  /**
   * Throws AbortError when cancelled; true when the time budget is spent. Reads the clock every 8th call,
   * or at every call with `always` (for callers whose steps are long).
   */
  due(always = false): boolean {
    throwIfAborted(this.signal);
    if (!always && (++this.calls & 7) !== 0) return false;
    return performance.now() - this.last >= this.budgetMs;
  }

  async pause(): Promise<void> {
    this.onPause?.();
    await nextTurn();
    throwIfAborted(this.signal);
    this.last = performance.now();
  }
}
