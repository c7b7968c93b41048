"""Training the intent and English sentiment models is deterministic: the same rows give the
same weights in any process, whatever Python's string-hash seed (a set or dict walked in hash
order would change the order of float sums and so the weights). Cheap: a slice of the rows and
two epochs. The full check that `train` gives back the shipped files byte for byte takes a few
CPU-minutes: `python -m sampark.social.understanding.train --check` (docs/social-understanding.md)."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import hashlib
from sampark.social.understanding import train
rows = train.training_rows()[::6]
w = train.fit_weights([(r.feats, r.intent) for r in rows], 0.0003, 2, train.INTENTS)
examples = train.sentiment_examples()[::12]
sw = train.fit_weights(
    [(train.english_features(t, True), s) for t, s, _, _ in examples], 0.0003, 2, train.SENTIMENTS
)
digest = hashlib.sha256()
for weights in (w, sw):
    for name in sorted(weights):
        digest.update(f"{name}={weights[name]!r};".encode())
print(len(w), len(sw), digest.hexdigest())
"""


def _run(hash_seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True, timeout=600
    )
    return done.stdout.strip()


def test_training_gives_the_same_weights_in_any_process() -> None:
    first, second = _run("1"), _run("2")
    assert first == second
    n_intent, n_sentiment, _ = first.split()
    assert int(n_intent) > 100 and int(n_sentiment) > 100
