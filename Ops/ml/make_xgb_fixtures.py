#!/usr/bin/env python3
"""Build and check xgboost fixtures for the Swift xgboost JSON evaluator.

Three modes:

  --fixtures [DIR]   (default Tests/FeedCoreTests/Fixtures)
      Trains a few small `binary:logistic` models on synthetic data with fixed
      seeds and writes, for each <name>:
        xgb_<name>.json           Booster.save_model() output (xgboost's JSON)
        xgb_<name>_expected.csv   header f0,...,f{N-1},margin,prob; one row per
                                  test vector; an empty cell is a missing (NaN)
                                  feature; margin = predict(output_margin=True),
                                  prob = predict().
      Feature cells are the exact float64 inputs that were given to xgboost
      (repr, 17 significant digits). Some are deliberately *not* float32-exact
      and sit one double-ulp below a split threshold: xgboost casts inputs to
      float32 before comparing, so an evaluator comparing in Double fails them.
      margin/prob are xgboost's float32 outputs written as the exact double
      value of that float32.

  --features N --trees T --depth D --out PATH [--feature-names a,b,c]
      Trains exactly T trees of max depth D on N synthetic features (noisy
      labels with many interactions, so trees reach depth D) and saves the
      JSON model to PATH, e.g. a 100-tree depth-6 benchmark model on the
      product's feature schema. The model is self-checked with the pure-Python
      evaluator below.

  --verify [DIR]
      Re-evaluates every xgb_<name>.json in DIR with a small pure-Python
      evaluator (json + numpy.float32, no xgboost) and checks it against
      xgb_<name>_expected.csv: |margin - expected| <= 1e-6 and likewise prob,
      on every row. Exit status 1 on any mismatch.

Evaluator semantics (what the Swift side must mirror), checked against
xgboost 3.2.0:
  * inputs are cast to float32; a node with left_children[i] == -1 is a leaf
    whose value is split_conditions[i]; otherwise NaN goes to left if
    default_left[i] == 1 else right, and a present value goes left iff
    float32(value) < split_conditions[i] (float32 compare);
  * learner.learner_model_param.base_score is a string holding a bracketed
    list, e.g. "[2E-1]", and for binary:logistic it is a probability:
    base margin = -logf(1.0f / b - 1.0f), b clamped to [1e-6, 1 - 1e-6],
    all in float32;
  * margin = base margin, then the leaf of tree 0, tree 1, ... added one at a
    time in float32; prob = 1.0f / (expf(min(-margin, 88.7f)) + 1.0f).

Install: pip install -r Ops/ml/requirements.txt
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sys
from pathlib import Path

import numpy as np

DEFAULT_FIXTURES_DIR = "Tests/FeedCoreTests/Fixtures"
TOLERANCE = 1e-6
F32 = np.float32


# --------------------------------------------------------------------------
# Pure-Python evaluator (no xgboost import): the independent checker.
# --------------------------------------------------------------------------

class JsonModel:
    """Minimal evaluator of a binary:logistic gbtree model saved as JSON."""

    def __init__(self, path: str | os.PathLike):
        with open(path, "r", encoding="utf-8") as fh:
            doc = json.load(fh)
        learner = doc["learner"]
        self.version = doc.get("version")
        objective = learner["objective"]["name"]
        if objective != "binary:logistic":
            raise ValueError(f"{path}: objective {objective!r} is not binary:logistic")
        booster = learner["gradient_booster"]
        if booster["name"] != "gbtree":
            raise ValueError(f"{path}: booster {booster['name']!r} is not gbtree")
        mparam = learner["learner_model_param"]
        if int(mparam.get("num_class", "0")) > 1 or int(mparam.get("num_target", "1")) != 1:
            raise ValueError(f"{path}: multi-class / multi-target models are not supported")
        self.base_score_raw = mparam["base_score"]
        self.base_score = F32(parse_base_score(self.base_score_raw))
        # xgboost: clamp to [1e-6, 1 - 1e-6], then Logit(x) = -logf(1.0f / x - 1.0f),
        # all in float32. (numpy's float32 log is NOT glibc's logf and is off by
        # one ulp for some inputs; log in double rounded to float32 matches.)
        eps = F32(1e-6)
        b = min(max(self.base_score, eps), F32(1.0) - eps)
        self.base_margin = F32(-F32(math.log(float(F32(F32(1.0) / b - F32(1.0))))))
        self.num_feature = int(mparam["num_feature"])
        self.feature_names = list(learner.get("feature_names") or [])
        self.trees = []
        for tree in booster["model"]["trees"]:
            if any(int(t) != 0 for t in tree.get("split_type", [])) or tree.get("categories"):
                raise ValueError(f"{path}: categorical splits are not supported")
            self.trees.append((
                [int(v) for v in tree["left_children"]],
                [int(v) for v in tree["right_children"]],
                [int(v) for v in tree["split_indices"]],
                [F32(v) for v in tree["split_conditions"]],
                [bool(int(v)) for v in tree["default_left"]],
            ))

    def margin(self, row, _mistake=None) -> np.float32:
        """row: sequence of Python floats (NaN = missing).

        _mistake deliberately reproduces a common evaluator bug ("double_compare",
        "less_equal", "ignore_default_left"); --verify uses it to show that the
        fixtures catch such bugs.
        """
        x = list(row) if _mistake == "double_compare" else [F32(v) for v in row]
        acc = self.base_margin
        for left, right, split_idx, cond, default_left in self.trees:
            node = 0
            while left[node] != -1:
                v = x[split_idx[node]]
                if math.isnan(v):
                    go_left = default_left[node] and _mistake != "ignore_default_left"
                elif _mistake == "double_compare":
                    go_left = v < float(cond[node])
                elif _mistake == "less_equal":
                    go_left = v <= cond[node]
                else:
                    go_left = v < cond[node]
                node = left[node] if go_left else right[node]
            acc = F32(acc + cond[node])
        return acc

    @staticmethod
    def prob(margin: np.float32) -> np.float32:
        """xgboost's float32 sigmoid: 1.0f / (expf(min(-margin, 88.7f)) + 1.0f)."""
        e = F32(math.exp(min(-float(margin), float(F32(88.7)))))  # ~ glibc expf
        return F32(F32(1.0) / F32(F32(1.0) + e))


def parse_base_score(raw) -> float:
    """base_score is "[5E-1]" in xgboost >= 3.1, "5E-1" in 1.x/2.x."""
    if isinstance(raw, (int, float)):
        return float(raw)
    text = str(raw).strip()
    if text.startswith("["):
        parts = [p for p in text.strip("[]").split(",") if p.strip()]
        if len(parts) != 1:
            raise ValueError(f"expected one base_score, got {raw!r}")
        text = parts[0]
    return float(text)


def tree_stats(path) -> dict:
    """Structure facts read straight from the JSON file."""
    with open(path, "r", encoding="utf-8") as fh:
        doc = json.load(fh)
    trees = doc["learner"]["gradient_booster"]["model"]["trees"]
    depths, nodes, splits, dleft, root_leaf = [], 0, 0, 0, 0
    for t in trees:
        left, right = t["left_children"], t["right_children"]
        depth = {0: 0}
        stack = [0]
        while stack:
            n = stack.pop()
            if left[n] != -1:
                splits += 1
                dleft += int(t["default_left"][n])
                for c in (left[n], right[n]):
                    depth[c] = depth[n] + 1
                    stack.append(c)
        depths.append(max(depth.values()))
        nodes += len(left)
        root_leaf += int(left[0] == -1)
    return {
        "trees": len(trees),
        "max_depth": max(depths) if depths else 0,
        "trees_at_max": sum(1 for d in depths if d == max(depths)) if depths else 0,
        "nodes": nodes,
        "splits": splits,
        "default_left": dleft,
        "root_leaf_trees": root_leaf,
        "base_score": doc["learner"]["learner_model_param"]["base_score"],
    }


# --------------------------------------------------------------------------
# CSV helpers
# --------------------------------------------------------------------------

def fmt_cell(v: float) -> str:
    v = float(v)
    return "" if math.isnan(v) else repr(v)


def write_expected_csv(path, names, X, margin, prob):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(list(names) + ["margin", "prob"]) + "\n")
        for row, m, p in zip(X, margin, prob):
            cells = [fmt_cell(v) for v in row]
            cells += [repr(float(F32(m))), repr(float(F32(p)))]
            fh.write(",".join(cells) + "\n")


def read_expected_csv(path):
    with open(path, "r", encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        if header[-2:] != ["margin", "prob"]:
            raise ValueError(f"{path}: header must end with margin,prob")
        rows, margins, probs = [], [], []
        for rec in reader:
            if not rec:
                continue
            rows.append([float("nan") if c == "" else float(c) for c in rec[:-2]])
            margins.append(float(rec[-2]))
            probs.append(float(rec[-1]))
    return header[:-2], rows, margins, probs


# --------------------------------------------------------------------------
# Synthetic data
# --------------------------------------------------------------------------

def synth_logit(Z: np.ndarray, rng: np.random.Generator, strength: float = 1.0) -> np.ndarray:
    """Nonlinear target with interactions, on standardized features Z."""
    n, k = Z.shape
    logit = np.zeros(n)
    for j in range(k):
        w = rng.normal(0, 1.0)
        kind = j % 4
        if kind == 0:
            logit += w * Z[:, j]
        elif kind == 1:
            logit += w * (Z[:, j] > rng.normal(0, 0.7))
        elif kind == 2:
            logit += w * np.sin(2.0 * Z[:, j])
        else:
            logit += w * np.abs(Z[:, j]) - w * 0.8
    for _ in range(max(2, k)):
        a, b = rng.choice(k, size=2, replace=k < 2)
        logit += rng.normal(0, 1.2) * (Z[:, a] > 0) * (Z[:, b] < rng.normal(0, 0.5))
        logit += rng.normal(0, 0.6) * Z[:, a] * Z[:, b]
    logit = (logit - logit.mean()) / (logit.std() + 1e-12)
    return strength * 2.0 * logit


def make_data(seed, n_train, n_test, n_features, missing=0.0, all_missing_rows=0.0,
              scales=None, offsets=None, strength=1.0):
    """Returns float64 X_train, y_train, X_test. NaN = missing."""
    rng = np.random.default_rng(seed)
    n = n_train + n_test
    Z = rng.normal(size=(n, n_features))
    # A skewed feature and a small-cardinality feature make thresholds varied.
    if n_features > 2:
        Z[:, 1] = rng.exponential(1.0, size=n) - 1.0
        Z[:, 2] = rng.integers(0, 6, size=n).astype(float) - 2.5
    logit = synth_logit(Z, np.random.default_rng(seed + 1), strength)
    y = (rng.random(n) < 1.0 / (1.0 + np.exp(-logit))).astype(np.float64)
    X = Z.copy()
    if scales is not None:
        X = X * np.asarray(scales, dtype=np.float64)
    if offsets is not None:
        X = X + np.asarray(offsets, dtype=np.float64)
    if missing > 0:
        X[rng.random(X.shape) < missing] = np.nan
        # Informative missingness on a couple of features: missing when large
        # for feature 0 and when small for feature 3, so learned default
        # directions go both ways.
        X[(Z[:, 0] > 1.0) & (rng.random(n) < 0.5), 0] = np.nan
        if n_features > 3:
            X[(Z[:, 3] < -1.0) & (rng.random(n) < 0.5), 3] = np.nan
    if all_missing_rows > 0:
        X[rng.random(n) < all_missing_rows, :] = np.nan
    return X[:n_train], y[:n_train], X[n_train:]


def thresholds_by_feature(booster, n_features):
    doc = json.loads(booster.save_raw("json"))
    out = [[] for _ in range(n_features)]
    for t in doc["learner"]["gradient_booster"]["model"]["trees"]:
        for i, l in enumerate(t["left_children"]):
            if l != -1:
                out[t["split_indices"][i]].append(float(F32(t["split_conditions"][i])))
    return out


def inject_edge_values(X, booster, seed, share=0.15):
    """Replace some present test cells with values at / around split thresholds.

    Kinds: the float32 threshold itself (must go right), the double just
    below it (rounds to the threshold in float32: must go right too), the
    float32 just below (goes left) and just above (goes right).
    """
    rng = np.random.default_rng(seed)
    X = X.copy()
    thr = thresholds_by_feature(booster, X.shape[1])
    for (r, c), v in np.ndenumerate(X):
        if math.isnan(v) or not thr[c] or rng.random() >= share:
            continue
        t = thr[c][rng.integers(len(thr[c]))]
        kind = rng.integers(4)
        if kind == 0:
            X[r, c] = t
        elif kind == 1:
            X[r, c] = np.nextafter(t, -np.inf)  # float64 step: still == t in float32
        elif kind == 2:
            X[r, c] = float(np.nextafter(F32(t), F32(-np.inf)))
        else:
            X[r, c] = float(np.nextafter(F32(t), F32(np.inf)))
    return X


# --------------------------------------------------------------------------
# Training
# --------------------------------------------------------------------------

def base_params(depth, seed, **extra):
    p = {
        "objective": "binary:logistic",
        "max_depth": depth,
        "eta": 0.3,
        "tree_method": "hist",
        "seed": seed,
        "nthread": 1,
        "verbosity": 1,
    }
    p.update(extra)
    return p


def feature_names(n):
    return [f"f{i}" for i in range(n)]


FIXTURES = {
    # (a) depth 6, 30 trees, 12 features, ~20% missing in train and test.
    "missing_d6": dict(
        n_features=12, n_train=1500, n_test=200, seed=101, missing=0.2,
        all_missing_rows=0.01, depth=6, trees=30,
        params=dict(min_child_weight=2.0)),
    # (b) explicit non-default base_score.
    "base_score": dict(
        n_features=8, n_train=1000, n_test=200, seed=202, missing=0.1,
        depth=4, trees=20, params=dict(base_score=0.2)),
    # (c) depth 8, 60 trees, large / negative feature values, all-missing rows.
    "deep_d8": dict(
        n_features=10, n_train=1200, n_test=200, seed=303, missing=0.1,
        all_missing_rows=0.03, depth=8, trees=60,
        scales=[1e6, 3.5e4, 1e3, 1.0, 1e-3, 2.5e7, 1e2, 7.0, 1e5, 1e9],
        offsets=[-5e6, -1e5, 0.0, -3.0, -1e-2, 1e8, -12345.678, 0.0, -2e5, 0.0],
        params=dict(min_child_weight=4.0, grow_policy="lossguide", max_leaves=24)),
    # (d) one tiny tree for debugging.
    "tiny": dict(
        n_features=3, n_train=300, n_test=200, seed=404, missing=0.1,
        depth=2, trees=1, params=dict(base_score=0.5, eta=1.0)),
    # (e) trees whose root is a leaf (left_children[0] == -1), mixed with
    #     normal trees: 4 depth-3 trees, then 2 more with min_split_loss huge.
    "leaf_trees": dict(
        n_features=4, n_train=400, n_test=200, seed=505, missing=0.05,
        depth=3, trees=4, params=dict(),
        extra_rounds=2, extra_params=dict(gamma=1e9)),
}


def train_fixture(name, spec):
    import xgboost as xgb  # noqa: WPS433  (only the trainer needs xgboost)

    n = spec["n_features"]
    X_tr, y_tr, X_te = make_data(
        spec["seed"], spec["n_train"], spec["n_test"], n,
        missing=spec.get("missing", 0.0),
        all_missing_rows=spec.get("all_missing_rows", 0.0),
        scales=spec.get("scales"), offsets=spec.get("offsets"))
    names = feature_names(n)
    dtrain = xgb.DMatrix(X_tr, label=y_tr, feature_names=names, missing=np.nan)
    params = base_params(spec["depth"], spec["seed"], **spec.get("params", {}))
    booster = xgb.train(params, dtrain, num_boost_round=spec["trees"])
    if spec.get("extra_rounds"):
        params2 = dict(params, **spec["extra_params"])
        booster = xgb.train(params2, dtrain, num_boost_round=spec["extra_rounds"],
                            xgb_model=booster)
    X_te = inject_edge_values(X_te, booster, spec["seed"] + 7)
    if spec.get("all_missing_rows"):
        X_te[:2, :] = np.nan  # always include fully-missing rows
    dtest = xgb.DMatrix(X_te, feature_names=names, missing=np.nan)
    margin = booster.predict(dtest, output_margin=True)
    prob = booster.predict(dtest)
    return booster, names, X_tr, X_te, margin, prob


def make_fixtures(out_dir: Path):
    import xgboost as xgb

    out_dir.mkdir(parents=True, exist_ok=True)
    print(f"xgboost {xgb.__version__} -> {out_dir}")
    total = 0
    for name, spec in FIXTURES.items():
        booster, names, X_tr, X_te, margin, prob = train_fixture(name, spec)
        model_path = out_dir / f"xgb_{name}.json"
        csv_path = out_dir / f"xgb_{name}_expected.csv"
        booster.save_model(str(model_path))
        write_expected_csv(csv_path, names, X_te, margin, prob)
        st = tree_stats(model_path)
        size = model_path.stat().st_size + csv_path.stat().st_size
        total += size
        all_missing = int(np.isnan(X_te).all(axis=1).sum())
        print(f"  {name:11s} trees={st['trees']:3d} max_depth={st['max_depth']} "
              f"(x{st['trees_at_max']}) nodes={st['nodes']} "
              f"default_left={st['default_left']}/{st['splits']} "
              f"root_leaf_trees={st['root_leaf_trees']} base_score={st['base_score']} "
              f"features={len(names)} rows={len(X_te)} "
              f"missing train={np.isnan(X_tr).mean():.1%} test={np.isnan(X_te).mean():.1%} "
              f"all_missing_rows={all_missing} "
              f"json={model_path.stat().st_size / 1024:.1f}KB "
              f"csv={csv_path.stat().st_size / 1024:.1f}KB")
    print(f"  total {total / 1024:.1f} KB")


# --------------------------------------------------------------------------
# Benchmark model mode
# --------------------------------------------------------------------------

def make_model(n_features, n_trees, depth, out, names_arg, rows, seed, missing):
    import xgboost as xgb

    names = names_arg.split(",") if names_arg else feature_names(n_features)
    names = [s.strip() for s in names]
    if len(names) != n_features:
        sys.exit(f"--feature-names has {len(names)} names but --features is {n_features}")
    X_tr, y_tr, X_te = make_data(seed, rows, 200, n_features, missing=missing,
                                 strength=0.8)
    dtrain = xgb.DMatrix(X_tr, label=y_tr, feature_names=names, missing=np.nan)
    params = base_params(depth, seed, min_child_weight=0.0, eta=0.1)
    booster = xgb.train(params, dtrain, num_boost_round=n_trees)
    out = Path(out)
    if out.parent:
        out.parent.mkdir(parents=True, exist_ok=True)
    booster.save_model(str(out))
    st = tree_stats(out)
    if st["trees"] != n_trees:
        sys.exit(f"expected {n_trees} trees, model has {st['trees']}")
    print(f"xgboost {xgb.__version__}: {out} trees={st['trees']} "
          f"max_depth={st['max_depth']} (trees at depth {depth}: {st['trees_at_max']}"
          f"/{st['trees']}) nodes={st['nodes']} features={n_features} rows={rows} "
          f"missing={np.isnan(X_tr).mean():.1%} size={out.stat().st_size / 1024:.1f}KB")
    if st["max_depth"] < depth:
        print(f"  warning: no tree reached depth {depth}; raise --rows", file=sys.stderr)
    # Self-check the saved JSON with the independent evaluator.
    dtest = xgb.DMatrix(X_te, feature_names=names, missing=np.nan)
    expected = booster.predict(dtest, output_margin=True)
    model = JsonModel(out)
    worst = max(abs(float(model.margin(r)) - float(e)) for r, e in zip(X_te, expected))
    print(f"  pure-Python evaluator vs xgboost on {len(X_te)} rows: max |diff| = {worst:.3g}")
    if worst > TOLERANCE:
        sys.exit("self-check failed")


# --------------------------------------------------------------------------
# Verify mode
# --------------------------------------------------------------------------

def verify(dir_path: Path) -> bool:
    csvs = sorted(dir_path.glob("xgb_*_expected.csv"))
    if not csvs:
        print(f"no xgb_*_expected.csv in {dir_path}")
        return False
    ok = True
    for csv_path in csvs:
        model_path = csv_path.with_name(csv_path.name.replace("_expected.csv", ".json"))
        model = JsonModel(model_path)
        header, rows, margins, probs = read_expected_csv(csv_path)
        problems = []
        if model.feature_names and header != model.feature_names:
            problems.append("CSV header != learner.feature_names")
        if len(header) != model.num_feature:
            problems.append(f"{len(header)} CSV features != num_feature {model.num_feature}")
        worst_m = worst_p = 0.0
        exact = exact_p = 0
        bad_rows = []
        for i, (row, m_exp, p_exp) in enumerate(zip(rows, margins, probs)):
            m = model.margin(row)
            p = model.prob(m)
            dm, dp = abs(float(m) - m_exp), abs(float(p) - p_exp)
            worst_m, worst_p = max(worst_m, dm), max(worst_p, dp)
            exact += int(float(m) == m_exp)
            exact_p += int(float(p) == p_exp)
            if dm > TOLERANCE or dp > TOLERANCE:
                bad_rows.append(i)
        caught = {
            mistake: sum(abs(float(model.margin(r, mistake)) - m_exp) > TOLERANCE
                         for r, m_exp in zip(rows, margins))
            for mistake in ("double_compare", "less_equal", "ignore_default_left")}
        if bad_rows:
            problems.append(f"{len(bad_rows)} rows off by > {TOLERANCE:g}, first {bad_rows[:5]}")
        status = "OK  " if not problems else "FAIL"
        ok &= not problems
        print(f"{status} {model_path.name}: rows={len(rows)} trees={len(model.trees)} "
              f"base_score={model.base_score_raw} base_margin={float(model.base_margin)!r} "
              f"max|dmargin|={worst_m:.3g} max|dprob|={worst_p:.3g} "
              f"bit-exact margins={exact}/{len(rows)} probs={exact_p}/{len(rows)} | rows a "
              f"buggy evaluator misses: " + " ".join(f"{k}={v}" for k, v in caught.items())
              + ("" if not problems else "  <- " + "; ".join(problems)))
    print("verify:", "PASS" if ok else "FAIL")
    return ok


def main(argv=None):
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="See the module docstring for the file formats.")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--fixtures", nargs="?", const=DEFAULT_FIXTURES_DIR, metavar="DIR",
                      help=f"write fixtures to DIR (default {DEFAULT_FIXTURES_DIR})")
    mode.add_argument("--verify", nargs="?", const=DEFAULT_FIXTURES_DIR, metavar="DIR",
                      help="check fixtures in DIR with the pure-Python evaluator")
    mode.add_argument("--out", metavar="PATH", help="train one model and save it to PATH")
    ap.add_argument("--features", type=int, help="number of features (with --out)")
    ap.add_argument("--trees", type=int, help="number of trees (with --out)")
    ap.add_argument("--depth", type=int, help="max tree depth (with --out)")
    ap.add_argument("--feature-names", help="comma-separated names (with --out)")
    ap.add_argument("--rows", type=int, default=20000, help="training rows (with --out)")
    ap.add_argument("--missing", type=float, default=0.1,
                    help="share of missing training cells (with --out)")
    ap.add_argument("--seed", type=int, default=42, help="RNG seed (with --out)")
    args = ap.parse_args(argv)

    if args.out:
        if None in (args.features, args.trees, args.depth):
            ap.error("--out needs --features, --trees and --depth")
        make_model(args.features, args.trees, args.depth, args.out,
                   args.feature_names, args.rows, args.seed, args.missing)
    elif args.verify:
        sys.exit(0 if verify(Path(args.verify)) else 1)
    else:
        if any(v is not None for v in (args.features, args.trees, args.depth)):
            ap.error("--features/--trees/--depth need --out PATH")
        make_fixtures(Path(args.fixtures or DEFAULT_FIXTURES_DIR))


if __name__ == "__main__":
    main()
