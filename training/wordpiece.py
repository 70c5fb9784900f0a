"""BERT WordPiece tokenizer that reproduces transformers.js 2.17.2 (BertNormalizer +
BertPreTokenizer + WordPiece) token for token, so the model is trained on exactly the
ids the extension will feed it. Reads only tokenizer.json; no `tokenizers` package.

Details copied from the JS behaviour on purpose (not from the Rust/Python tokenizers):
- clean_text drops NUL, U+FFFD and Unicode category C* (except \t \n \r), and maps
  JavaScript's `\\s` whitespace set to a space;
- CJK ideographs are spaced only in the BMP (JS iterates UTF-16 units there);
- lower-case, then NFD and removal of U+0300–U+036F only (JS `stripAccents`);
- pre-tokenization splits on JS whitespace and on \\p{P} plus ASCII punctuation;
- WordPiece is greedy longest-match over code points, `##` continuation, words longer
  than 100 code points become [UNK].
"""
import json
import unicodedata

# JavaScript's `\s` (ECMAScript WhiteSpace + LineTerminator).
JS_WHITESPACE = set('\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff') | {
    chr(c) for c in range(0x2000, 0x200B)
}


def _is_control(ch):
    if ch in '\t\n\r':
        return False
    return unicodedata.category(ch) in ('Cc', 'Cf', 'Co', 'Cs')


def _is_punct(ch):
    cp = ord(ch)
    if 0x21 <= cp <= 0x2F or 0x3A <= cp <= 0x40 or 0x5B <= cp <= 0x60 or 0x7B <= cp <= 0x7E:
        return True
    return unicodedata.category(ch).startswith('P')


def _is_cjk_bmp(cp):
    return 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF


class WordPiece:
    def __init__(self, tokenizer_json_path):
        with open(tokenizer_json_path, encoding='utf-8') as f:
            spec = json.load(f)
        model = spec['model']
        assert model['type'] == 'WordPiece'
        self.vocab = model['vocab']
        self.unk_id = self.vocab[model['unk_token']]
        self.prefix = model['continuing_subword_prefix']
        self.max_chars = model.get('max_input_chars_per_word', 100)
        self.cls_id = self.vocab['[CLS]']
        self.sep_id = self.vocab['[SEP]']
        self.pad_id = self.vocab['[PAD]']
        self.mask_id = self.vocab['[MASK]']
        self._cache = {}

    def normalize(self, text):
        out = []
        for ch in text:
            cp = ord(ch)
            if cp == 0 or cp == 0xFFFD or _is_control(ch):
                continue
            if ch in JS_WHITESPACE:
                out.append(' ')
            elif _is_cjk_bmp(cp):
                out.append(' ' + ch + ' ')
            else:
                out.append(ch)
        text = ''.join(out).lower()
        text = unicodedata.normalize('NFD', text)
        return ''.join(ch for ch in text if not 0x300 <= ord(ch) <= 0x36F)

    @staticmethod
    def pre_tokenize(text):
        words, cur = [], []
        for ch in text:
            if ch in JS_WHITESPACE:
                if cur:
                    words.append(''.join(cur))
                    cur = []
            elif _is_punct(ch):
                if cur:
                    words.append(''.join(cur))
                    cur = []
                words.append(ch)
            else:
                cur.append(ch)
        if cur:
            words.append(''.join(cur))
        return words

    def _word_ids(self, word):
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        if len(word) > self.max_chars:
            ids = [self.unk_id]
        else:
            ids, start = [], 0
            while start < len(word):
                end, found = len(word), None
                while start < end:
                    piece = word[start:end] if start == 0 else self.prefix + word[start:end]
                    found = self.vocab.get(piece)
                    if found is not None:
                        break
                    end -= 1
                if found is None:
                    ids = [self.unk_id]
                    break
                ids.append(found)
                start = end
        self._cache[word] = ids
        return ids

    def encode(self, text):
        """Token ids of `text` without special tokens."""
        ids = []
        for word in self.pre_tokenize(self.normalize(text)):
            ids.extend(self._word_ids(word))
        return ids
