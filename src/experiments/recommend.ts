// The paper's recommendation experiment (BERT4Rec on MovieLens-1M): explain a user's top
// recommendation by the smallest set of history items whose removal changes it, then ask where
// the replacement recommendation ranked in the original top-5. A plausible explanation removes
// the reason for the top item while leaving the user's other interests: the replacement should
// come from near the top (ranks 2–3), not from outside the list.
import {
  attentionToCorrelation,
  averageHeads,
  baselineExplanation,
  explainCleann,
  learnPag,
  rawAttentionRanking,
  rolloutRanking,
} from '../engine';
import { forward, type RecWeights } from './bert4rec';
import { rankStats, sizeStats, type RankStats, type SizeStats } from './metrics';
import { Rng, shuffle } from './scm';
import { bootstrapCI, formatInterval, type Interval } from './stats';

export const REC_PAD = 0;
export const REC_MASK = 1;
export const REC_OFFSET = 2;

/** Users' item sequences in time order, from MovieLens ratings.dat (`UserID::MovieID::Rating::Timestamp`). */
export function parseRatings(text: string): Map<string, string[]> {
  const rows: { u: string; m: string; t: number }[] = [];
  for (const [n, line] of text.split('\n').entries()) {
    if (!line.trim()) continue;
    const f = line.trim().split('::');
    if (f.length !== 4 || !Number.isFinite(Number(f[3])))
      throw new Error(
        `ratings line ${n + 1} is not UserID::MovieID::Rating::Timestamp: ${JSON.stringify(line.slice(0, 80))}`,
      );
    rows.push({ u: f[0], m: f[1], t: Number(f[3]) });
  }
  // Time order; ties (MovieLens has many equal timestamps) by movie id, so the order is fixed.
  rows.sort((a, b) => a.t - b.t || Number(a.m) - Number(b.m) || (a.m < b.m ? -1 : 1));
  const users = new Map<string, string[]>();
  for (const r of rows) {
    let s = users.get(r.u);
    if (!s) users.set(r.u, (s = []));
    s.push(r.m);
  }
  return users;
}

/**
 * A known item-sequence process for tests and `--synthetic`: items fall in `clusters` groups;
 * each user has a favourite group; the next item comes, with probability 0.5, from the group of
 * the item two steps back, with 0.3 from the favourite group, else uniformly at random; no
 * item repeats within a user's sequence (as in rating data), so `length` must be ≤ `items`.
 */
export function syntheticRatings(
  users: number,
  items: number,
  clusters: number,
  length: number,
  seed: number,
): Map<string, string[]> {
  if (length > items)
    throw new RangeError(`sequences of ${length} distinct items need at least ${length} items, got ${items}`);
  const rng = new Rng(seed);
  const group = (item: number) => item % clusters;
  const fromGroup = (g: number) => g + clusters * rng.int(Math.floor(items / clusters));
  const out = new Map<string, string[]>();
  for (let u = 0; u < users; u++) {
    const fav = rng.int(clusters);
    const seq: number[] = [];
    const used = new Set<number>();
    // Like MovieLens, an item appears at most once per user: redraw a used item (a few tries), else any unused one.
    const push = (draw: () => number) => {
      let item = draw();
      for (let k = 0; k < 20 && used.has(item); k++) item = draw();
      if (used.has(item)) item = Array.from({ length: items }, (_, i) => i).filter((i) => !used.has(i))[0];
      used.add(item);
      seq.push(item);
    };
    push(() => fromGroup(fav));
    push(() => rng.int(items));
    while (seq.length < length) {
      const r = rng.next();
      const g = group(seq[seq.length - 2]);
      push(r < 0.5 ? () => fromGroup(g) : r < 0.8 ? () => fromGroup(fav) : () => rng.int(items));
    }
    out.set(String(u + 1), seq.map(String));
  }
  return out;
}

export interface RecDataset {
  vocabSize: number;
  itemIds: string[];
  /** Training sequences (every user's sequence without its last item). */
  train: number[][];
  /** Evaluation users: the last `maxLen − 1` items before the held-out last item, and that item. */
  evaluation: { user: string; history: number[]; next: number }[];
}

export function buildDataset(
  users: Map<string, string[]>,
  maxLen: number,
  evalUsers: number,
  seed: number,
): RecDataset {
  const itemIds = [...new Set([...users.values()].flat())].sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : 1));
  const index = new Map(itemIds.map((m, i) => [m, REC_OFFSET + i]));
  const seqs = [...users.entries()].map(([u, s]) => ({ u, s: s.map((m) => index.get(m)!) }));
  const train = seqs.map(({ s }) => s.slice(0, -1)).filter((s) => s.length >= 2);
  const eligible = shuffle(
    seqs.filter(({ s }) => s.length >= maxLen),
    new Rng(seed),
  );
  const evaluation = eligible
    .slice(0, evalUsers)
    .map(({ u, s }) => ({ user: u, history: s.slice(s.length - maxLen, -1), next: s[s.length - 1] }));
  return { vocabSize: REC_OFFSET + itemIds.length, itemIds, train, evaluation };
}

/** Items ranked by the model for `history` + [MASK], history and special ids left out. */
export function recommend(
  w: RecWeights,
  history: readonly number[],
  exclude: ReadonlySet<number>,
): { ranking: number[]; attentions: number[][][][] } {
  const f = forward(w, [...history, REC_MASK]);
  const idx: number[] = [];
  for (let i = REC_OFFSET; i < f.logits.length; i++) if (!exclude.has(i)) idx.push(i);
  idx.sort((a, b) => f.logits[b] - f.logits[a] || a - b);
  return { ranking: idx, attentions: f.attentions };
}

export const REC_METHODS = ['cleann', 'rawAttention', 'rollout', 'random'] as const;
export type RecMethod = (typeof REC_METHODS)[number];

export interface RecRecord {
  id: string;
  top5: number[];
  /** Per method: removed history positions, and the replacement's rank in the original top-5 (null: outside). */
  methods: Record<RecMethod, { set: number[] | null; newTop: number | null; rank: number | null }>;
}

export interface RecOptions {
  samples?: number;
  alpha?: number;
  maxSetSize?: number;
  seed?: number;
}

/**
 * The baselines' orderings of a user's history positions: raw attention and rollout to the target
 * from the model's attentions, and a random order seeded by the user (the same in every run, so
 * the budgeted and unbudgeted studies compare the same control).
 */
export function baselineRankings(
  history: readonly number[],
  attentions: number[][][][],
  target: number,
  seed = 1,
): Record<Exclude<RecMethod, 'cleann'>, number[]> {
  const rng = new Rng(seed * 7919 + history.length + history[0]);
  const random = shuffle(
    history.map((_, p) => p),
    rng,
  );
  const deepest = averageHeads(attentions[attentions.length - 1]);
  return {
    rawAttention: rawAttentionRanking(deepest, target),
    rollout: rolloutRanking(
      attentions.map((heads) => averageHeads(heads)),
      target,
    ),
    random,
  };
}

export async function analyseUser(
  w: RecWeights,
  id: string,
  history: number[],
  opts: RecOptions = {},
): Promise<RecRecord> {
  const exclude = new Set(history);
  const orig = recommend(w, history, exclude);
  const top5 = orig.ranking.slice(0, 5);
  const target = history.length; // the [MASK] position
  const without = (subset: readonly number[]) => history.filter((_, p) => !subset.includes(p));
  const newTop = (subset: readonly number[]) => recommend(w, without(subset), exclude).ranking[0];
  const tester = async (subset: number[]) => newTop(subset) !== top5[0];

  const deepest = averageHeads(orig.attentions[orig.attentions.length - 1]);
  const learned = await learnPag(attentionToCorrelation(deepest), {
    samples: opts.samples ?? w.dim,
    alpha: opts.alpha ?? 0.01,
  });
  const ex = await explainCleann(learned.pag, target, { maxSetSize: opts.maxSetSize ?? 3, tester });
  const cleannSet = ex.sets.length ? ex.sets[0] : null;

  const rankings = baselineRankings(history, orig.attentions, target, opts.seed);
  const result = (set: number[] | null) => {
    if (!set) return { set: null, newTop: null, rank: null };
    const top = newTop(set);
    const r = top5.indexOf(top);
    return { set, newTop: top, rank: r < 0 ? null : r + 1 };
  };
  const methods = { cleann: result(cleannSet) } as RecRecord['methods'];
  for (const m of ['rawAttention', 'rollout', 'random'] as const)
    methods[m] = result((await baselineExplanation(rankings[m], tester)).set);
  return { id, top5, methods };
}

export interface RecSummary {
  n: number;
  size: Record<RecMethod, SizeStats>;
  /** Over the users where the method found an explanation. */
  ranks: Record<RecMethod, RankStats>;
  /** Like for like: over the users where CLEANN found one (the baselines grow their top-k without a size limit, so they find more). */
  ranksWhereCleannFound: Record<RecMethod, RankStats>;
}

export function summariseRecommend(records: RecRecord[]): RecSummary {
  const m = <T>(f: (x: RecMethod) => T) =>
    Object.fromEntries(REC_METHODS.map((x) => [x, f(x)])) as Record<RecMethod, T>;
  return {
    n: records.length,
    size: m((x) => sizeStats(records.map((r) => (r.methods[x].set ? r.methods[x].set!.length : null)))),
    ranks: m((x) => rankStats(records.filter((r) => r.methods[x].set).map((r) => r.methods[x].rank))),
    ranksWhereCleannFound: m((x) =>
      rankStats(records.filter((r) => r.methods.cleann.set && r.methods[x].set).map((r) => r.methods[x].rank)),
    ),
  };
}

const REC_LABELS: Record<RecMethod, string> = {
  cleann: 'CLEANN (ABCD PAG)',
  rawAttention: 'raw attention top-k',
  rollout: 'attention rollout top-k',
  random: 'random order top-k',
};

export function recommendMarkdown(
  s: RecSummary,
  meta: {
    command: string;
    seconds: number;
    data: string;
    model: string;
    hitRate10: number | null;
    users: number;
    items: number;
    maxLen: number;
    forwardCheck: number | null;
    /** How the methods search (default: the unbudgeted protocol's sentence). */
    protocol?: string;
  },
  labels: Record<RecMethod, string> = REC_LABELS,
): string {
  const f = (x: number | null, d = 2) => (x === null || Number.isNaN(x) ? '–' : x.toFixed(d));
  const p = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(0)}%`);
  return [
    '# Recommendation explanations (BERT4Rec-style)',
    '',
    `Command: \`${meta.command}\` — ${Math.round(meta.seconds)} s. Data: ${meta.data} (${meta.users} users, ${meta.items} items). Model: ${meta.model}; next-item hit rate@10 on the held-out last items: ${p(meta.hitRate10)}${meta.forwardCheck !== null ? `; TypeScript forward vs torch: max |Δlogit| = ${meta.forwardCheck.toExponential(1)}` : ''}.`,
    `Per evaluation user: history = the last ${meta.maxLen - 1} items, input = history + [MASK]; top recommendation = best item not in the history. ${meta.protocol ?? 'Each method removes history items (smallest set first; baselines grow their top-k) until the top recommendation changes'}; then: where did the new top item rank in the original top-5?`,
    '',
    '| method | explanations found | mean size | rank 2 | rank 3 | rank 4 | rank 5 | outside top-5 | **rank 2–3** |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...REC_METHODS.map((x) => {
      const r = s.ranks[x],
        n = r.n || 1;
      return `| ${labels[x]} | ${s.size[x].found}/${s.n} | ${f(s.size[x].mean)} | ${p(r.counts[1] / n)} | ${p(r.counts[2] / n)} | ${p(r.counts[3] / n)} | ${p(r.counts[4] / n)} | ${p(r.outside / n)} | **${p(r.rank2to3)}** |`;
    }),
    '',
    `Like for like — only the ${s.ranksWhereCleannFound.cleann.n} users where CLEANN found an explanation of at most the size limit:`,
    '',
    '| method | rank 2 | rank 3 | rank 4 | rank 5 | outside top-5 | **rank 2–3** |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...REC_METHODS.map((x) => {
      const r = s.ranksWhereCleannFound[x],
        n = r.n || 1;
      return `| ${labels[x]} | ${p(r.counts[1] / n)} | ${p(r.counts[2] / n)} | ${p(r.counts[3] / n)} | ${p(r.counts[4] / n)} | ${p(r.outside / n)} | **${p(r.rank2to3)}** |`;
    }),
    '',
  ].join('\n');
}

/** 95% bootstrap CIs (over evaluation users, seed 1) of each method's found rate and rank-2–3 rate, and paired differences vs CLEANN. */
export function recommendIntervals(
  records: RecRecord[],
): Record<RecMethod, { found: Interval; rank2to3: Interval; rank2to3VsCleann: Interval }> {
  const found = (xs: readonly RecRecord[], m: RecMethod) =>
    xs.length ? xs.filter((r) => r.methods[m].set).length / xs.length : null;
  const r23 = (xs: readonly RecRecord[], m: RecMethod) => {
    const f = xs.filter((r) => r.methods[m].set);
    return f.length ? f.filter((r) => r.methods[m].rank === 2 || r.methods[m].rank === 3).length / f.length : null;
  };
  const both = (m: RecMethod) => records.filter((r) => r.methods[m].set && r.methods.cleann.set);
  return Object.fromEntries(
    REC_METHODS.map((m) => [
      m,
      {
        found: bootstrapCI(records, (xs) => found(xs, m)),
        rank2to3: bootstrapCI(records, (xs) => r23(xs, m)),
        // paired, on the users where both found one
        rank2to3VsCleann: bootstrapCI(both(m), (xs) => {
          const a = r23(xs, m),
            c = r23(xs, 'cleann');
          return a === null || c === null ? null : a - c;
        }),
      },
    ]),
  ) as Record<RecMethod, { found: Interval; rank2to3: Interval; rank2to3VsCleann: Interval }>;
}

export function recommendIntervalsMarkdown(
  iv: ReturnType<typeof recommendIntervals>,
  n: number,
  labels: Record<RecMethod, string> = REC_LABELS,
): string {
  const p = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(0)}%`);
  const pt = (x: number | null) => (x === null ? '–' : `${x >= 0 ? '+' : ''}${(100 * x).toFixed(0)} pt`);
  return [
    '',
    `95% confidence intervals (percentile bootstrap over the ${n} evaluation users, 2,000 resamples, seed 1):`,
    '',
    '| method | found [95% CI] | rank 2–3 where found [95% CI] | rank 2–3 minus CLEANN (paired, users where both found) |',
    '| --- | --- | --- | --- |',
    ...REC_METHODS.map(
      (m) =>
        `| ${labels[m]} | ${formatInterval(iv[m].found, p)} | ${formatInterval(iv[m].rank2to3, p)} | ${m === 'cleann' ? '–' : formatInterval(iv[m].rank2to3VsCleann, pt)} |`,
    ),
    '',
  ].join('\n');
}
