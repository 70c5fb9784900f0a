#!/usr/bin/env python3
"""Check that training/wordpiece.py gives exactly transformers.js's token ids.

    /usr/bin/python3 training/verify_tokenizer.py [--n 400]

Encodes N IMDB reviews (half train, half test, fixed sample) plus hand-picked tricky
strings in Python, then runs training/verify_tokenizer.mjs, which encodes the same texts
with @xenova/transformers' AutoTokenizer (offline, from the tokenizer folder) and compares.
"""
import argparse
import json
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from offline_model.common import REPO, SHARED  # noqa: E402
from offline_model.data import read_split, unpack_imdb  # noqa: E402
from wordpiece import WordPiece  # noqa: E402

TRICKY = [
    'Héllo, wörld! Café NAÏVE façade — “quotes” … and ’apostrophes’',
    'The movie wasn\'t good<br /><br />unbelievably bad!!! 10/10 $5.99 #1 @home',
    '好的电影 日本語のテキスト 한국어 텍스트 Ελληνικά Русский текст',
    'emoji 😀👍🏽 and zero\u200bwidth\u00a0nbsp\ttab\nnewline\r\x00nul \ufeffbom \ufffdrepl',
    'İstanbul ΣΊΣΥΦΟΣ straße ﬁne ½ ² Ⅻ x' + 'a' * 120 + ' end',
    'supercalifragilisticexpialidocious antidisestablishmentarianism',
    '   leading and trailing spaces   ',
    '',
]


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--n', type=int, default=400)
    p.add_argument('--tokenizer-dir', default=os.path.join(SHARED, 'models', 'bert-base-uncased-tokenizer'))
    p.add_argument('--data', default=os.path.join(SHARED, 'data', 'imdb', 'aclImdb_v1_labeled_train_test.tar.gz'))
    p.add_argument('--cache-dir', default=os.path.expanduser('~/.cache/causal-lens-training'))
    args = p.parse_args()
    root = unpack_imdb(args.data, args.cache_dir)
    rng = random.Random(42)
    texts = list(TRICKY)
    for split in ('train', 'test'):
        split_texts, _ = read_split(root, split)
        texts += rng.sample(split_texts, args.n // 2)
    wp = WordPiece(os.path.join(args.tokenizer_dir, 'tokenizer.json'))
    cases = [{'text': t, 'ids': [wp.cls_id] + wp.encode(t) + [wp.sep_id]} for t in texts]
    path = os.path.join(args.cache_dir, 'tokenizer-cases.json')
    with open(path, 'w', encoding='utf-8') as f:
        json.dump(cases, f, ensure_ascii=False)
    r = subprocess.run(['node', os.path.join(REPO, 'training', 'verify_tokenizer.mjs'), path, args.tokenizer_dir],
                       cwd=REPO)
    sys.exit(r.returncode)


if __name__ == '__main__':
    main()
