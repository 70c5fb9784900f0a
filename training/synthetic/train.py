#!/usr/bin/env python3
"""Train a small masked-symbol Transformer on SCM symbol sequences; dump its attention.

Part of `causal-lens experiment synthetic` (src/experiments/synthetic.ts writes the input and
reads the output). Build-time only, with Debian's python3-torch (the same stack as
training/train.py). Input JSON: {"vocabSize", "seqLen", "maskId", "train": [[sym]], "test": [[sym]],
"seed", "steps"}. Output JSON: {"hiddenSize", "numLayers", "numHeads", "maskedAccuracy",
"attentions": [test][layer][head][row][col]} where row i of every matrix is the attention of
position i in the forward pass in which position i itself is masked: that row shows where the
model looks to predict symbol i — the pass the training objective shaped. Each layer computes
its attention with an explicit softmax (no fused kernel), and the ONNX export (optional
`--onnx`) keeps one visible Softmax node per layer, like the shipped model.
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
        y = (probs @ v).transpose(1, 2).reshape(b, t, d)
        return self.out(y), probs


class Block(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.attn = SelfAttention(dim, heads)
        self.ff = nn.Sequential(nn.Linear(dim, 2 * dim), nn.GELU(), nn.Linear(2 * dim, dim))

    def forward(self, x):
        a, probs = self.attn(self.ln1(x))
        x = x + a
        return x + self.ff(self.ln2(x)), probs


class MaskedSymbolModel(nn.Module):
    def __init__(self, vocab, seq_len, dim, heads, layers):
        super().__init__()
        self.tok = nn.Embedding(vocab, dim)
        self.pos = nn.Parameter(torch.randn(seq_len, dim) * 0.02)
        self.blocks = nn.ModuleList([Block(dim, heads) for _ in range(layers)])
        self.ln = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, vocab)

    def forward(self, ids):
        x = self.tok(ids) + self.pos[: ids.shape[1]]
        attns = []
        for blk in self.blocks:
            x, p = blk(x)
            attns.append(p)
        return self.head(self.ln(x)), attns


def mask_batch(ids, mask_id, rate, gen):
    m = torch.rand(ids.shape, generator=gen) < rate
    # at least one masked position per sequence
    force = torch.randint(0, ids.shape[1], (ids.shape[0],), generator=gen)
    m[torch.arange(ids.shape[0]), force] = True
    return ids.masked_fill(m, mask_id), m


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--onnx')
    ap.add_argument('--dim', type=int, default=64)
    ap.add_argument('--heads', type=int, default=4)
    ap.add_argument('--layers', type=int, default=2)
    ap.add_argument('--batch', type=int, default=256)
    ap.add_argument('--threads', type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)

    data = json.load(open(args.data))
    seed, steps, mask_id = data['seed'], data['steps'], data['maskId']
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    train = torch.tensor(data['train'], dtype=torch.long)
    test = torch.tensor(data['test'], dtype=torch.long)
    d = train.shape[1]
    model = MaskedSymbolModel(data['vocabSize'], d, args.dim, args.heads, args.layers)
    opt = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=2e-3, total_steps=steps)
    t0 = time.time()
    model.train()
    for step in range(steps):
        idx = torch.randint(0, train.shape[0], (args.batch,), generator=gen)
        ids = train[idx]
        inp, m = mask_batch(ids, mask_id, 0.25, gen)
        logits, _ = model(inp)
        loss = F.cross_entropy(logits[m], ids[m])
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
    train_s = time.time() - t0

    model.eval()
    attentions, correct, total = [], 0, 0
    with torch.no_grad():
        for seq in test:
            # d passes: pass i masks position i; keep row i of every layer/head.
            batch = seq.unsqueeze(0).repeat(d, 1)
            batch[torch.arange(d), torch.arange(d)] = mask_id
            logits, attns = model(batch)
            pred = logits[torch.arange(d), torch.arange(d)].argmax(-1)
            correct += int((pred == seq).sum())
            total += d
            layers = []
            for p in attns:  # p: [d(pass), heads, d, d]
                rows = p[torch.arange(d), :, torch.arange(d), :]  # [d(row), heads, d]
                layers.append(rows.permute(1, 0, 2).tolist())  # [heads][row][col]
            attentions.append(layers)
    # Chance level for comparison: always predicting a variable's most frequent bin.
    out = {
        'hiddenSize': args.dim, 'numLayers': args.layers, 'numHeads': args.heads,
        'maskedAccuracy': correct / total, 'trainSeconds': round(train_s, 1), 'steps': steps,
        'attentions': attentions,
    }
    json.dump(out, open(args.out, 'w'))
    if args.onnx:
        class WithAttn(nn.Module):
            def __init__(self, m):
                super().__init__()
                self.m = m

            def forward(self, ids):
                logits, attns = self.m(ids)
                return (logits, *attns)
        names = ['logits'] + [f'attention_{i}' for i in range(args.layers)]
        torch.onnx.export(WithAttn(model), (test[:1],), args.onnx, input_names=['input_ids'], output_names=names,
                          dynamic_axes={'input_ids': {0: 'batch'}}, opset_version=14)
    print(json.dumps({'maskedAccuracy': out['maskedAccuracy'], 'trainSeconds': out['trainSeconds']}))


if __name__ == '__main__':
    main()
