#!/usr/bin/env python3
"""Train a small masked-value Transformer on per-sequence-SCM sequences; dump ONE unmasked pass.

Part of `causal-lens experiment mechanism` (src/experiments/mechanism.ts writes the input and
reads the output). Each sequence starts with `valueStart` structure tokens (they choose which DAG
generated the values that follow); only value positions are ever masked during training.

Input JSON: {"vocabSize", "seqLen", "valueStart", "maskId", "train": [[sym]], "test": [[sym]],
"seed", "steps"}.
Output JSON: {"hiddenSize", "numLayers", "numHeads", "trainSeconds", "steps",
"maskedCorrect": [test] (value positions predicted right when masked one at a time),
"attentions", "corrZ", "corrV": [test][layer][head][t][t],
"maskedRows": [test][layer][head][value i][t] — row i from the pass with value i masked (a diagnostic)}.
`attentions` come from one forward pass of the unmasked sequence (diagonal kept, every head).
corrZ / corrV: correlation between positions of Z = A·V (the head's output before the output
projection) and of V itself, each position's dh features taken as the samples — what the
DESIGN's reading "attention induces the covariance A·Aᵀ of Z = A·U" predicts when V's rows are
uncorrelated, so corrV shows how far that premise holds.
"""
import argparse
import json
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class SelfAttention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads, self.dh = heads, dim // heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.out = nn.Linear(dim, dim)

    def forward(self, x):
        b, t, d = x.shape
        q, k, v = self.qkv(x).view(b, t, 3, self.heads, self.dh).permute(2, 0, 3, 1, 4)
        probs = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(self.dh), dim=-1)  # [b, h, t, t]
        z = probs @ v  # [b, h, t, dh]
        return self.out(z.transpose(1, 2).reshape(b, t, d)), probs, v, z


class Block(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.attn = SelfAttention(dim, heads)
        self.ff = nn.Sequential(nn.Linear(dim, 2 * dim), nn.GELU(), nn.Linear(2 * dim, dim))

    def forward(self, x):
        a, probs, v, z = self.attn(self.ln1(x))
        x = x + a
        return x + self.ff(self.ln2(x)), (probs, v, z)


class MaskedValueModel(nn.Module):
    def __init__(self, vocab, seq_len, dim, heads, layers):
        super().__init__()
        self.tok = nn.Embedding(vocab, dim)
        self.pos = nn.Parameter(torch.randn(seq_len, dim) * 0.02)
        self.blocks = nn.ModuleList([Block(dim, heads) for _ in range(layers)])
        self.ln = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, vocab)

    def forward(self, ids):
        x = self.tok(ids) + self.pos[: ids.shape[1]]
        inside = []
        for blk in self.blocks:
            x, parts = blk(x)
            inside.append(parts)
        return self.head(self.ln(x)), inside


def mask_values(ids, value_start, mask_id, rate, gen):
    b, t = ids.shape
    m = torch.rand(ids.shape, generator=gen) < rate
    m[:, :value_start] = False  # structure tokens are context, never predicted
    force = torch.randint(value_start, t, (b,), generator=gen)
    m[torch.arange(b), force] = True
    return ids.masked_fill(m, mask_id), m


def row_corr(x):
    """Correlation between rows of x [..., t, f], features as samples."""
    x = x - x.mean(-1, keepdim=True)
    x = x / x.norm(dim=-1, keepdim=True).clamp_min(1e-12)
    return x @ x.transpose(-1, -2)


def rounded(t):
    return [[[[round(v, 5) for v in row] for row in head] for head in layer] for layer in t.tolist()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--dim', type=int, default=64)
    ap.add_argument('--heads', type=int, default=4)
    ap.add_argument('--layers', type=int, default=3)
    ap.add_argument('--batch', type=int, default=256)
    ap.add_argument('--threads', type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)

    data = json.load(open(args.data))
    seed, steps, mask_id, vs = data['seed'], data['steps'], data['maskId'], data['valueStart']
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    train = torch.tensor(data['train'], dtype=torch.long)
    test = torch.tensor(data['test'], dtype=torch.long)
    t = train.shape[1]
    model = MaskedValueModel(data['vocabSize'], t, args.dim, args.heads, args.layers)
    opt = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=2e-3, total_steps=steps)
    t0 = time.time()
    model.train()
    for _ in range(steps):
        ids = train[torch.randint(0, train.shape[0], (args.batch,), generator=gen)]
        inp, m = mask_values(ids, vs, mask_id, 0.25, gen)
        logits, _ = model(inp)
        loss = F.cross_entropy(logits[m], ids[m])
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
    train_s = time.time() - t0

    model.eval()
    out = {'hiddenSize': args.dim, 'numLayers': args.layers, 'numHeads': args.heads,
           'trainSeconds': round(train_s, 1), 'steps': steps,
           'maskedCorrect': [], 'maskedRows': [], 'attentions': [], 'corrZ': [], 'corrV': []}
    nv = t - vs
    with torch.no_grad():
        for seq in test:
            # Masked accuracy: one pass per value position, that position masked.
            batch = seq.unsqueeze(0).repeat(nv, 1)
            rows = torch.arange(nv)
            batch[rows, rows + vs] = mask_id
            logits, masked_inside = model(batch)
            out['maskedCorrect'].append(int((logits[rows, rows + vs].argmax(-1) == seq[vs:]).sum()))
            # Diagnostic only (the old stitched reading): value row i from the pass with value i masked.
            out['maskedRows'].append(rounded(torch.stack(
                [p[rows, :, rows + vs, :].permute(1, 0, 2) for p, _, _ in masked_inside])))
            # The attention under study: ONE unmasked pass, every layer and head, diagonal kept.
            _, inside = model(seq.unsqueeze(0))
            out['attentions'].append(rounded(torch.stack([p[0] for p, _, _ in inside])))
            out['corrV'].append(rounded(torch.stack([row_corr(v[0]) for _, v, _ in inside])))
            out['corrZ'].append(rounded(torch.stack([row_corr(z[0]) for _, _, z in inside])))
    json.dump(out, open(args.out, 'w'))
    acc = sum(out['maskedCorrect']) / (nv * len(test))
    print(json.dumps({'maskedAccuracy': acc, 'trainSeconds': out['trainSeconds']}))


if __name__ == '__main__':
    main()
