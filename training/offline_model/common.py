"""Paths and the log line every phase of the trainer shares."""
import os
import time

# training/offline_model/ -> the repository root; ../shared beside it holds the data and the tokenizer.
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.join(os.path.dirname(REPO), 'shared')


def log(msg):
    print(f'[{time.strftime("%H:%M:%S")}] {msg}', flush=True)
