#!/usr/bin/env python3
"""Train Causal Lens's small BERT-style IMDB sentiment model and export it to ONNX in the
Hugging Face folder layout that transformers.js loads (models/causal-lens-imdb/).

Build-time tool only (Debian python3-torch 1.13 + python3-onnx); the extension never
needs Python. One command does everything:

    /usr/bin/python3 training/train.py            # see --help for the knobs

Phases: tokenize IMDB (cached outside the repo) -> optional masked-LM pre-training on the
TRAIN reviews (never the test split) -> fine-tuning with a seeded validation hold-out and
best-epoch selection -> test accuracy in torch -> ONNX export + config/tokenizer files ->
reference logits for the Node-side check (training/verify_onnx.mjs). This file is the command
line; each phase lives in training/offline_model/ (data, model, optim, pretrain, finetune,
calibrate, export).
"""
import argparse
import json
import os
import random
import sys
import time

import numpy as np
import torch

# training/ on the path: wordpiece.py and the offline_model package (which imports wordpiece too).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wordpiece import WordPiece  # noqa: E402
from offline_model.calibrate import fold_temperature  # noqa: E402
from offline_model.common import REPO, SHARED, log  # noqa: E402
from offline_model.data import tokenized_imdb, tokenized_sst2, with_specials  # noqa: E402
from offline_model.export import export  # noqa: E402
from offline_model.finetune import accuracy, finetune_mixed, sentence_phase  # noqa: E402
from offline_model.model import TinyBert, bert_config  # noqa: E402
from offline_model.pretrain import bow_pretrain, mlm_pretrain  # noqa: E402


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
