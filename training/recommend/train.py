#!/usr/bin/env python3
"""Train a small BERT4Rec-style model (masked item prediction) and export its weights as JSON.

Part of `causal-lens experiment recommend` (src/experiments/recommend.ts writes the input and
runs the exported weights with its own forward pass, src/experiments/bert4rec.ts). Build-time
only, with Debian's python3-torch. The network is the synthetic experiment's masked-symbol
Transformer (training/synthetic/train.py: pre-LayerNorm blocks, explicit softmax attention,
learned positions) over item ids. Training windows are random crops (length maxLen/2..maxLen)
of the users' sequences, 20% of items masked, the last item always masked (as at inference:
history + [MASK] → the next item).

Input JSON: {"vocabSize", "maskId", "maxLen", "train": [[item]], "eval": [{"history": [item],
"next": item}], "seed", "steps"}. Output JSON: {"weights": {...}, "reference": [{"ids", "logits"}],
"hitRate10", "trainSeconds"}.
"""
import argparse
import json
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'synthetic'))
from train import MaskedSymbolModel  # noqa: E402


def lin(m):
    return {'w': m.weight.tolist(), 'b': m.bias.tolist()}


def export(model, dim, heads, layers, vocab, max_len):
    return {
        'dim': dim, 'heads': heads, 'layers': layers, 'vocab': vocab, 'maxLen': max_len,
        'tok': model.tok.weight.tolist(), 'pos': model.pos.tolist(),
        'blocks': [{'ln1': lin(b.ln1), 'qkv': lin(b.attn.qkv), 'out': lin(b.attn.out), 'ln2': lin(b.ln2),
                    'ff1': lin(b.ff[0]), 'ff2': lin(b.ff[2])} for b in model.blocks],
        'ln': lin(model.ln), 'head': lin(model.head),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--dim', type=int, default=32)
    ap.add_argument('--heads', type=int, default=2)
    ap.add_argument('--layers', type=int, default=2)
    ap.add_argument('--batch', type=int, default=128)
    ap.add_argument('--threads', type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    data = json.load(open(args.data))
    seed, steps, mask_id, max_len, vocab = data['seed'], data['steps'], data['maskId'], data['maxLen'], data['vocabSize']
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    seqs = [s for s in data['train'] if len(s) >= max_len // 2]
    model = MaskedSymbolModel(vocab, max_len, args.dim, args.heads, args.layers)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=steps)
    t0 = time.time()
    model.train()
    for _ in range(steps):
        length = int(torch.randint(max_len // 2, max_len + 1, (1,), generator=gen))
        batch = []
        for i in torch.randint(0, len(seqs), (args.batch,), generator=gen).tolist():
            s = seqs[i]
            if len(s) < length:
                continue
            start = int(torch.randint(0, len(s) - length + 1, (1,), generator=gen))
            batch.append(s[start:start + length])
        if not batch:
            continue
        ids = torch.tensor(batch, dtype=torch.long)
        m = torch.rand(ids.shape, generator=gen) < 0.2
        m[:, -1] = True
        logits, _ = model(ids.masked_fill(m, mask_id))
        loss = F.cross_entropy(logits[m], ids[m])
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
    train_s = time.time() - t0

    model.eval()
    hits, reference = 0, []
    with torch.no_grad():
        for k, ev in enumerate(data['eval']):
            ids = torch.tensor([ev['history'] + [mask_id]], dtype=torch.long)
            logits, _ = model(ids)
            last = logits[0, -1].clone()
            last[ev['history']] = -1e9
            last[0] = -1e9
            last[mask_id] = -1e9
            if ev.get('next') is not None and ev['next'] in torch.topk(last, 10).indices.tolist():
                hits += 1
            if k < 3:
                reference.append({'ids': ids[0].tolist(), 'logits': logits[0, -1].tolist()})
    out = {
        'weights': export(model, args.dim, args.heads, args.layers, vocab, max_len),
        'reference': reference, 'hitRate10': hits / max(1, len(data['eval'])), 'trainSeconds': round(train_s, 1),
    }
    json.dump(out, open(args.out, 'w'))
    print(json.dumps({'hitRate10': out['hitRate10'], 'trainSeconds': out['trainSeconds']}))


if __name__ == '__main__':
    main()
