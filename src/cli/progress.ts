// A one-line progress bar on stderr for long commands (rows done, rows/s, ETA), drawn only when
// stderr is a terminal and at most every 200 ms; elsewhere (a log file, CI) it stays silent so the
// log holds only the lines that matter. The clock is injectable so tests count, never wait.
import type { CliIo } from './eval';

export interface ProgressOptions {
  /** Rows expected in all, when known (gives the bar and the ETA). */
  total?: number;
  /** What is counted ("rows", "reviews"). */
  unit?: string;
  now?: () => number;
  /** Milliseconds between redraws. */
  everyMs?: number;
}

export function formatProgress(
  done: number,
  elapsedMs: number,
  total: number | undefined,
  unit = 'rows',
  extra = '',
): string {
  const secs = elapsedMs / 1000;
  const rate = secs > 0 ? done / secs : 0;
  const width = 24;
  const parts: string[] = [];
  if (total !== undefined && total > 0) {
    const filled = Math.min(width, Math.round((done / total) * width));
    parts.push(`[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${unit}`);
  } else {
    parts.push(`${done} ${unit}`);
  }
  parts.push(`${rate.toFixed(rate < 10 ? 2 : 1)} ${unit}/s`);
  if (total !== undefined && total > 0) parts.push(`ETA ${rate > 0 ? duration((total - done) / rate) : '–'}`);
  if (extra) parts.push(extra);
  return parts.join('  ');
}

function duration(s: number): string {
  const t = Math.max(0, Math.round(s));
  const h = Math.floor(t / 3600),
    m = Math.floor((t % 3600) / 60),
    sec = t % 60;
  return h ? `${h}h${String(m).padStart(2, '0')}m` : m ? `${m}m${String(sec).padStart(2, '0')}s` : `${sec}s`;
}

export class ProgressBar {
  private readonly start: number;
  private last = -Infinity;
  private drawn = false;
  private readonly now: () => number;

  constructor(
    private readonly io: CliIo,
    private readonly opts: ProgressOptions = {},
  ) {
    this.now = opts.now ?? (() => performance.now());
    this.start = this.now();
  }

  /** Redraws when due (or `force`); a no-op unless stderr is a terminal. */
  update(done: number, extra = '', force = false): void {
    if (!this.io.isTTY) return;
    const t = this.now();
    if (!force && t - this.last < (this.opts.everyMs ?? 200)) return;
    this.last = t;
    this.drawn = true;
    // \r + erase-line: the bar is redrawn in place, shorter text leaves nothing behind.
    this.io.err(`\r\x1b[2K${formatProgress(done, t - this.start, this.opts.total, this.opts.unit, extra)}`);
  }

  /** Moves past the bar so the next stderr line starts clean. */
  clear(): void {
    if (this.drawn) this.io.err('\r\x1b[2K');
    this.drawn = false;
  }

  /** Writes a line on stderr above the bar (a malformed row), then redraws the bar. */
  note(line: string, done: number): void {
    this.clear();
    this.io.err(`${line}\n`);
    if (this.io.isTTY) this.update(done, '', true);
  }
}
