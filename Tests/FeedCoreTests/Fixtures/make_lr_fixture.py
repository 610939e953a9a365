#!/usr/bin/env python3
"""Writes lr_parity.json (a prefeed.logistic model) and lr_parity_expected.csv.

Pure Python (no numpy): the reference the Swift LogisticHead is checked against.
Features f0..f9 (schema v1 over those names); cells are float32-exact; an empty
cell is missing (NaN). Per head: z = bias + sum_j (w_j*x_j if present else
w_j*mean_j + m_j), summed in float64 in feature order; q = float32(1/(1+exp(-z)));
p = q / (q + (1-q)/rate). Columns: f0..f9, then p_<head> for each head, then
score = sum weight_a * p_a with the default weights.

Run: python3 Tests/FeedCoreTests/Fixtures/make_lr_fixture.py
"""
import hashlib
import json
import math
import random
import struct
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAMES = [f"f{i}" for i in range(10)]
HEADS = ["click", "like", "comment", "share", "hide", "report"]
WEIGHTS = {"click": 1, "like": 2, "comment": 4, "share": 6, "hide": -20, "report": -50}
RATES = {"click": 1.0, "like": 0.5, "comment": 0.25, "share": 0.1, "hide": 1.0, "report": 0.05}


def f32(x: float) -> float:
    return struct.unpack("f", struct.pack("f", x))[0]


def main():
    rng = random.Random(20250101)
    schema_hash = hashlib.sha256(("prefeed.features.v1\n" + "\n".join(NAMES)).encode()).hexdigest()
    heads = {}
    for h in HEADS:
        heads[h] = {
            "bias": rng.uniform(-4, 0),
            "weights": [rng.uniform(-1.5, 1.5) for _ in NAMES],
            "imputation_means": [rng.uniform(-1, 1) for _ in NAMES],
            "missing_weights": [rng.uniform(-0.5, 0.5) for _ in NAMES],
            "negative_sampling_rate": RATES[h],
        }
    model = {
        "format": "prefeed.logistic",
        "format_version": 1,
        "model_version": "lr-parity-fixture-1",
        "feature_schema": {"version": 1, "hash": schema_hash, "names": NAMES},
        "heads": heads,
    }
    (HERE / "lr_parity.json").write_text(json.dumps(model, indent=1, sort_keys=True) + "\n")

    rows = []
    for r in range(150):
        x = []
        for j in range(len(NAMES)):
            if rng.random() < 0.15 or r < 2:
                x.append(float("nan"))
            else:
                x.append(f32(rng.gauss(0, 2)))
        rows.append(x)
    with open(HERE / "lr_parity_expected.csv", "w") as fh:
        fh.write(",".join(NAMES + [f"p_{h}" for h in HEADS] + ["score"]) + "\n")
        for x in rows:
            probs = []
            for h in HEADS:
                head = heads[h]
                z = head["bias"]
                for j, v in enumerate(x):
                    if math.isnan(v):
                        z += head["weights"][j] * head["imputation_means"][j] + head["missing_weights"][j]
                    else:
                        z += head["weights"][j] * v
                q = f32(1.0 / (1.0 + math.exp(-z)))
                w = head["negative_sampling_rate"]
                p = q if w == 1 else f32(q / (q + (1 - q) / w))
                probs.append(p)
            score = sum(WEIGHTS[h] * p for h, p in zip(HEADS, probs))
            cells = ["" if math.isnan(v) else repr(v) for v in x]
            fh.write(",".join(cells + [repr(p) for p in probs] + [repr(score)]) + "\n")


if __name__ == "__main__":
    main()
