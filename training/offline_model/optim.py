"""AdamW parameter groups, the warm-up + linear-decay schedule and one clipped step."""
import torch


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
