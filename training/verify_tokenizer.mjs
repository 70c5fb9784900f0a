// Compare Python WordPiece ids (training/wordpiece.py) with transformers.js's tokenizer.
// Usage: node training/verify_tokenizer.mjs CASES.json TOKENIZER_DIR
import { readFileSync } from 'node:fs';
import path from 'node:path';

const [casesPath, tokDir] = process.argv.slice(2);
const { AutoTokenizer, env } = await import('@xenova/transformers');
env.allowRemoteModels = false;
env.localModelPath = path.dirname(path.resolve(tokDir));
const tokenizer = await AutoTokenizer.from_pretrained(path.basename(tokDir));
const cases = JSON.parse(readFileSync(casesPath, 'utf8'));
let bad = 0, tokens = 0;
for (const [i, c] of cases.entries()) {
  const ids = tokenizer.encode(c.text); // no truncation: whole review
  tokens += ids.length;
  if (ids.length !== c.ids.length || ids.some((v, k) => v !== c.ids[k])) {
    bad += 1;
    if (bad <= 5) {
      const k = ids.findIndex((v, j) => v !== c.ids[j]);
      console.log(`case ${i} differs at token ${k}: js ${JSON.stringify(ids.slice(Math.max(0, k - 3), k + 5))} ` +
        `py ${JSON.stringify(c.ids.slice(Math.max(0, k - 3), k + 5))} text ${JSON.stringify(c.text.slice(0, 120))}`);
    }
  }
}
console.log(`tokenizer check: ${cases.length - bad}/${cases.length} texts identical (${tokens} tokens)`);
process.exit(bad === 0 ? 0 : 1);
