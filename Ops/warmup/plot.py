#!/usr/bin/env python3
"""Fresh-hit rate against generations per login, one curve per warm-up policy as its knob varies.

Reads the CSV that `prefeed warmup evaluate` writes (default var/warmup/sweep.csv) and writes a PNG.

    python3 -m venv .venv && .venv/bin/pip install -r Ops/warmup/requirements.txt
    .venv/bin/python Ops/warmup/plot.py var/warmup/sweep.csv var/warmup/warmup.png
"""
import csv
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

LABELS = {
    "predictive": "predictive (threshold)",
    "fixed": "regenerate everyone every N h",
    "on_login": "on login only",
    "keep_recent": "keep recent (window h)",
    "oracle": "oracle (knows future logins)",
}
STYLES = {
    "predictive": dict(color="tab:blue", marker="o"),
    "fixed": dict(color="tab:orange", marker="s"),
    "on_login": dict(color="tab:gray", marker="D"),
    "keep_recent": dict(color="tab:green", marker="^"),
    "oracle": dict(color="black", marker="*", markersize=12),
}


def knob_label(policy, knob):
    if policy == "predictive":
        return f"{knob:g}"
    if policy in ("fixed", "keep_recent"):
        return f"{knob:g}h"
    return ""


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else "var/warmup/sweep.csv"
    target = sys.argv[2] if len(sys.argv) > 2 else "var/warmup/warmup.png"
    curves = defaultdict(list)
    with open(source, newline="") as handle:
        for row in csv.DictReader(handle):
            curves[row["policy"]].append(
                (float(row["generations_per_login"]), float(row["fresh_hit_rate"]) * 100, float(row["knob"]))
            )
    figure, axis = plt.subplots(figsize=(9, 6), dpi=120)
    for policy, points in curves.items():
        points.sort()
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        axis.plot(xs, ys, label=LABELS.get(policy, policy), linewidth=1.5, **STYLES.get(policy, {}))
        for x, y, knob in points:
            text = knob_label(policy, knob)
            if text:
                axis.annotate(text, (x, y), textcoords="offset points", xytext=(4, -10), fontsize=7,
                              color=STYLES.get(policy, {}).get("color", "black"))
    axis.axhline(90, color="tab:red", linestyle=":", linewidth=1)
    axis.axvline(1.5, color="tab:red", linestyle=":", linewidth=1)
    axis.text(1.52, 2, "aim: ≥ 90 % at ≤ 1.5", color="tab:red", fontsize=8)
    axis.set_xscale("log")
    axis.set_xlabel("generations per login (log scale)")
    axis.set_ylabel("fresh-hit rate (%)")
    axis.set_ylim(0, 102)
    axis.set_title("Feed warm-up policies: fresh-hit rate vs cost (last week of the generated log)")
    axis.grid(True, which="both", alpha=0.3)
    axis.legend(loc="lower right", fontsize=8)
    figure.tight_layout()
    figure.savefig(target)
    print(target)


if __name__ == "__main__":
    main()
