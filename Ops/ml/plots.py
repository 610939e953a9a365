#!/usr/bin/env python3
"""Pictures of the learning loop (docs/LEARNING.md), as PNG.

calibration: predicted vs observed rate per head, in quantile bins of the prediction, for one or
more prediction files (`prefeed train --predictions-out`, `train_xgb.py --predictions-out`:
CSV head,served_at_ms,p,label,weight; rows weighted by their downsampling weight):

    python3 Ops/ml/plots.py calibration --predictions lr=var/lr-pred.csv xgb=var/xgb-pred.csv \
        --out docs/img/calibration.png

rounds: every numeric column of a per-round metrics CSV (first column `round`) against the round:

    python3 Ops/ml/plots.py rounds --csv var/loop-rounds.csv --out docs/img/rounds.png

loop: the pictures of `prefeed simulate loop` from its output directory (rounds.csv,
predictions-baseline.csv, predictions-final.csv): per-round value per impression (treatment and
same-round control, realized and expected), click-through, hide rate and held-out click AUC; and
the calibration of the baseline (round 0) against the last learned model (last round):

    python3 Ops/ml/plots.py loop --dir var/loop --out-dir docs/img
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
    title = getattr(args, "title", None) or "Calibration on the evaluation hours"
    figure.suptitle(f"{title} ({args.bins} quantile bins, downsampling-weighted)")
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


def read_rounds(path):
    with open(path, newline="") as handle:
        rows = list(csv.DictReader(handle))

    def column(name):
        return [float(row[name]) if row.get(name) not in (None, "") else math.nan for row in rows]

    return [int(row["round"]) for row in rows], column


def loop(args):
    import os

    rounds_path = os.path.join(args.dir, "rounds.csv")
    x, column = read_rounds(rounds_path)
    if not x:
        sys.exit(f"no rounds in {rounds_path}")
    figure, axes = plt.subplots(2, 2, figsize=(10, 7.2), squeeze=False)
    value = axes[0][0]
    value.plot(x, column("value_per_impression"), marker="o", label="ranked by the loop's model")
    value.plot(x, column("expected_value_per_impression"), marker=".", linestyle=":",
               color="C0", label="same, expected under the truth")
    if not all(math.isnan(v) for v in column("control_value_per_impression")):
        value.plot(x, column("control_value_per_impression"), marker="s", color="C3", label="control: baseline every round")
        value.plot(x, column("control_expected_value_per_impression"), marker=".", linestyle=":",
                   color="C3", label="control, expected")
    base = column("value_per_impression")[0]
    value.axhline(base, color="grey", linestyle="--", linewidth=1, label="round 0 (baseline)")
    value.axhline(base * 1.2 if base > 0 else base * 0.8, color="grey", linestyle=":", linewidth=1, label="aim: +20 %")
    value.set_title("value per impression (Σ weights · actions / impressions)")
    value.legend(fontsize=7)
    panels = [
        (axes[0][1], "click_through", "click-through", None),
        (axes[1][0], "hide_rate", "hide rate", None),
        (axes[1][1], "auc_click", "held-out click AUC of the ranking model", 0.70),
    ]
    for axis, name, title, aim in panels:
        axis.plot(x, column(name), marker="o")
        if aim is not None:
            axis.axhline(aim, color="grey", linestyle=":", linewidth=1, label=f"aim {aim}")
            axis.legend(fontsize=7)
        axis.set_title(title)
    for row in axes:
        for axis in row:
            axis.set_xlabel("round (0 = baseline)")
            axis.set_xticks(x)
            axis.grid(alpha=0.3)
    figure.tight_layout()
    os.makedirs(args.out_dir, exist_ok=True)
    rounds_png = os.path.join(args.out_dir, "loop-rounds.png")
    figure.savefig(rounds_png, dpi=args.dpi)
    print(f"wrote {rounds_png}")

    predictions = []
    for name, file in (("baseline (round 0)", "predictions-baseline.csv"), (f"learned (round {x[-1]})", "predictions-final.csv")):
        path = os.path.join(args.dir, file)
        if os.path.exists(path):
            predictions.append(f"{name}={path}")
    if predictions:
        calibration(argparse.Namespace(
            predictions=predictions, bins=args.bins, out=os.path.join(args.out_dir, "loop-calibration.png"),
            dpi=args.dpi, title="Calibration of the ranking model on the round it ranked"))


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
    lp = commands.add_parser("loop", help="per-round metrics and calibration of prefeed simulate loop")
    lp.add_argument("--dir", required=True, help="the loop's output directory")
    lp.add_argument("--out-dir", default="docs/img")
    lp.add_argument("--bins", type=int, default=10)
    lp.add_argument("--dpi", type=int, default=110)
    lp.set_defaults(run=loop)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
