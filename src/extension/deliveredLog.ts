// The panel's log of delivered messages for the test API: only the newest are kept (a long session
// holds no old results), and a mark — the count ever delivered — stays valid across trims, so
// "what arrived since I started" never skips or repeats a message.
export class DeliveredLog<T> {
  private kept: T[] = [];
  /** How many messages were ever added. */
  count = 0;

  /** Keeps between limit/2 and limit of the newest messages. */
  constructor(private readonly limit = 500) {}

  add(msg: T): void {
    this.kept.push(msg);
    this.count++;
    if (this.kept.length > this.limit) this.kept.splice(0, Math.ceil(this.limit / 2));
  }

  /** The kept messages, oldest first. */
  all(): T[] {
    return [...this.kept];
  }

  /** The kept messages added since `mark` (a `count` read earlier), oldest first. */
  since(mark: number): T[] {
    return this.kept.slice(Math.max(0, mark - (this.count - this.kept.length)));
  }
}
