"""Fine-tuning on the mixed IMDB + SST-2 stream with periodic evaluation, best-state selection and
resumable checkpoints; the optional SST-2-only last phase."""
import os
import random
import time

import torch
import torch.nn.functional as F

from .common import log
from .data import make_batches, pad, token_batches, with_specials
from .optim import apply_step, optimizer, schedule


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
