// Shapes shared by the dataset readers. Pure data: no vscode, no model.

export type DatasetFormat = 'txt' | 'csv' | 'tsv' | 'jsonl';

/** Where a row's text sits in the file, so explanation offsets can be drawn on the right characters. */
export interface RowLocation {
  /** 0-based line of the text's first character. */
  line: number;
  /** UTF-16 column of the text's first character on that line. */
  character: number;
  /**
   * Column of every text character (length = text.length + 1, the last entry is the column just
   * after the text) when the file spells the text differently (CSV "" or JSON escapes).
   * Absent when the text appears verbatim from `character` on.
   */
  columns?: number[];
}

export interface DatasetRow {
  /** 0-based index among the rows that were read successfully. */
  index: number;
  /** 1-based line where the row starts in the file (what an editor shows). */
  lineNumber: number;
  text: string;
  /** null when the text cannot be mapped to one line of the file (e.g. a multi-line CSV field). */
  location: RowLocation | null;
  /** The row's label as spelled in the file (trimmed), when a label column / field was asked for. */
  label?: string;
  /** Sentence pairs: the row's second text (a pair column / field was asked for) and where it is. */
  pair?: { text: string; location: RowLocation | null };
}

export interface MalformedRow {
  /** 1-based line where the bad row starts. */
  lineNumber: number;
  reason: string;
}

export type DatasetItem = { kind: 'row'; row: DatasetRow } | { kind: 'malformed'; malformed: MalformedRow };

export interface ReadOptions {
  format: DatasetFormat;
  /** CSV/TSV: the header name (or 0-based index as a string) of the column to explain. */
  column?: string;
  /** JSONL: the field (top-level key) holding the text. */
  field?: string;
  /** CSV/TSV: the label column; a row whose label is empty is malformed. */
  labelColumn?: string;
  /** JSONL: the label field (string or number); a row without it is malformed. */
  labelField?: string;
  /** CSV/TSV: the column holding a sentence pair's second text; a row whose second text is empty is malformed. */
  pairColumn?: string;
  /** JSONL: the string field holding a sentence pair's second text; a row without it is malformed. */
  pairField?: string;
}

/** Anything that yields the file's bytes or text in chunks (fs.createReadStream, Readable.from(text)). */
export type DatasetSource = AsyncIterable<string | Uint8Array>;
