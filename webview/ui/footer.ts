// The result's footer: how long each stage took and how much work it was (CI tests, ICD iterations,
// explanation tests), the PAG's size and the parameters it was learned with.
import type { ResultMessage } from '../../src/protocol';
import { h, clear, fmtMs, append } from '../dom';

export function renderFooter(footer: HTMLElement, m: ResultMessage): void {
  const r = m.result,
    t = r.timings;
  clear(footer);
  const stages: [string, number | undefined][] = [
    ['model', t.model],
    ['correlation', t.correlation],
    ['PAG', t.pag],
    ['explanation', t.explanation],
    ['baselines', t.baselines],
  ];
  const parts: (string | HTMLElement)[] = stages
    .filter(([, ms]) => ms !== undefined)
    .map(([name, ms]) => `${name} ${fmtMs(ms)}`);
  parts.push(h('strong', null, `total ${fmtMs(t.total)}`));
  if (r.ciTests !== undefined) parts.push(`${r.ciTests} CI tests`);
  parts.push(`${r.pag.iterations} ICD iterations`);
  if (r.explanation.testsRun !== undefined) parts.push(`${r.explanation.testsRun} explanation tests`);
  parts.push(`${r.tokens.length} tokens · ${r.pag.edges.length} edges`);
  parts.push(`layer ${r.layer}, head ${r.head}, α ${m.params.alpha}, n ${m.params.samples}`);
  if (r.truncated) parts.push(`input truncated (${r.truncated.totalTokens} tokens)`);
  parts.forEach((p, i) => {
    if (i) footer.appendChild(document.createTextNode(' · '));
    append(footer, p);
  });
}
