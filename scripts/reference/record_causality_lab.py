#!/usr/bin/env python3
"""Record outputs of the public reference implementation (IntelLabs/causality-lab) as test fixtures.

The engine's unit test test/unit/engine/reference-fixtures.test.ts replays these cases and must give
the same results. This script is a build-time tool: `npm test` never runs it, and nothing of the
reference's code is copied into this repository (it is imported from a checkout given on the
command line).

What is recorded (test/fixtures/causality-lab-reference.json):
  icd     ICD (LearnStructICD with CondIndepParCorr, as CLEANN configures them) on correlation
          matrices: exact correlations of linear-Gaussian SCMs with latent nodes, correlations of
          random attention matrices (C = A A^T), and the shipped model's own attention (torch's,
          from test/fixtures/shipped-model-reference.json), some restricted to a node subset.
          Output: the PAG in the reference's matrix encoding (adj[a][b] = mark at b: 0 none, 1 o,
          2 >, 3 -) and the separating set of every removed edge. The reference tries conditioning
          sets of equal distance sum in a Python set's slot order; where that order changes the
          result, "sortedTies" holds the reference's output with those ties tried in ascending
          (lexicographic) order, the engine's documented order (DESIGN.md section 8).
  cleann  CLEANN.explain on those PAGs and on random PAG matrices, with deterministic explanation
          testers given as data, with and without max_set_size / max_range. Output: the full
          explanation set, max_pds_tree_depth, the PDS-tree (breadth-first list of
          [node, parent index, depth]), each candidate's minimal distance, every tester call in
          order, and the explanations with their distance sums (ties again in the set's slot order:
          the test sorts sets of equal size and distance sum lexicographically before comparing).

Tester specs (the TypeScript test builds the same functions):
  {"kind": "superset", "groups": [[..], ..]}   flips iff the subset contains every node of some group
  {"kind": "weight", "weights": {node: int}, "threshold": int}
                                               flips iff the members' integer weights sum to >= threshold
  {"kind": "never"}                            never flips
  null                                         no tester (the full candidate set is the explanation)

Run (numpy, scipy and networkx from apt: python3-numpy python3-scipy python3-networkx):
  git clone https://github.com/IntelLabs/causality-lab /tmp/causality-lab
  PYTHONHASHSEED=0 /usr/bin/python3 scripts/reference/record_causality_lab.py --lab /tmp/causality-lab
The script re-executes itself with PYTHONHASHSEED=0 when it is not set, so set iteration order (which
decides the reference's order among sets of equal distance sum) is reproducible.
"""
import argparse
import itertools
import json
import os
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
MARK_CODES = None  # filled once the reference is imported: {Mark.Circle: 1, Mark.Directed: 2, Mark.Tail: 3}


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--lab', required=True, help='a checkout of github.com/IntelLabs/causality-lab')
    p.add_argument('--out', default=os.path.join(ROOT, 'test', 'fixtures', 'causality-lab-reference.json'))
    return p.parse_args()


# ---------------------------------------------------------------- inputs

def scm_correlation(rng, n_total, n_latent, edge_prob):
    """Exact correlation of the observed nodes of a random linear-Gaussian SCM (nodes in causal order)."""
    weights = np.zeros((n_total, n_total))
    for child in range(n_total):
        for parent in range(child):
            if rng.random() < edge_prob:
                weights[child, parent] = rng.choice([-1, 1]) * rng.uniform(0.5, 1.5)
    mix = np.linalg.inv(np.eye(n_total) - weights)  # x = mix @ noise
    cov = mix @ mix.T
    latent = set(rng.choice(n_total, size=n_latent, replace=False).tolist()) if n_latent else set()
    observed = [v for v in range(n_total) if v not in latent]
    cov = cov[np.ix_(observed, observed)]
    d = np.sqrt(np.diag(cov))
    return cov / np.outer(d, d)


def random_attention(rng, seq, temperature):
    logits = rng.normal(size=(seq, seq)) / temperature
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def random_pag_matrix(rng, n, edge_prob):
    adj = np.zeros((n, n), dtype=int)
    for a in range(n):
        for b in range(a + 1, n):
            if rng.random() < edge_prob:
                adj[b, a] = rng.integers(1, 4)  # mark at a
                adj[a, b] = rng.integers(1, 4)  # mark at b
    return adj


# ---------------------------------------------------------------- reference runs

def pag_matrix(graph, n):
    """The PAG over 0..n-1 in the reference's encoding (nodes outside nodes_set have no edges)."""
    adj = [[0] * n for _ in range(n)]
    for node, marks in graph._graph.items():
        for mark, sources in marks.items():
            for src in sources:
                adj[src][node] = MARK_CODES[mark]
    return adj


def sorted_combinations(items, k):
    """itertools.combinations over the items in ascending order (instead of a Python set's slot order)."""
    return itertools.combinations(sorted(items), k)


def run_icd(corr, samples, alpha, nodes, sorted_ties=False):
    """ICD as the reference runs it; with sorted_ties, the reference's own code with one change: the
    combinations it draws conditioning sets from (icd.py, possible_dsep_tree.py) run over ascending nodes,
    so sets of equal distance sum are tried in lexicographic order, as the engine tries them."""
    import causal_discovery_algs.icd as icd_module
    import graphical_models.possible_dsep_tree as tree_module
    saved = icd_module.combinations, tree_module.combinations
    if sorted_ties:
        icd_module.combinations = tree_module.combinations = sorted_combinations
    try:
        return _run_icd(corr, samples, alpha, nodes)
    finally:
        icd_module.combinations, tree_module.combinations = saved


def _run_icd(corr, samples, alpha, nodes):
    from causal_discovery_algs import LearnStructICD
    from causal_discovery_utils.cond_indep_tests import CondIndepParCorr
    n = corr.shape[0]
    ci = CondIndepParCorr(threshold=alpha, dataset=None, num_records=samples, num_vars=n,
                          count_tests=True, use_cache=True)
    ci.correlation_matrix = corr
    icd = LearnStructICD(nodes_set=set(nodes), ci_test=ci)
    icd.learn_structure()
    adj = pag_matrix(icd.graph, n)
    sepsets = []
    for a in sorted(nodes):
        for b in sorted(nodes):
            if a < b and adj[a][b] == 0:
                sepsets.append({'a': a, 'b': b, 'set': sorted(icd.sepset.get_sepset(a, b))})
    return icd.graph, adj, sepsets


def make_tester(spec, calls):
    if spec is None:
        return None

    def tester(subset, target):
        calls.append(sorted(subset))
        if spec['kind'] == 'superset':
            return any(set(g) <= set(subset) for g in spec['groups'])
        if spec['kind'] == 'weight':
            return sum(spec['weights'].get(str(v), 0) for v in subset) >= spec['threshold']
        return False
    return tester


def flatten_tree(tree):
    """Breadth-first [node, parent index, depth] list; the reference creates vertices in this order."""
    out = [[tree.origin, -1, tree.depth_level]]
    queue = [(tree, 0)]
    while queue:
        t, idx = queue.pop(0)
        for child in t.children:
            out.append([child.origin, idx, child.depth_level])
            queue.append((child, len(out) - 1))
    return out


def run_cleann(graph, target, tester_spec, max_set_size, max_range):
    from causal_reasoning.cleann_explainer import CLEANN
    calls = []
    # A placeholder attention: the graph is given, so the explainer never learns one.
    explainer = CLEANN(np.eye(2), num_samples=10, p_val_th=0.01, explanation_tester=make_tester(tester_spec, calls))
    explainer.graph = graph
    explanations = explainer.explain(target, max_set_size=max_set_size, max_range=max_range)
    res = explainer.results[target]
    full = sorted(res['full_explanation_set'])
    tree = res['pds_tree']
    return {
        'candidates': full,
        'treeDepth': res['max_pds_tree_depth'],
        'tree': flatten_tree(tree),
        'distances': {str(v): tree.get_minimal_distance(v) for v in full},
        'calls': calls,
        'explanations': [{'set': sorted(s), 'dist': int(d)} for s, d in explanations],
    }


def pag_from_matrix(adj):
    from graphical_models import PAG
    g = PAG(set(range(len(adj))))
    g.init_from_adj_mat(np.array(adj))
    return g


# ---------------------------------------------------------------- testers drawn for a case

def tester_specs(rng, candidates):
    """Deterministic testers over the candidates, each with the search limits it is run under:
    no tester; superset groups of sizes 1-3 and of sizes 2-3 only; integer weights; never."""
    runs = [(None, None, None), (None, None, 1)]
    if candidates:
        cand = list(candidates)
        groups = []
        for size in (1, 2, 2, 3):
            if len(cand) >= size:
                groups.append(sorted(int(v) for v in rng.choice(cand, size=size, replace=False)))
        every = {'kind': 'superset', 'groups': groups}
        larger = {'kind': 'superset', 'groups': groups[1:]}
        weights = {str(int(v)): int(rng.integers(1, 6)) for v in cand}
        weight = {'kind': 'weight', 'weights': weights, 'threshold': int(rng.integers(4, 9))}
        runs += [(every, None, None), (every, None, 1), (larger, 2, None), (weight, None, None), (weight, 3, 2),
                 ({'kind': 'never'}, 2, None)]
    return runs


def main():
    global MARK_CODES
    args = parse_args()
    if os.environ.get('PYTHONHASHSEED') != '0':
        env = dict(os.environ, PYTHONHASHSEED='0')
        sys.exit(subprocess.call([sys.executable, *sys.argv], env=env))
    sys.path.insert(0, os.path.abspath(args.lab))
    from graphical_models import arrow_head_types as Mark
    MARK_CODES = {Mark.Circle: 1, Mark.Directed: 2, Mark.Tail: 3}
    lab_commit = subprocess.run(['git', '-C', args.lab, 'rev-parse', 'HEAD'], capture_output=True, text=True).stdout.strip()

    rng = np.random.default_rng(20261202)
    icd_cases = []

    def add_icd(name, corr, samples, alpha, nodes=None, attention=None):
        n = corr.shape[0]
        nodes = list(range(n)) if nodes is None else nodes
        graph, adj, sepsets = run_icd(corr, samples, alpha, nodes)
        case = {'name': name, 'samples': samples, 'alpha': alpha, 'nodes': nodes}
        if attention is not None:
            case['attention'] = attention.tolist()
        case['correlation'] = corr.tolist()
        case['pag'] = adj
        case['sepsets'] = sepsets
        _, adj_sorted, sepsets_sorted = run_icd(corr, samples, alpha, nodes, sorted_ties=True)
        if (adj_sorted, sepsets_sorted) != (adj, sepsets):
            # the separating set found depends on the order of equally distant candidate sets
            case['sortedTies'] = {'pag': adj_sorted, 'sepsets': sepsets_sorted}
        icd_cases.append(case)
        return graph

    graphs = []  # (case name, graph, n, default target) for CLEANN
    # Linear-Gaussian SCMs with latent nodes: exact correlations.
    for i in range(14):
        n_total = 6 + i % 5
        corr = scm_correlation(rng, n_total, n_latent=i % 3, edge_prob=0.35 + 0.05 * (i % 4))
        samples = [100, 768, 5000][i % 3]
        g = add_icd(f'scm-{i}', corr, samples, 0.01)
        graphs.append((f'scm-{i}', g, corr.shape[0]))
    # Random attention: C = A A^T, the correlation from it (the reference's cov_to_corr).
    from causal_discovery_utils.stat_utils import cov_to_corr
    for i in range(12):
        seq = 6 + i % 7
        att = random_attention(rng, seq, temperature=[0.3, 0.6, 1.0][i % 3])
        corr = cov_to_corr(att @ att.T)
        g = add_icd(f'attention-random-{i}', corr, [32, 192, 768][i % 3], [0.01, 0.05][i % 2], attention=att)
        graphs.append((f'attention-random-{i}', g, seq))
    # The shipped model's attention as torch computed it: deepest layer, each head; layer 0 head 0.
    with open(os.path.join(ROOT, 'test', 'fixtures', 'shipped-model-reference.json')) as f:
        shipped = json.load(f)
    for c, case in enumerate(shipped['cases']):
        layers = case['attentions']
        picks = [(len(layers) - 1, h) for h in range(len(layers[-1]))] + [(0, 0)]
        for layer, head in picks:
            att = np.array(layers[layer][head], dtype=float)
            corr = cov_to_corr(att @ att.T)
            seq = att.shape[0]
            name = f'shipped-{c}-layer{layer}-head{head}'
            g = add_icd(name, corr, 192, 0.01, attention=att)
            graphs.append((name, g, seq))
            if head == 0 and layer > 0:
                # the product's graph: the last token ([SEP]) left out
                g = add_icd(name + '-no-last', corr, 192, 0.01, nodes=list(range(seq - 1)), attention=att)
                graphs.append((name + '-no-last', g, seq))

    cleann_cases = []

    def add_cleann(name, g, target):
        candidates = run_cleann(g, target, None, None, None)['candidates']
        for spec, max_set_size, max_range in tester_specs(rng, candidates):
            res = run_cleann(g, target, spec, max_set_size, max_range)
            cleann_cases.append({'graph': name, 'target': target, 'tester': spec, 'maxSetSize': max_set_size,
                                 'maxRange': max_range, **res})

    for i, (name, g, n) in enumerate(graphs):
        # attention graphs: the first token (the classifier's [CLS]); SCMs: a node that varies
        add_cleann(name, g, 0 if name.startswith(('attention', 'shipped')) else i % n)
    pag_cases = []
    for i in range(16):
        n = 6 + i % 6
        adj = random_pag_matrix(rng, n, 0.3 + 0.05 * (i % 4)).tolist()
        pag_cases.append({'name': f'random-pag-{i}', 'pag': adj})
        add_cleann(f'random-pag-{i}', pag_from_matrix(adj), i % n)

    out = {
        'about': ('Outputs of IntelLabs/causality-lab (the CLEANN reference) recorded by '
                  'scripts/reference/record_causality_lab.py with PYTHONHASHSEED=0; do not edit by hand.'),
        'labCommit': lab_commit,
        'icd': icd_cases,
        'pags': pag_cases,
        'cleann': cleann_cases,
    }
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, 'w') as f:
        # one case per line: diffs stay readable
        f.write('{\n')
        f.write(f'"about": {json.dumps(out["about"])},\n"labCommit": {json.dumps(lab_commit)},\n')
        for i, key in enumerate(('icd', 'pags', 'cleann')):
            f.write(f'"{key}": [\n')
            f.write(',\n'.join(json.dumps(c, separators=(',', ':')) for c in out[key]))
            f.write('\n]' + (',\n' if i < 2 else '\n'))
        f.write('}\n')
    print(f'{len(icd_cases)} ICD cases, {len(pag_cases)} PAG matrices, {len(cleann_cases)} CLEANN cases -> {args.out}')


if __name__ == '__main__':
    main()
