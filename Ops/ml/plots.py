#!/usr/bin/env python3
"""Pictures of the learning loop (docs/LEARNING.md), as PNG.

calibration: predicted vs observed rate per head, in quantile bins of the prediction, for one or
more prediction files (`prefeed train --predictions-out`, `train_xgb.py --predictions-out`:
CSV head,served_at_ms,p,label,weight; rows weighted by their downsampling weight):

    python3 Ops/ml/plots.py calibration --predictions lr=var/lr-pred.csv xgb=var/xgb-pred.csv \
        --out docs/img/calibration.png

rounds: every numeric column of a per-round metrics CSV (first column `round`) against the round:

    python3 Ops/ml/plots.py rounds --csv var/loop-rounds.csv --out docs/img/rounds.png
"""
from __future__ import annotations

import argparse
import csv
import math
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

HEADS = ["click", "like", "comment", "share", "hide", "report"]


def read_predictions(path):
    by_head = {}
    with open(path, newline="") as handle:
        for row in csv.DictReader(handle):
            entry = by_head.setdefault(row["head"], ([], [], []))
            entry[0].append(float(row["p"]))
            entry[1].append(float(row["label"]))
            entry[2].append(float(row["weight"]))
    return {h: tuple(np.asarray(v) for v in values) for h, values in by_head.items()}


def calibration_bins(p, y, w, bins):
    """Weighted mean prediction and observed rate in quantile bins of p."""
    order = np.argsort(p, kind="stable")
    p, y, w = p[order], y[order], w[order]
    edges = np.linspace(0, len(p), bins + 1).astype(int)
    xs, ys, ns = [], [], []
    for lo, hi in zip(edges[:-1], edges[1:]):
        if hi <= lo:
            continue
        weight = w[lo:hi].sum()
        xs.append(float((w[lo:hi] * p[lo:hi]).sum() / weight))
        ys.append(float((w[lo:hi] * y[lo:hi]).sum() / weight))
        ns.append(hi - lo)
    return xs, ys, ns


def calibration(args):
    sets = []
    for spec in args.predictions:
        name, _, path = spec.partition("=")
        if not path:
            name, path = path or spec, spec
        sets.append((name, read_predictions(path)))
    heads = [h for h in HEADS if any(h in data for _, data in sets)]
    if not heads:
        sys.exit("no predictions")
    columns = min(3, len(heads))
    rows = math.ceil(len(heads) / columns)
    figure, axes = plt.subplots(rows, columns, figsize=(4.2 * columns, 4 * rows), squeeze=False)
    for index, head in enumerate(heads):
        axis = axes[index // columns][index % columns]
        low, high = 1.0, 0.0
        for name, data in sets:
            if head not in data:
                continue
            p, y, w = data[head]
            xs, ys, _ = calibration_bins(p, y, w, args.bins)
            # A bin with no positive has no point on a log scale: leave a gap.
            axis.plot(xs, [v if v > 0 else math.nan for v in ys], marker="o", markersize=3, label=name)
            positive = [v for v in xs + ys if v > 0]
            if positive:
                low, high = min(low, min(positive)), max(high, max(positive))
        low, high = max(low / 1.5, 1e-5), min(high * 1.5, 1.0)
        axis.plot([low, high], [low, high], color="grey", linestyle="--", linewidth=1, label="ideal")
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlim(low, high)
        axis.set_ylim(low, high)
        axis.set_title(head)
        axis.set_xlabel("mean predicted p")
        axis.set_ylabel("observed rate")
        axis.legend(fontsize=8)
    for index in range(len(heads), rows * columns):
        axes[index // columns][index % columns].axis("off")
    figure.suptitle(f"Calibration on the evaluation hours ({args.bins} quantile bins, downsampling-weighted)")
    figure.tight_layout()
    figure.savefig(args.out, dpi=args.dpi)
    print(f"wrote {args.out}")


def rounds(args):
    with open(args.csv, newline="") as handle:
        reader = csv.DictReader(handle)
        data = list(reader)
        fields = reader.fieldnames or []
    if not data:
        sys.exit("no rounds")
    x_name = fields[0]
    x = [float(row[x_name]) for row in data]
    metrics = []
    for name in fields[1:]:
        try:
            metrics.append((name, [float(row[name]) for row in data]))
        except ValueError:
            continue
    columns = min(3, len(metrics))
    rows = math.ceil(len(metrics) / columns)
    figure, axes = plt.subplots(rows, columns, figsize=(4.2 * columns, 3.4 * rows), squeeze=False)
    for index, (name, values) in enumerate(metrics):
        axis = axes[index // columns][index % columns]
        axis.plot(x, values, marker="o")
        axis.set_title(name)
        axis.set_xlabel(x_name)
        axis.grid(alpha=0.3)
    for index in range(len(metrics), rows * columns):
        axes[index // columns][index % columns].axis("off")
    figure.tight_layout()
    figure.savefig(args.out, dpi=args.dpi)
    print(f"wrote {args.out}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    c = commands.add_parser("calibration", help="predicted vs observed per head")
    c.add_argument("--predictions", nargs="+", required=True, help="NAME=FILE (or FILE) prediction CSVs")
    c.add_argument("--bins", type=int, default=10)
    c.add_argument("--out", required=True)
    c.add_argument("--dpi", type=int, default=110)
    c.set_defaults(run=calibration)
    r = commands.add_parser("rounds", help="per-round metrics")
    r.add_argument("--csv", required=True)
    r.add_argument("--out", required=True)
    r.add_argument("--dpi", type=int, default=110)
    r.set_defaults(run=rounds)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
