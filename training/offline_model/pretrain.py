"""Pre-training before fine-tuning: fastText-style word embeddings and optional masked-LM."""
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from .common import log
from .data import make_batches, pad
from .optim import apply_step, optimizer, schedule


def bow_pretrain(model, bodies, labels, val, args, rng):
    """fastText-style pre-training of the word embeddings on the TRAIN reviews: the mean of
    a review's token embeddings -> linear -> sentiment. Cheap (seconds per epoch on 2
    cores) and it gives the encoder sentiment-bearing token vectors to start from, so the
    much costlier transformer fine-tuning converges in few epochs."""
    emb = nn.EmbeddingBag(model.word.num_embeddings, model.word.embedding_dim, mode='mean')
    nn.init.normal_(emb.weight, std=0.02)
    head = nn.Linear(model.word.embedding_dim, 2)
    params = list(emb.parameters()) + list(head.parameters())
    opt = torch.optim.Adam(params, lr=args.bow_lr)
    steps_per_epoch = math.ceil(len(bodies) / 64)
    total = steps_per_epoch * args.bow_epochs
    set_lr = schedule(opt, args.bow_lr, total, 0)
    drop = nn.Dropout(0.3)

    def bag(seqs):
        flat = torch.tensor([t for s in seqs for t in s], dtype=torch.long)
        offsets = torch.tensor([0] + [len(s) for s in seqs[:-1]], dtype=torch.long).cumsum(0)
        return flat, offsets

    step = 0
    for epoch in range(args.bow_epochs):
        t0, correct = time.time(), 0
        emb.train()
        for batch in make_batches([len(b) for b in bodies], 64, rng):
            flat, offsets = bag([bodies[j] or [100] for j in batch])
            y = torch.tensor([labels[j] for j in batch])
            set_lr(step)
            logits = head(drop(emb(flat, offsets)))
            loss = F.cross_entropy(logits, y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            step += 1
            correct += int((logits.argmax(-1) == y).sum())
        with torch.no_grad():
            vs = [s[1:] for s in val[0]]
            flat, offsets = bag(vs)
            emb.eval()
            val_acc = float((head(emb(flat, offsets)).argmax(-1) == torch.tensor(val[1])).float().mean())
        log(f'bow epoch {epoch + 1}: train-acc {correct / len(bodies):.4f} val-acc {val_acc:.4f} '
            f'({time.time() - t0:.0f}s)')
    with torch.no_grad():
        w = emb.weight.clone()
        w[0] = 0.0
        model.word.weight.copy_(w)


def mlm_pretrain(model, seqs, args, rng):
    """BERT masked-LM on the training reviews: 15% of body tokens; 80/10/10 mask/random/keep."""
    lengths = [len(s) for s in seqs]
    steps_per_epoch = math.ceil(len(seqs) / args.batch_size)
    total = steps_per_epoch * args.mlm_epochs
    opt = optimizer(model, args.mlm_lr, args.weight_decay)
    set_lr = schedule(opt, args.mlm_lr, total, int(0.06 * total))
    gen = torch.Generator().manual_seed(args.seed + 1)
    step = 0
    for epoch in range(args.mlm_epochs):
        model.train()
        t0, loss_sum, seen = time.time(), 0.0, 0
        for bi, batch in enumerate(make_batches(lengths, args.batch_size, rng)):
            ids, mask = pad([seqs[j] for j in batch])
            special = (ids == 0) | (ids == 101) | (ids == 102)
            pick = (torch.rand(ids.shape, generator=gen) < 0.15) & ~special
            labels = torch.where(pick, ids, torch.full_like(ids, -100))
            r = torch.rand(ids.shape, generator=gen)
            inp = ids.clone()
            inp[pick & (r < 0.8)] = 103
            rand_pos = pick & (r >= 0.8) & (r < 0.9)
            inp[rand_pos] = torch.randint(999, model.word.num_embeddings, (int(rand_pos.sum()),), generator=gen)
            set_lr(step)
            x = model.encode(inp, mask, torch.zeros_like(inp))
            sel = labels != -100
            loss = F.cross_entropy(model.mlm_logits(x[sel]), labels[sel])
            apply_step(model, opt, loss)
            step += 1
            loss_sum += loss.item() * len(batch)
            seen += len(batch)
            if bi % 100 == 0:
                log(f'mlm epoch {epoch + 1} step {bi}/{steps_per_epoch} loss {loss_sum / seen:.3f} '
                    f'({time.time() - t0:.0f}s)')
        log(f'mlm epoch {epoch + 1} done: loss {loss_sum / seen:.3f} in {time.time() - t0:.0f}s')
