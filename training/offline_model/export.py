"""ONNX export in the Hugging Face folder layout (graph checked with python3-onnx), config and
tokenizer files, reference logits and the torch attention reference for the Node test suite."""
import json
import os
import shutil

import torch
import torch.nn as nn

from wordpiece import WordPiece  # training/wordpiece.py: train.py puts training/ on sys.path

from .common import log
from .data import pad


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
