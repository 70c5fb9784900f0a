"""TinyBert: the post-LN BERT-style encoder with an explicit softmax per layer, and its
Hugging Face config.json."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


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
