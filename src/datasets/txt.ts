// .txt datasets: one text per line; blank lines are skipped (they are separators, not errors).
import { OversizedLine, readLines } from './lines';
import type { DatasetItem, DatasetSource } from './types';

export async function* readTxt(source: DatasetSource): AsyncGenerator<DatasetItem> {
  let lineNumber = 0;
  let index = 0;
  for await (const line of readLines(source)) {
    lineNumber++;
    if (line instanceof OversizedLine) {
      yield { kind: 'malformed', malformed: { lineNumber, reason: line.reason } };
      continue;
    }
    if (line.trim() === '') continue;
    yield { kind: 'row', row: { index: index++, lineNumber, text: line, location: { line: lineNumber - 1, character: 0 } } };
  }
}
