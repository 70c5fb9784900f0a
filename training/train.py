#!/usr/bin/env python3
"""Train Causal Lens's small BERT-style IMDB sentiment model and export it to ONNX in the
Hugging Face folder layout that transformers.js loads (models/causal-lens-imdb/).

Build-time tool only (Debian python3-torch 1.13 + python3-onnx); the extension never
needs Python. One command does everything:

    /usr/bin/python3 training/train.py            # see --help for the knobs

Phases: tokenize IMDB (cached outside the repo) -> optional masked-LM pre-training on the
TRAIN reviews (never the test split) -> fine-tuning with a seeded validation hold-out and
best-epoch selection -> test accuracy in torch -> ONNX export + config/tokenizer files ->
reference logits for the Node-side check (training/verify_onnx.mjs).
"""
import argparse
import glob
import json
import math
import os
import random
import shutil
import sys
import tarfile
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wordpiece import WordPiece  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(REPO), 'shared')


def log(msg):
    print(f'[{time.strftime("%H:%M:%S")}] {msg}', flush=True)


# ---------------------------------------------------------------------------- data

def unpack_imdb(archive, cache_dir):
    root = os.path.join(cache_dir, 'aclImdb')
    if not os.path.isdir(os.path.join(root, 'test', 'pos')):
        log(f'unpacking {archive} into {cache_dir}')
        os.makedirs(cache_dir, exist_ok=True)
        with tarfile.open(archive) as tar:
            tar.extractall(cache_dir)
    return root


def read_split(root, split):
    """Reviews of one split in a fixed order (sorted file names), label 1 = positive."""
    texts, labels = [], []
    for label, sub in ((0, 'neg'), (1, 'pos')):
        for path in sorted(glob.glob(os.path.join(root, split, sub, '*.txt'))):
            with open(path, encoding='utf-8') as f:
                texts.append(f.read())
            labels.append(label)
    return texts, labels


def tokenized_imdb(args):
    cache = os.path.join(args.cache_dir, 'imdb-wordpiece.pt')
    if os.path.exists(cache):
        return torch.load(cache)
    root = unpack_imdb(args.data, args.cache_dir)
    wp = WordPiece(args.tokenizer)
    out = {}
    for split in ('train', 'test'):
        texts, labels = read_split(root, split)
        t0 = time.time()
        # Keep up to 512 body tokens: enough to know whether a review was truncated.
        ids = [wp.encode(t)[:512] for t in texts]
        log(f'tokenized {split}: {len(ids)} reviews in {time.time() - t0:.0f}s')
        out[split] = {'ids': ids, 'labels': labels}
    torch.save(out, cache)
    return out


def with_specials(body, max_len, keep_sep):
    """[CLS] body [SEP], truncated to max_len. transformers.js's own truncation simply
    cuts the id list (dropping the final [SEP]); other callers keep [SEP]. Training sees
    both forms for long reviews so inference is right either way."""
    if len(body) + 2 <= max_len:
        return [101] + body + [102]
    if keep_sep:
        return [101] + body[:max_len - 2] + [102]
    return [101] + body[:max_len - 1]


def make_batches(lengths, batch_size, rng, shuffle=True):
    """Length-bucketed batches (dynamic padding): sort within chunks of 50 batches."""
    order = list(range(len(lengths)))
    if shuffle:
        rng.shuffle(order)
    chunk = batch_size * 50
    batches = []
    for i in range(0, len(order), chunk):
        part = sorted(order[i:i + chunk], key=lambda j: lengths[j])
        batches += [part[k:k + batch_size] for k in range(0, len(part), batch_size)]
    if shuffle:
        rng.shuffle(batches)
    return batches


def pad(seqs):
    n = max(len(s) for s in seqs)
    ids = torch.zeros(len(seqs), n, dtype=torch.long)
    mask = torch.zeros(len(seqs), n, dtype=torch.long)
    for i, s in enumerate(seqs):
        ids[i, :len(s)] = torch.tensor(s)
        mask[i, :len(s)] = 1
    return ids, mask


def read_sst2(path):
    """SST-2 as GLUE distributes it: a header line, then `label<TAB>text` (or `text<TAB>label`)."""
    texts, labels = [], []
    with open(path, encoding='utf-8') as f:
        header = f.readline().rstrip('\n').split('\t')
        label_col = header.index('label')
        for line in f:
            cols = line.rstrip('\n').split('\t')
            if len(cols) != len(header):
                continue
            labels.append(int(cols[label_col]))
            texts.append(cols[1 - label_col])
    return texts, labels


def tokenized_sst2(args):
    cache = os.path.join(args.cache_dir, 'sst2-wordpiece.pt')
    if os.path.exists(cache):
        return torch.load(cache)
    wp = WordPiece(args.tokenizer)
    out = {}
    for split, path in (('train', args.sst2_train), ('dev', args.sst2_dev)):
        texts, labels = read_sst2(path)
        out[split] = {'ids': [wp.encode(t)[:args.max_len - 2] for t in texts], 'labels': labels}
        log(f'tokenized SST-2 {split}: {len(texts)} texts')
    torch.save(out, cache)
    return out


def token_batches(lengths, max_tokens, max_seqs, rng):
    """Batches of similar length whose padded size stays under max_tokens: a batch of
    256-token reviews holds few sequences, a batch of 8-token phrases many, so every step
    costs about the same and short SST-2 phrases do not pay for padding."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    chunk = 4096
    batches = []
    for i in range(0, len(order), chunk):
        part = sorted(order[i:i + chunk], key=lambda j: lengths[j])
        cur, longest = [], 0
        for j in part:
            longest2 = max(longest, lengths[j])
            if cur and (longest2 * (len(cur) + 1) > max_tokens or len(cur) >= max_seqs):
                batches.append(cur)
                cur, longest2 = [], lengths[j]
            cur.append(j)
            longest = longest2
        if cur:
            batches.append(cur)
    rng.shuffle(batches)
    return batches


# ---------------------------------------------------------------------------- model

class SelfAttention(nn.Module):
    def __init__(self, h, heads, dropout):
        super().__init__()
        self.heads, self.d = heads, h // heads
        self.query, self.key, self.value = nn.Linear(h, h), nn.Linear(h, h), nn.Linear(h, h)
        self.dense = nn.Linear(h, h)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x, add_mask):
        b, n, _ = x.shape

        def split(t):
            return t.view(b, n, self.heads, self.d).transpose(1, 2)

        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        # Explicit softmax(QK^T/sqrt(d) + mask) then MatMul with V: the ONNX graph keeps one
        # visible Softmax per layer whose output feeds the attention·V MatMul (the
        # extension reads attention probabilities there).
        scores = torch.matmul(q / math.sqrt(self.d), k.transpose(-1, -2)) + add_mask
        probs = torch.softmax(scores, dim=-1)
        self.last_probs = probs  # read by export() for the reference attention fixture
        ctx = torch.matmul(self.dropout(probs) if self.dropout.p > 0 else probs, v)
        return self.dense(ctx.transpose(1, 2).reshape(b, n, self.heads * self.d))


class Layer(nn.Module):
    """Post-LN BERT layer."""

    def __init__(self, h, heads, inter, dropout, attn_dropout):
        super().__init__()
        self.attn = SelfAttention(h, heads, attn_dropout)
        self.ln1 = nn.LayerNorm(h, eps=1e-12)
        self.ff1, self.ff2 = nn.Linear(h, inter), nn.Linear(inter, h)
        self.ln2 = nn.LayerNorm(h, eps=1e-12)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x, add_mask):
        x = self.ln1(x + self.dropout(self.attn(x, add_mask)))
        return self.ln2(x + self.dropout(self.ff2(F.gelu(self.ff1(x)))))


class TinyBert(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        h = cfg['hidden_size']
        self.word = nn.Embedding(cfg['vocab_size'], h, padding_idx=0)
        self.pos = nn.Embedding(cfg['max_position_embeddings'], h)
        self.token_type = nn.Embedding(cfg['type_vocab_size'], h)
        self.ln = nn.LayerNorm(h, eps=1e-12)
        self.dropout = nn.Dropout(cfg['hidden_dropout_prob'])
        self.layers = nn.ModuleList([
            Layer(h, cfg['num_attention_heads'], cfg['intermediate_size'], cfg['hidden_dropout_prob'],
                  cfg['attention_probs_dropout_prob'])
            for _ in range(cfg['num_hidden_layers'])])
        self.pooler = nn.Linear(h, h)
        self.classifier = nn.Linear(h, cfg['num_labels'])
        # Masked-LM head (pre-training only; not exported): transform + tied decoder.
        self.mlm_dense, self.mlm_ln = nn.Linear(h, h), nn.LayerNorm(h, eps=1e-12)
        self.mlm_bias = nn.Parameter(torch.zeros(cfg['vocab_size']))
        self.apply(self._init)

    @staticmethod
    def _init(m):
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, std=0.02)
        if isinstance(m, nn.Linear):
            nn.init.zeros_(m.bias)
        if isinstance(m, nn.Embedding) and m.padding_idx is not None:
            with torch.no_grad():
                m.weight[m.padding_idx].zero_()

    def encode(self, input_ids, attention_mask, token_type_ids):
        n = input_ids.shape[1]
        positions = torch.arange(n, dtype=torch.long).unsqueeze(0)
        x = self.word(input_ids) + self.pos(positions) + self.token_type(token_type_ids)
        x = self.dropout(self.ln(x))
        add_mask = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * -10000.0
        for layer in self.layers:
            x = layer(x, add_mask)
        return x

    def forward(self, input_ids, attention_mask, token_type_ids):
        x = self.encode(input_ids, attention_mask, token_type_ids)
        pooled = torch.tanh(self.pooler(x[:, 0]))  # the decision flows through [CLS]
        return self.classifier(self.dropout(pooled))

    def mlm_logits(self, x):
        x = self.mlm_ln(F.gelu(self.mlm_dense(x)))
        return x @ self.word.weight.t() + self.mlm_bias


# ---------------------------------------------------------------------------- training

def schedule(opt, base_lr, total, warmup):
    def lr_at(step):
        if step < warmup:
            return base_lr * (step + 1) / warmup
        return base_lr * max(0.0, (total - step) / max(1, total - warmup))
    return lambda step: [g.__setitem__('lr', lr_at(step) * g.get('scale', 1.0)) for g in opt.param_groups]


def optimizer(model, lr, wd, emb_scale=1.0):
    decay, no_decay, word = [], [], []
    for name, p in model.named_parameters():
        if name == 'word.weight':
            word.append(p)
        else:
            (no_decay if p.ndim == 1 or 'ln' in name else decay).append(p)
    return torch.optim.AdamW([{'params': decay, 'weight_decay': wd, 'scale': 1.0},
                              {'params': no_decay, 'weight_decay': 0.0, 'scale': 1.0},
                              {'params': word, 'weight_decay': wd, 'scale': emb_scale}], lr=lr)


def apply_step(model, opt, loss):
    """One optimizer step with BERT's gradient clipping (norm 1.0)."""
    opt.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()


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


@torch.no_grad()
def accuracy(model, seqs, labels, batch_size=128):
    model.eval()
    correct = 0
    for batch in make_batches([len(s) for s in seqs], batch_size, None, shuffle=False):
        ids, mask = pad([seqs[j] for j in batch])
        pred = model(ids, mask, torch.zeros_like(ids)).argmax(-1)
        correct += int((pred == torch.tensor([labels[j] for j in batch])).sum())
    return correct / len(seqs)


def finetune_mixed(model, items, evals, args, state_path, epochs=None, lr=None, start=None):
    """Fine-tune on one stream of IMDB reviews and SST-2 phrases (token-budget batches),
    evaluating every --eval-every steps on the IMDB validation reviews and the SST-2 dev
    sentences; the state with the best mean of the two is kept. The whole training state
    is saved every --ckpt-minutes so a stopped run resumes (--resume) where it was.
    `start` = (score, state, history) of an earlier phase, which the new steps must beat."""
    epochs = epochs or args.epochs
    lr = lr or args.lr
    seqs_of, labels = items
    lengths = [min(len(b) + 2, args.max_len) for b in seqs_of]
    plans = [token_batches(lengths, args.max_tokens, args.max_seqs, random.Random(args.seed * 7919 + e))
             for e in range(epochs)]
    total = sum(len(p) for p in plans)
    opt = optimizer(model, lr, args.weight_decay, args.emb_lr_scale if args.bow_epochs else 1.0)
    set_lr = schedule(opt, lr, total, int(args.warmup * total))
    step, best, best_state, history = 0, -1.0, None, []
    if start is not None:
        best, best_state, history = start[0], start[1], list(start[2])
    if args.resume and os.path.exists(state_path):
        saved = torch.load(state_path)
        model.load_state_dict(saved['model'])
        opt.load_state_dict(saved['opt'])
        step, best, best_state, history = saved['step'], saved['best'], saved['best_state'], saved['history']
        log(f'resumed at step {step}/{total} (best score so far {best:.4f})')
    log(f'fine-tuning: {total} steps over {epochs} epochs ({len(plans[0])} batches per epoch), lr {lr}')
    t0, last_ckpt = time.time(), time.time()
    loss_sum, seen, correct = 0.0, 0, 0
    flat = [(e, b) for e, plan in enumerate(plans) for b in plan]
    model.train()
    while step < total:
        epoch, batch = flat[step]
        brng = random.Random(args.seed * 1000003 + step)  # per step: a resumed run sees the same data
        seqs = [with_specials(seqs_of[j], args.max_len, brng.random() < 0.5) for j in batch]
        ids, mask = pad(seqs)
        y = torch.tensor([labels[j] for j in batch])
        set_lr(step)
        logits = model(ids, mask, torch.zeros_like(ids))
        loss = F.cross_entropy(logits, y, label_smoothing=args.label_smoothing)
        apply_step(model, opt, loss)
        step += 1
        loss_sum += loss.item() * len(batch)
        seen += len(batch)
        correct += int((logits.argmax(-1) == y).sum())
        if step % 100 == 0:
            log(f'step {step}/{total} (epoch {epoch + 1}) loss {loss_sum / seen:.4f} train-acc {correct / seen:.4f} '
                f'({time.time() - t0:.0f}s)')
            loss_sum, seen, correct = 0.0, 0, 0
        if step % args.eval_every == 0 or step == total:
            scores = {name: accuracy(model, *data) for name, data in evals.items()}
            score = sum(scores.values()) / len(scores)
            history.append({'step': step, 'epoch': epoch + 1, **scores, 'score': score, 'seconds': time.time() - t0})
            kept = score > best
            if kept:
                best = score
                best_state = {k: v.clone() for k, v in model.state_dict().items()}
            log('eval at step %d: %s mean %.4f%s' % (step, ' '.join(f'{k} {v:.4f}' for k, v in scores.items()),
                                                     score, ' (best, kept)' if kept else ''))
            model.train()
        if time.time() - last_ckpt > args.ckpt_minutes * 60 or step == total:
            torch.save({'model': model.state_dict(), 'opt': opt.state_dict(), 'step': step, 'best': best,
                        'best_state': best_state, 'history': history}, state_path + '.tmp')
            os.replace(state_path + '.tmp', state_path)
            last_ckpt = time.time()
            log(f'checkpoint at step {step}')
    model.load_state_dict(best_state)
    return best, history


def sentence_phase(model, sst, evals, args, score, history):
    """Optional last phase (--sst-epochs): SST-2 phrases only, at --sst-lr, so the model ends on
    the short texts people select; kept only if it beats the mixed phase on the same validation."""
    if not args.sst_epochs:
        return score, history
    state = {k: v.clone() for k, v in model.state_dict().items()}
    phase_state = os.path.join(args.cache_dir, 'train-state-sst.pt')
    return finetune_mixed(model, sst, evals, args, phase_state, epochs=args.sst_epochs, lr=args.sst_lr,
                          start=(score, state, history))


@torch.no_grad()
def all_logits(model, seqs, batch_size=128):
    model.eval()
    out = torch.zeros(len(seqs), 2)
    for batch in make_batches([len(s) for s in seqs], batch_size, None, shuffle=False):
        ids, mask = pad([seqs[j] for j in batch])
        out[batch] = model(ids, mask, torch.zeros_like(ids))
    return out


def expected_calibration_error(logits, labels, bins=10):
    probs = torch.softmax(logits, -1)
    conf, pred = probs.max(-1)
    right = (pred == torch.tensor(labels)).float()
    ece = 0.0
    for b in range(bins):
        sel = (conf > b / bins) & (conf <= (b + 1) / bins)
        if sel.any():
            ece += float(sel.float().mean() * (conf[sel].mean() - right[sel].mean()).abs())
    return ece


def fold_temperature(model, calib, report):
    """Temperature scaling (Guo et al. 2017) fitted on the validation sets and folded into the
    classifier (W/T, b/T): argmax and so accuracy are unchanged, confidences become honest."""
    logits = torch.cat([all_logits(model, s) for s, _ in calib])
    labels = torch.tensor([l for _, ls in calib for l in ls])
    best_t, best_nll = 1.0, float('inf')
    for t in [0.5 + 0.05 * i for i in range(91)]:
        nll = float(F.cross_entropy(logits / t, labels))
        if nll < best_nll:
            best_t, best_nll = t, nll
    seqs, labs = report
    before = expected_calibration_error(all_logits(model, seqs), labs)
    with torch.no_grad():
        model.classifier.weight.div_(best_t)
        model.classifier.bias.div_(best_t)
    after = expected_calibration_error(all_logits(model, seqs), labs)
    log(f'temperature {best_t:.2f} folded into the classifier; SST-2 dev ECE {before:.4f} -> {after:.4f}')
    return {'temperature': best_t, 'sst2_dev_ece_before': before, 'sst2_dev_ece_after': after}


# ---------------------------------------------------------------------------- export

def bert_config(args, vocab_size):
    return {
        '_name_or_path': 'causal-lens-imdb',
        'architectures': ['BertForSequenceClassification'],
        'model_type': 'bert',
        'vocab_size': vocab_size,
        'hidden_size': args.hidden,
        'num_hidden_layers': args.layers,
        'num_attention_heads': args.heads,
        'intermediate_size': 4 * args.hidden,
        'hidden_act': 'gelu',
        'hidden_dropout_prob': 0.1,
        'attention_probs_dropout_prob': 0.1,
        'max_position_embeddings': args.max_len,
        'type_vocab_size': 2,
        'initializer_range': 0.02,
        'layer_norm_eps': 1e-12,
        'pad_token_id': 0,
        'position_embedding_type': 'absolute',
        'classifier_dropout': None,
        'use_cache': False,
        'num_labels': 2,
        'id2label': {'0': 'NEGATIVE', '1': 'POSITIVE'},
        'label2id': {'NEGATIVE': 0, 'POSITIVE': 1},
        'problem_type': 'single_label_classification',
        'torch_dtype': 'float32',
        'transformers_version': '4.29.2',
    }


class ExportWrapper(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.model(input_ids, attention_mask, token_type_ids)


def export(model, cfg, args, test_samples):
    out = args.out
    os.makedirs(os.path.join(out, 'onnx'), exist_ok=True)
    model.eval()
    ids, mask = pad(test_samples[:2])
    onnx_path = os.path.join(out, 'onnx', 'model.onnx')
    # torch.onnx.export restores the module's previous training flag afterwards: a fresh
    # wrapper is in training mode, so put it in eval mode first (else dropout comes back).
    wrapper = ExportWrapper(model).eval()
    torch.onnx.export(
        wrapper, (ids, mask, torch.zeros_like(ids)), onnx_path,
        input_names=['input_ids', 'attention_mask', 'token_type_ids'], output_names=['logits'],
        dynamic_axes={'input_ids': {0: 'batch_size', 1: 'sequence_length'},
                      'attention_mask': {0: 'batch_size', 1: 'sequence_length'},
                      'token_type_ids': {0: 'batch_size', 1: 'sequence_length'},
                      'logits': {0: 'batch_size'}},
        opset_version=14, do_constant_folding=True)
    import onnx
    graph = onnx.load(onnx_path)
    onnx.checker.check_model(graph)
    softmaxes = [n for n in graph.graph.node if n.op_type == 'Softmax']
    log(f'exported {onnx_path} ({os.path.getsize(onnx_path) / 1e6:.1f} MB, {len(softmaxes)} Softmax nodes)')
    assert len(softmaxes) == cfg['num_hidden_layers']
    for sm in softmaxes:  # the attention probabilities feed attention·V directly
        assert any(n.op_type == 'MatMul' and sm.output[0] in n.input for n in graph.graph.node), sm.name

    with open(os.path.join(out, 'config.json'), 'w') as f:
        json.dump(cfg, f, indent=2)
        f.write('\n')
    tok_dir = os.path.dirname(args.tokenizer)
    shutil.copyfile(args.tokenizer, os.path.join(out, 'tokenizer.json'))
    with open(os.path.join(tok_dir, 'tokenizer_config.json')) as f:
        tok_cfg = json.load(f)
    # The position table has max_len rows: transformers.js must truncate there.
    tok_cfg['model_max_length'] = args.max_len
    tok_cfg['tokenizer_class'] = 'BertTokenizer'
    with open(os.path.join(out, 'tokenizer_config.json'), 'w') as f:
        json.dump(tok_cfg, f, indent=2)
        f.write('\n')

    # Reference logits for the Node check (onnxruntime-node and transformers.js).
    model.eval()
    with torch.no_grad():
        refs = []
        for s in test_samples:
            t = torch.tensor([s])
            refs.append({'input_ids': s, 'logits': model(t, torch.ones_like(t), torch.zeros_like(t))[0].tolist()})
    with open(os.path.join(args.cache_dir, 'reference-logits.json'), 'w') as f:
        json.dump(refs, f)
    write_attention_reference(model, args)


REFERENCE_TEXTS = [
    'The plot was thin but the acting was wonderful.',
    'I want my two hours back.',
    'Not bad at all, I would happily watch it again.',
]


@torch.no_grad()
def write_attention_reference(model, args):
    """torch's own attention probabilities (every layer and head) and logits for a few texts, so
    the Node test suite can check that graph surgery reads exactly these from the ONNX file."""
    wp = WordPiece(args.tokenizer)
    model.eval()
    cases = []
    for text in REFERENCE_TEXTS:
        ids = [wp.cls_id] + wp.encode(text) + [wp.sep_id]
        t = torch.tensor([ids])
        logits = model(t, torch.ones_like(t), torch.zeros_like(t))[0]
        attentions = [[[[round(float(x), 7) for x in row] for row in head] for head in layer.attn.last_probs[0]]
                      for layer in model.layers]
        cases.append({'text': text, 'input_ids': ids, 'logits': [float(x) for x in logits], 'attentions': attentions})
    path = os.path.join(args.reference_out, 'shipped-model-reference.json')
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        json.dump({'about': 'written by training/train.py export(): torch attention [layer][head][row][col] and logits',
                   'cases': cases}, f)
        f.write('\n')
    log(f'wrote {path}')


# ---------------------------------------------------------------------------- main

def tune_malloc():
    """glibc returns big freed blocks to the OS and page-faults them back on the next
    step; on this VM that made element-wise ops ~10x slower. Keep freed memory instead
    (affects speed only, never results)."""
    if os.environ.get('MALLOC_MMAP_MAX_') is None:
        # One thread for everything by default. OpenBLAS runs its own thread pool beside torch's
        # OpenMP one, and its threads wait for each other with sched_yield(), which hands the
        # core to any other runnable process whatever its nice value: on an idle machine torch 1
        # + OpenBLAS 2 threads ran 3,336 tokens/s (torch 2 + OpenBLAS 2: 1,246), but beside two
        # niced test processes the run fell to ~7% of a core, stuck in sched_yield. A single
        # thread keeps one whole core at nice 0 and leaves the other to the machine.
        env = dict(os.environ, MALLOC_MMAP_MAX_='0', MALLOC_TRIM_THRESHOLD_=str(1 << 36),
                   MALLOC_TOP_PAD_=str(1 << 28))
        env.setdefault('OPENBLAS_NUM_THREADS', '1')
        os.execve(sys.executable, [sys.executable] + sys.argv, env)


def main():
    tune_malloc()
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--data', default=os.path.join(SHARED, 'data', 'imdb', 'aclImdb_v1_labeled_train_test.tar.gz'))
    p.add_argument('--tokenizer', default=os.path.join(SHARED, 'models', 'bert-base-uncased-tokenizer', 'tokenizer.json'))
    p.add_argument('--cache-dir', default=os.path.expanduser('~/.cache/causal-lens-training'))
    p.add_argument('--out', default=os.path.join(REPO, 'models', 'causal-lens-imdb'))
    p.add_argument('--reference-out', default=os.path.join(REPO, 'test', 'fixtures'),
                   help='where the torch attention reference of the exported model goes')
    p.add_argument('--seed', type=int, default=1234)
    p.add_argument('--threads', type=int, default=1, help='torch intra-op threads (OpenBLAS has its own, OPENBLAS_NUM_THREADS, default 1)')
    p.add_argument('--layers', type=int, default=4)
    p.add_argument('--hidden', type=int, default=192)
    p.add_argument('--heads', type=int, default=4)
    p.add_argument('--max-len', type=int, default=256)
    p.add_argument('--batch-size', type=int, default=32)
    p.add_argument('--epochs', type=int, default=1)
    p.add_argument('--lr', type=float, default=1e-3)
    p.add_argument('--warmup', type=float, default=0.06)
    p.add_argument('--weight-decay', type=float, default=0.01)
    p.add_argument('--dropout', type=float, default=0.1)
    p.add_argument('--emb-lr-scale', type=float, default=0.1)
    p.add_argument('--attn-dropout', type=float, default=0.0)
    p.add_argument('--bow-epochs', type=int, default=3)
    p.add_argument('--bow-lr', type=float, default=3e-3)
    p.add_argument('--label-smoothing', type=float, default=0.0)
    p.add_argument('--mlm-epochs', type=int, default=0)
    p.add_argument('--mlm-lr', type=float, default=1e-3)
    p.add_argument('--val-size', type=int, default=2500)
    p.add_argument('--train-limit', type=int, default=0, help='use only N training reviews (timing runs)')
    p.add_argument('--from-checkpoint', action='store_true',
                   help='skip training: export/test the checkpoint the last full run saved in --cache-dir')
    p.add_argument('--sst2-train', default=os.path.join(SHARED, 'data', 'sst2', 'train.tsv'))
    p.add_argument('--sst2-dev', default=os.path.join(SHARED, 'data', 'sst2', 'dev.tsv'),
                   help='model selection only (with the IMDB hold-out)')
    p.add_argument('--sst-repeat', type=int, default=2, help='SST-2 phrases appear this many times per epoch')
    p.add_argument('--sst-epochs', type=int, default=0, help='a last phase on SST-2 phrases only (0: none)')
    p.add_argument('--sst-lr', type=float, default=1e-4)
    p.add_argument('--max-tokens', type=int, default=4096, help='padded tokens per batch')
    p.add_argument('--max-seqs', type=int, default=128, help='sequences per batch')
    p.add_argument('--eval-every', type=int, default=400)
    p.add_argument('--eval-imdb', type=int, default=1000, help='IMDB hold-out reviews scored at each evaluation')
    p.add_argument('--ckpt-minutes', type=float, default=5.0)
    p.add_argument('--resume', action='store_true', help='continue the run saved in --cache-dir')
    p.add_argument('--from-state', action='store_true',
                   help='skip training: export the best evaluated state of the run saved in --cache-dir')
    p.add_argument('--no-temperature', action='store_true')
    p.add_argument('--skip-test', action='store_true')
    p.add_argument('--no-export', action='store_true')
    args = p.parse_args()

    t_start = time.time()
    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True)
    rng = random.Random(args.seed)

    data = tokenized_imdb(args)
    sst = tokenized_sst2(args)
    vocab_size = len(WordPiece(args.tokenizer).vocab)
    order = list(range(len(data['train']['ids'])))
    random.Random(args.seed).shuffle(order)
    val_idx, train_idx = order[:args.val_size], order[args.val_size:]
    if args.train_limit:
        train_idx = train_idx[:args.train_limit]
    bodies = [data['train']['ids'][i] for i in train_idx]
    labels = [data['train']['labels'][i] for i in train_idx]
    sst_bodies, sst_labels = sst['train']['ids'], sst['train']['labels']
    if args.train_limit:
        sst_bodies, sst_labels = sst_bodies[:args.train_limit * 3], sst_labels[:args.train_limit * 3]
    # Validation uses exactly what transformers.js feeds: the first max_len ids.
    val = ([with_specials(data['train']['ids'][i], args.max_len, False) for i in val_idx],
           [data['train']['labels'][i] for i in val_idx])
    sst_dev = ([with_specials(b, args.max_len, False) for b in sst['dev']['ids']], sst['dev']['labels'])
    evals = {'imdb-val': (val[0][:args.eval_imdb], val[1][:args.eval_imdb]), 'sst2-dev': sst_dev}
    log(f'train {len(bodies)} IMDB reviews + {len(sst_bodies)} SST-2 phrases (x{args.sst_repeat}) / '
        f'val {len(val[0])} reviews, {len(sst_dev[0])} SST-2 dev sentences')

    cfg = bert_config(args, vocab_size)
    cfg['hidden_dropout_prob'] = args.dropout
    cfg['attention_probs_dropout_prob'] = args.attn_dropout
    model = TinyBert(cfg)
    n_params = sum(p.numel() for n, p in model.named_parameters() if not n.startswith('mlm'))
    log(f'model: {args.layers} layers, hidden {args.hidden}, {args.heads} heads, {n_params / 1e6:.2f}M parameters')

    ckpt = os.path.join(args.cache_dir, 'causal-lens-imdb.pt')
    state_path = os.path.join(args.cache_dir, 'train-state.pt')
    bow_path = os.path.join(args.cache_dir, f'bow-{args.hidden}-{args.seed}.pt')
    resuming = (args.resume or args.from_state) and os.path.exists(state_path)
    if args.bow_epochs and not (args.from_checkpoint or resuming):
        if os.path.exists(bow_path) and args.resume:
            model.word.weight.data.copy_(torch.load(bow_path))
            log(f'word embeddings from {bow_path}')
        else:
            bow_pretrain(model, [b[:args.max_len - 2] for b in bodies] + list(sst_bodies), labels + list(sst_labels),
                         val, args, rng)
            torch.save(model.word.weight.data.clone(), bow_path)
    if args.mlm_epochs and not (args.from_checkpoint or resuming):
        mlm_pretrain(model, [with_specials(b, args.max_len, True) for b in bodies], args, rng)
    calibration = None
    if args.from_state:
        # A run stopped early (e.g. the session ended): export the best evaluated state so far.
        saved = torch.load(state_path)
        model.load_state_dict(saved['best_state'])
        val_acc, history = saved['best'], saved['history']
        log(f'best state of the stopped run at step {saved["step"]} (validation score {val_acc:.4f})')
        val_acc, history = sentence_phase(model, (sst_bodies, sst_labels), evals, args, val_acc, history)
        full = {'imdb-val-all': accuracy(model, *val), 'sst2-dev': accuracy(model, *sst_dev)}
        log('best state: ' + ' '.join(f'{k} {v:.4f}' for k, v in full.items()))
        history.append({'selected': full, 'stopped_at_step': saved['step']})
        if not args.no_temperature:
            calibration = fold_temperature(model, [val, sst_dev], sst_dev)
        torch.save({'state': model.state_dict(), 'config': cfg, 'val_acc': val_acc, 'history': history,
                    'calibration': calibration}, ckpt)
    elif args.from_checkpoint:
        saved = torch.load(ckpt)
        model.load_state_dict(saved['state'])
        val_acc, history, calibration = saved['val_acc'], saved['history'], saved.get('calibration')
        log(f'loaded {ckpt} (validation score {val_acc:.4f})')
    else:
        items = (bodies + list(sst_bodies) * args.sst_repeat, labels + list(sst_labels) * args.sst_repeat)
        val_acc, history = finetune_mixed(model, items, evals, args, state_path)
        log(f'best validation score {val_acc:.4f}')
        val_acc, history = sentence_phase(model, (sst_bodies, sst_labels), evals, args, val_acc, history)
        full = {'imdb-val-all': accuracy(model, *val), 'sst2-dev': accuracy(model, *sst_dev)}
        log('best state: ' + ' '.join(f'{k} {v:.4f}' for k, v in full.items()))
        history.append({'selected': full})
        if not args.no_temperature:
            calibration = fold_temperature(model, [val, sst_dev], sst_dev)
        torch.save({'state': model.state_dict(), 'config': cfg, 'val_acc': val_acc, 'history': history,
                    'calibration': calibration}, ckpt)

    test_seqs = [with_specials(b, args.max_len, False) for b in data['test']['ids']]
    if not args.no_export:
        samples = [test_seqs[i] for i in random.Random(7).sample(range(len(test_seqs)), 20)]
        samples.append([101, 2023, 3185, 2001, 6919, 999, 102])  # "this movie was wonderful!"
        export(model, cfg, args, samples)
    test_acc = None
    if not args.skip_test:
        t0 = time.time()
        test_acc = accuracy(model, test_seqs, data['test']['labels'])
        log(f'torch test accuracy {test_acc:.4f} (25,000 reviews, {time.time() - t0:.0f}s)')
    with open(os.path.join(REPO, 'training', 'last-run.json'), 'w') as f:
        json.dump({'args': vars(args), 'history': history, 'val_acc': val_acc,
                   'torch_test_acc': test_acc, 'calibration': calibration, 'seconds': time.time() - t_start,
                   'torch': torch.__version__, 'threads': torch.get_num_threads()}, f, indent=2)
        f.write('\n')
    log(f'total {time.time() - t_start:.0f}s')


if __name__ == '__main__':
    main()
