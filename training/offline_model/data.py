"""IMDB and SST-2: unpacking, WordPiece token-id caches, [CLS]/[SEP] framing, padding and batching."""
import glob
import os
import tarfile
import time

import torch

from wordpiece import WordPiece  # training/wordpiece.py: train.py puts training/ on sys.path

from .common import log


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
