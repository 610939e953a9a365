#!/usr/bin/env python3
"""Train xgboost value-model heads from prefeed's joined training rows (docs/LEARNING.md).

Reads the rows `prefeed join` writes (a directory with manifest.json, or one .jsonl/.csv file),
splits them by served hour exactly like `prefeed train` (train on earlier hours, evaluate on the
last --split-hours, skipping --gap-hours), undoes negative downsampling the same way
(--weighting calibrated: per-head resampling with the join's hash + the head's
negative_sampling_rate attribute; importance: row weights), and saves one xgboost JSON model per
head (`<out>/<head>.json`, feature_names = the schema's names, attributes feature_schema_hash,
feature_schema_version and negative_sampling_rate) that `ValueModel.gradientBoosted` loads.

Reports the same metrics as the Swift trainer (weighted AUC with ties, log-loss, normalized
entropy against the evaluation base rate, calibration ratio), and with --compare-lr the Swift
trainer's --metrics-out JSON side by side.

    python3 Ops/ml/train_xgb.py --rows var/rows --out var/xgb --split-hours 24 \
        --predictions-out var/xgb-pred.csv --compare-lr var/lr-metrics.json
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sys
import tempfile
import time

import numpy as np
import xgboost as xgb

HEADS = ["click", "like", "comment", "share", "hide", "report"]
LEADING = ["request_id", "user", "generation", "model_version", "post", "position", "served_at_ms", "weight"] + HEADS + ["dwell_ms"]
HOUR_MS = 3_600_000
EPSILON = 1e-15
MASK = np.uint64(0xFFFFFFFFFFFFFFFF)


class Rows:
    """Column arrays of a row set."""

    def __init__(self, features, labels, weight, served_at, request, post, names, schema_hash, schema_version):
        self.features = features          # float32 (n, F), NaN = missing
        self.labels = labels              # head -> bool (n,)
        self.weight = weight              # float64 (n,)
        self.served_at = served_at        # int64 (n,)
        self.request = request            # uint64 (n,)
        self.post = post                  # uint64 (n,)
        self.names = names
        self.schema_hash = schema_hash
        self.schema_version = schema_version


def read_rows(path: str) -> Rows:
    names, schema_hash, schema_version, files = None, None, None, []
    if os.path.isdir(path):
        with open(os.path.join(path, "manifest.json")) as handle:
            manifest = json.load(handle)
        if manifest.get("format") != "prefeed.training-rows":
            sys.exit(f"{path}/manifest.json is not a prefeed.training-rows manifest")
        schema = manifest["feature_schema"]
        names, schema_hash, schema_version = schema["names"], schema["hash"], schema["version"]
        files = [(os.path.join(path, f["path"]), manifest["row_format"]) for f in manifest["files"]]
    else:
        files = [(path, path.rsplit(".", 1)[-1])]
    feats, labels, weight, served, request, post = [], {h: [] for h in HEADS}, [], [], [], []
    for file, fmt in files:
        with open(file, newline="") as handle:
            if fmt == "jsonl":
                for line in handle:
                    if not line.strip():
                        continue
                    row = json.loads(line)
                    feats.append([math.nan if v is None else v for v in row["features"]])
                    for h in HEADS:
                        labels[h].append(row[h] != 0)
                    weight.append(row["weight"])
                    served.append(row["served_at_ms"])
                    request.append(row["request_id"])
                    post.append(row["post"])
            elif fmt == "csv":
                reader = csv.reader(handle)
                header = next(reader)
                if names is None:
                    names = header[len(LEADING):]
                index = {name: i for i, name in enumerate(header)}
                for cells in reader:
                    feats.append([math.nan if c == "" else float(c) for c in cells[len(LEADING):]])
                    for h in HEADS:
                        labels[h].append(cells[index[h]] != "0")
                    weight.append(float(cells[index["weight"]]))
                    served.append(int(cells[index["served_at_ms"]]))
                    request.append(int(cells[index["request_id"]]))
                    post.append(int(cells[index["post"]]))
            else:
                sys.exit(f"{file}: unknown row format {fmt}")
    features = np.asarray(feats, dtype=np.float32)
    if names is None:
        names = [f"f{i}" for i in range(features.shape[1])]
        print("warning: no manifest or CSV header; feature names f0… will not load in prefeed", file=sys.stderr)
    return Rows(features, {h: np.asarray(v, dtype=bool) for h, v in labels.items()}, np.asarray(weight, dtype=np.float64),
                np.asarray(served, dtype=np.int64), np.asarray(request, dtype=np.uint64), np.asarray(post, dtype=np.uint64),
                names, schema_hash, schema_version)


def mix(z: np.ndarray) -> np.ndarray:
    """SplitMix64 finalizer, as NegativeSampler.mix (wrapping uint64 arithmetic)."""
    with np.errstate(over="ignore"):
        z = z + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def sampler_keeps(request: np.ndarray, post: np.ndarray, rate: float) -> np.ndarray:
    """NegativeSampler.keeps: unit(request, post) < rate, the join's deterministic decision."""
    if rate >= 1:
        return np.ones(request.shape, dtype=bool)
    mixed = mix(request ^ mix(post ^ np.uint64(0x6E65676174697665)))
    unit = (mixed >> np.uint64(11)).astype(np.float64) * 2.0 ** -53
    return unit < rate


def time_split(served_at: np.ndarray, split_hours: int, gap_hours: int):
    """TimeSplit.assign: evaluation = the last split_hours served hours; 0 = in-sample."""
    hours = served_at // HOUR_MS
    if split_hours == 0:
        everything = np.ones(served_at.shape, dtype=bool)
        return everything, everything, None
    first_eval = int(hours.max()) - split_hours + 1
    return hours <= first_eval - 1 - gap_hours, hours >= first_eval, first_eval


def auc(scores, labels, weights):
    """Weighted AUC, ties counting one half (BinaryMetrics.auc)."""
    order = np.lexsort((np.arange(len(scores)), scores))
    s, y, w = scores[order], labels[order], weights[order]
    boundaries = np.flatnonzero(np.diff(s)) + 1
    starts = np.concatenate([[0], boundaries])
    pos = np.add.reduceat(np.where(y, w, 0.0), starts) if len(s) else np.array([])
    neg = np.add.reduceat(np.where(y, 0.0, w), starts) if len(s) else np.array([])
    below = np.concatenate([[0.0], np.cumsum(neg)[:-1]])
    total_pos, total_neg = pos.sum(), neg.sum()
    if total_pos <= 0 or total_neg <= 0:
        return math.nan
    return float((pos * (below + 0.5 * neg)).sum() / (total_pos * total_neg))


def log_loss(p, labels, weights):
    p = np.clip(p, EPSILON, 1 - EPSILON)
    return float(-(weights * np.where(labels, np.log(p), np.log(1 - p))).sum() / weights.sum())


def entropy(rate):
    if rate <= 0 or rate >= 1:
        return 0.0
    return -(rate * math.log(rate) + (1 - rate) * math.log(1 - rate))


def calibrate(q, rate):
    """DownsamplingCalibration: p = q / (q + (1 - q) / w)."""
    if rate >= 1:
        return q
    return q / (q + (1 - q) / rate)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", required=True, help="row directory (manifest.json) or one .jsonl/.csv file")
    parser.add_argument("--out", required=True, help="directory for <head>.json models")
    parser.add_argument("--split-hours", type=int, default=24)
    parser.add_argument("--gap-hours", type=int, default=0)
    parser.add_argument("--weighting", choices=["calibrated", "importance"], default="calibrated")
    parser.add_argument("--heads", default=",".join(HEADS))
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--max-depth", type=int, default=4)
    parser.add_argument("--eta", type=float, default=0.1)
    parser.add_argument("--min-child-weight", type=float, default=5.0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--predictions-out", help="CSV head,served_at_ms,p,label,weight of the evaluation rows")
    parser.add_argument("--metrics-out", help="per-head metrics as JSON")
    parser.add_argument("--compare-lr", help="the Swift trainer's --metrics-out JSON, printed side by side")
    args = parser.parse_args()

    started = time.time()
    rows = read_rows(args.rows)
    print(f"read {len(rows.weight)} rows from {args.rows} in {time.time() - started:.1f} s")
    train, evaluation, first_eval = time_split(rows.served_at, args.split_hours, args.gap_hours)
    if not train.any() or not evaluation.any():
        sys.exit("no training or no evaluation rows for this split")
    join_rate = 1.0 / max(1.0, float(rows.weight.max()))
    keeps = sampler_keeps(rows.request, rows.post, join_rate)
    eval_weight = rows.weight[evaluation]
    os.makedirs(args.out, exist_ok=True)
    metrics, prediction_lines = [], []
    for head in [h for h in HEADS if h in args.heads.split(",")]:
        y = rows.labels[head]
        if args.weighting == "calibrated":
            selected = train & (y | (rows.weight > 1) | keeps)
            weight, rate = np.ones(int(selected.sum())), join_rate
        else:
            selected = train
            weight, rate = rows.weight[selected], 1.0
        y_train, y_eval = y[selected], y[evaluation]
        entry = {"action": head, "trained": False, "training_rows": int(selected.sum()),
                 "training_positives": int(y_train.sum()), "evaluation_rows": int(evaluation.sum()),
                 "evaluation_positives": int(y_eval.sum()), "negative_sampling_rate": rate}
        base = float((eval_weight * y_eval).sum() / eval_weight.sum())
        entry.update(base_rate=base, baseline_log_loss=entropy(base))
        if y_train.all() or not y_train.any():
            metrics.append(entry)
            continue
        dtrain = xgb.DMatrix(rows.features[selected], label=y_train.astype(np.float32), weight=weight,
                             feature_names=rows.names, missing=np.nan)
        params = {"objective": "binary:logistic", "eval_metric": "logloss", "tree_method": "hist",
                  "max_depth": args.max_depth, "eta": args.eta, "min_child_weight": args.min_child_weight,
                  "lambda": 1.0, "subsample": 1.0, "seed": 0, "nthread": args.threads}
        booster = xgb.train(params, dtrain, num_boost_round=args.rounds)
        attributes = {"negative_sampling_rate": repr(float(np.float32(rate)))}
        if rows.schema_hash:
            attributes.update(feature_schema_hash=rows.schema_hash, feature_schema_version=str(rows.schema_version))
        booster.set_attr(**attributes)
        target = os.path.join(args.out, f"{head}.json")
        temporary = tempfile.NamedTemporaryFile(dir=args.out, prefix=".tmp-", suffix=".json", delete=False).name
        booster.save_model(temporary)
        os.replace(temporary, target)
        deval = xgb.DMatrix(rows.features[evaluation], feature_names=rows.names, missing=np.nan)
        p = calibrate(booster.predict(deval).astype(np.float64), float(np.float32(rate)))
        observed = float((eval_weight * y_eval).sum())
        entry.update(trained=True, rounds=args.rounds, auc=auc(p, y_eval, eval_weight),
                     log_loss=log_loss(p, y_eval, eval_weight),
                     calibration=float((eval_weight * p).sum()) / observed if observed > 0 else math.nan)
        entry["normalized_entropy"] = entry["log_loss"] / entry["baseline_log_loss"] if entry["baseline_log_loss"] > 0 else math.nan
        metrics.append(entry)
        served, weights = rows.served_at[evaluation], eval_weight
        prediction_lines += [f"{head},{s},{repr(float(v))},{int(l)},{repr(float(w))}" for s, v, l, w in zip(served, p, y_eval, weights)]

    split = "in-sample" if first_eval is None else f"last {args.split_hours} h"
    print(f"trained on {int(train.sum())} rows, evaluated on {int(evaluation.sum())} ({split}) in {time.time() - started:.1f} s")
    lr = {}
    if args.compare_lr:
        with open(args.compare_lr) as handle:
            lr = {m["action"]: m for m in json.load(handle)}
    columns = ["head", "train", "train+", "eval", "eval+", "w", "base rate", "AUC", "log-loss", "NE", "calib"]
    if lr:
        columns += ["LR AUC", "LR NE", "ΔNE"]
    print("".join(c.rjust(8 if i == 0 else 10) for i, c in enumerate(columns)))
    for m in metrics:
        cells = [m["action"].rjust(8)] + [str(m[k]).rjust(10) for k in
                                           ["training_rows", "training_positives", "evaluation_rows", "evaluation_positives"]]
        cells += [f"{m['negative_sampling_rate']:.3f}".rjust(10), f"{m['base_rate']:.5f}".rjust(10)]
        if m["trained"]:
            cells += [f"{m['auc']:.4f}".rjust(10), f"{m['log_loss']:.5f}".rjust(10),
                      f"{m['normalized_entropy']:.4f}".rjust(10), f"{m['calibration']:.3f}".rjust(10)]
            other = lr.get(m["action"])
            if other and other.get("trained"):
                delta = m["normalized_entropy"] - float(other["normalizedEntropy"])
                cells += [f"{float(other['auc']):.4f}".rjust(10), f"{float(other['normalizedEntropy']):.4f}".rjust(10),
                          f"{delta:+.4f}".rjust(10)]
        else:
            cells.append("  not trained: no positive or no negative training row")
        print("".join(cells))
    if args.metrics_out:
        with open(args.metrics_out, "w") as handle:
            json.dump(metrics, handle, indent=2, sort_keys=True)
    if args.predictions_out:
        with open(args.predictions_out, "w") as handle:
            handle.write("head,served_at_ms,p,label,weight\n")
            handle.write("\n".join(prediction_lines) + ("\n" if prediction_lines else ""))
    print(f"models written to {args.out}")


if __name__ == "__main__":
    main()
