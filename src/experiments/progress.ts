// A one-line progress bar on stderr (redrawn in place on a terminal, one line per 10% otherwise).
export class ProgressBar {
  private lastDecile = -1;
  private readonly start = Date.now();
  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, note = ''): void {
    const f = this.total === 0 ? 1 : Math.min(1, done / this.total);
    const elapsed = (Date.now() - this.start) / 1000;
    const eta = done > 0 && f < 1 ? ` eta ${Math.round((elapsed / done) * (this.total - done))}s` : '';
    const width = 24;
    const bar = '#'.repeat(Math.round(f * width)).padEnd(width, '.');
    const text = `${this.label} [${bar}] ${done}/${this.total} ${Math.round(elapsed)}s${eta}${note ? ' ' + note : ''}`;
    if (this.stream.isTTY)
      this.stream.write(
        `\r${text.slice(0, (this.stream.columns ?? 120) - 1).padEnd(Math.min(this.stream.columns ?? 120, 120) - 1)}`,
      );
    else {
      const decile = Math.floor(f * 10);
      if (decile !== this.lastDecile) {
        this.lastDecile = decile;
        this.stream.write(text + '\n');
      }
    }
  }

  done(note = ''): void {
    this.update(this.total, note);
    if (this.stream.isTTY) this.stream.write('\n');
  }
}
