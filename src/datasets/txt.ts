// .txt datasets: one text per line; blank lines are skipped (they are separators, not errors).
import { numberedLines } from './lines';
import type { DatasetItem, DatasetSource } from './types';

export async function* readTxt(source: DatasetSource): AsyncGenerator<DatasetItem> {
  let index = 0;
  for await (const item of numberedLines(source)) {
    if (item.kind === 'malformed') {
      yield item;
      continue;
    }
    const { lineNumber, line } = item;
    yield {
      kind: 'row',
      row: { index: index++, lineNumber, text: line, location: { line: lineNumber - 1, character: 0 } },
    };
  }
}
