// Inline highlights of explanation tokens, per document, with a hover showing each token's role
// and PAG evidence. Token offsets are relative to the explained text; a Placement says where that
// text sits in the document (an offset for a selection, a line/column map for a dataset row).
import * as vscode from 'vscode';
import type { ExplainResultPayload } from '../protocol';
import type { LensSettings } from './config';
import { hoverMarkdown, tokenRoles, type RoleSpan, type TokenRole } from './tokenRoles';

export type Placement =
  { kind: 'offset'; base: number } | { kind: 'row'; line: number; character: number; columns?: number[] };

export interface Highlight {
  range: vscode.Range;
  role: TokenRole;
  span: RoleSpan;
  result: ExplainResultPayload;
  /** The token's characters in the explained text (what the range should show, up to escapes). */
  expected: string;
}

const ROLES: TokenRole[] = ['explanation', 'candidate', 'target'];

/** Document range of text offsets [start, end) under a placement. */
export function placeRange(doc: vscode.TextDocument, p: Placement, start: number, end: number): vscode.Range {
  if (p.kind === 'offset') return new vscode.Range(doc.positionAt(p.base + start), doc.positionAt(p.base + end));
  const col = (i: number) => (p.columns ? p.columns[Math.min(i, p.columns.length - 1)] : p.character + i);
  return new vscode.Range(p.line, col(start), p.line, col(end));
}

export class Highlights implements vscode.Disposable {
  private types = new Map<TokenRole, vscode.TextEditorDecorationType>();
  private readonly byDoc = new Map<string, Highlight[]>();
  private readonly subs: vscode.Disposable[] = [];

  constructor(settings: LensSettings) {
    this.createTypes(settings);
    this.subs.push(
      vscode.window.onDidChangeVisibleTextEditors((eds) => eds.forEach((e) => this.paint(e))),
      // Edits shift characters under the highlights: drop them rather than show stale ranges.
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length && this.byDoc.has(e.document.uri.toString())) this.clear(e.document);
      }),
      vscode.languages.registerHoverProvider({ scheme: '*' }, { provideHover: (doc, pos) => this.hover(doc, pos) }),
    );
  }

  private createTypes(s: Pick<LensSettings, 'explanationColor' | 'candidateColor'>): void {
    for (const t of this.types.values()) t.dispose();
    const colour = (custom: string, theme: string) => (custom ? custom : new vscode.ThemeColor(theme));
    this.types = new Map<TokenRole, vscode.TextEditorDecorationType>([
      [
        'explanation',
        vscode.window.createTextEditorDecorationType({
          backgroundColor: colour(s.explanationColor, 'causalLens.explanationBackground'),
          border: '1px solid',
          borderColor: new vscode.ThemeColor('causalLens.explanationBorder'),
          borderRadius: '2px',
          overviewRulerColor: new vscode.ThemeColor('causalLens.explanationBorder'),
          overviewRulerLane: vscode.OverviewRulerLane.Center,
        }),
      ],
      [
        'candidate',
        vscode.window.createTextEditorDecorationType({
          backgroundColor: colour(s.candidateColor, 'causalLens.candidateBackground'),
          borderRadius: '2px',
        }),
      ],
      [
        'target',
        vscode.window.createTextEditorDecorationType({
          border: '1px dashed',
          borderColor: new vscode.ThemeColor('causalLens.targetBorder'),
          borderRadius: '2px',
        }),
      ],
    ]);
  }

  /** New colour settings: recreate the decoration types and repaint. */
  recolour(s: LensSettings): void {
    this.createTypes(s);
    for (const e of vscode.window.visibleTextEditors) this.paint(e);
  }

  /** Replaces (or, with append, adds to) a document's highlights with one result placed at `p`. */
  set(
    doc: vscode.TextDocument,
    result: ExplainResultPayload,
    text: string,
    p: Placement,
    opts: { append?: boolean } = {},
  ): Highlight[] {
    const spans = tokenRoles(result);
    const added = spans.map((span) => ({
      range: placeRange(doc, p, span.start, span.end),
      role: span.role,
      span,
      result,
      expected: text.slice(span.start, span.end),
    }));
    const key = doc.uri.toString();
    if (opts.append) {
      const list = this.byDoc.get(key) ?? [];
      list.push(...added);
      this.byDoc.set(key, list);
      this.schedulePaint(doc); // a file run appends row by row: repaint at most every 250 ms
    } else {
      this.byDoc.set(key, added);
      for (const e of vscode.window.visibleTextEditors) if (e.document === doc) this.paint(e);
    }
    return added;
  }

  private paintTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly pendingPaint = new Set<vscode.TextDocument>();

  private schedulePaint(doc: vscode.TextDocument): void {
    this.pendingPaint.add(doc);
    this.paintTimer ??= setTimeout(() => {
      this.paintTimer = undefined;
      const docs = new Set(this.pendingPaint);
      this.pendingPaint.clear();
      for (const e of vscode.window.visibleTextEditors) if (docs.has(e.document)) this.paint(e);
    }, 250);
  }

  clear(doc?: vscode.TextDocument): void {
    if (doc) this.byDoc.delete(doc.uri.toString());
    else this.byDoc.clear();
    for (const e of vscode.window.visibleTextEditors) if (!doc || e.document === doc) this.paint(e);
  }

  get(doc: vscode.TextDocument): readonly Highlight[] {
    return this.byDoc.get(doc.uri.toString()) ?? [];
  }

  private paint(editor: vscode.TextEditor): void {
    const hs = this.byDoc.get(editor.document.uri.toString()) ?? [];
    for (const role of ROLES)
      editor.setDecorations(
        this.types.get(role)!,
        hs.filter((h) => h.role === role).map((h) => h.range),
      );
  }

  private hover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const h = (this.byDoc.get(doc.uri.toString()) ?? []).find((x) => x.range.contains(pos));
    if (!h) return undefined;
    const md = new vscode.MarkdownString(hoverMarkdown(h.result, h.span));
    md.supportThemeIcons = false;
    return new vscode.Hover(md, h.range);
  }

  dispose(): void {
    if (this.paintTimer) clearTimeout(this.paintTimer);
    for (const t of this.types.values()) t.dispose();
    for (const s of this.subs) s.dispose();
  }
}
