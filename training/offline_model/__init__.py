"""The offline model's trainer (models/causal-lens-imdb/), one module per phase; training/train.py
is the command line that runs them."""
