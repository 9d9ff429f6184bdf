#!/usr/bin/env python3
"""The range-method rehearsal's table, from evaluate.py's results.json.

Per model and calibration-set size: the method the automatic choice took on each seed and
its test SQNR minus min/max's (dB, out of sample), the converter's test SQNR minus
min/max's, and the worst case. With --replay it also replays a rule on the same
measurements (the held-out per-sample errors kinglet's report recorded), so a change of
the rule's constants can be judged before it is made:

    python3 summarize.py --models DIR [--replay MIN_SAMPLES MARGIN MAJORITY MIN_DIFFERING] [--markdown]

The replay of the rule kinglet ran is checked against the method kinglet took.
"""
import argparse
import json
import math
import os
from collections import defaultdict


def pooled(signal, noise):
    s, e = sum(signal), sum(noise)
    return math.inf if e == 0 else 10 * math.log10(max(s, 1e-300) / e)


def choose(entry, minimum_samples, margin, majority, minimum_differing):
    """RangeMethodChoice's rule on the recorded held-out errors."""
    signal, noise = entry["held_out_signal"], entry["held_out_noise"]
    baseline = next(m for m in noise if m == "minmax")
    base = pooled(signal, noise[baseline])
    best, best_sqnr = "minmax", -math.inf
    for method, errors in noise.items():
        if method == "minmax":
            continue
        better = sum(1 for mine, theirs in zip(errors, noise[baseline]) if mine < theirs)
        worse = sum(1 for mine, theirs in zip(errors, noise[baseline]) if mine > theirs)
        sqnr = pooled(signal, errors)
        needed = max(math.ceil(majority * (better + worse) - 1e-9), 1)
        if (len(errors) >= minimum_samples and sqnr - base >= margin and better + worse >= minimum_differing
                and better >= needed and sqnr > best_sqnr):
            best, best_sqnr = method, sqnr
    return best


def short(method):
    return method.split("=")[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", required=True)
    parser.add_argument("--replay", nargs=4, type=float, metavar=("MIN_SAMPLES", "MARGIN", "MAJORITY", "MIN_DIFFERING"))
    parser.add_argument("--rule", nargs=4, type=float, default=[32, 1.0, 2 / 3, 8],
                        help="the constants of the rule kinglet ran (checked against its choices)")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    results = json.load(open(os.path.join(args.models, "results.json")))

    mismatches = [k for k, e in results.items() if short(choose(e, *args.rule)) != short(e["auto_method"])]
    if mismatches:
        print(f"replay of the rule kinglet ran disagrees with kinglet on {len(mismatches)}: {mismatches[:5]}")

    rows = defaultdict(list)
    for entry in results.values():
        rows[(entry["model"], entry["samples"])].append(entry)
    accuracy = {}
    for name in sorted({e["model"] for e in results.values()}):
        info = os.path.join(args.models, name, "info.json")
        accuracy[name] = json.load(open(info))["float_accuracy"] if os.path.exists(info) else float("nan")

    def test_sqnr(entry, method):
        return entry["test"][short(method)]["sqnr"]

    header = ["model (float acc)", "n", "auto picks (seeds)", "auto − minmax dB", "converter − minmax dB", "minmax dB"]
    if args.replay:
        header += ["replay picks", "replay − minmax dB"]
    lines = []
    worst_auto, worst_replay, gains = math.inf, math.inf, []
    for (name, n), entries in sorted(rows.items()):
        entries.sort(key=lambda e: e["seed"])
        picks = ",".join(short(e["auto_method"]) for e in entries)
        auto = [test_sqnr(e, e["auto_method"]) - test_sqnr(e, "minmax") for e in entries]
        conv = [e["converter"]["sqnr"] - test_sqnr(e, "minmax") for e in entries]
        worst_auto = min(worst_auto, *auto)
        gains += [a for a in auto if a > 0]
        row = [f"{name} ({accuracy[name]:.3f})", str(n), picks, " ".join(f"{a:+.1f}" for a in auto),
               " ".join(f"{c:+.1f}" for c in conv), " ".join(f"{test_sqnr(e, 'minmax'):.1f}" for e in entries)]
        if args.replay:
            replayed = [choose(e, *args.replay) for e in entries]
            deltas = [test_sqnr(e, m) - test_sqnr(e, "minmax") for e, m in zip(entries, replayed)]
            worst_replay = min(worst_replay, *deltas)
            row += [",".join(short(m) for m in replayed), " ".join(f"{d:+.1f}" for d in deltas)]
        lines.append(row)
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for row in lines:
            print("| " + " | ".join(row) + " |")
    else:
        widths = [max(len(r[i]) for r in lines + [header]) for i in range(len(header))]
        for row in [header] + lines:
            print("  ".join(c.ljust(w) for c, w in zip(row, widths)))
    print(f"\n{len(results)} runs; automatic choice worst {worst_auto:+.2f} dB against minmax on test data; "
          f"{len(gains)} runs with a gain (largest {max(gains, default=0):+.1f} dB)")
    if args.replay:
        print(f"replayed rule {args.replay}: worst {worst_replay:+.2f} dB")

    # Other rules on the same runs, for comparison: test SQNR of each rule's pick minus min/max's.
    def in_sample_best(e):
        return max(e["in_sample_sqnr"], key=lambda m: e["in_sample_sqnr"][m])

    def pooled_held_out(e):
        base = e["held_out_sqnr"]["minmax"]
        best = max(e["held_out_sqnr"], key=lambda m: e["held_out_sqnr"][m])
        return best if e["held_out_sqnr"][best] >= base + 1 else "minmax"

    def best_on_test(e):
        return max(e["test"], key=lambda m: e["test"][m]["sqnr"])

    rules = [("best in-sample SQNR", in_sample_best),
             ("best k-fold pooled SQNR, +1 dB over minmax", pooled_held_out),
             ("the rule kinglet ran", lambda e: e["auto_method"]),
             ("best on the test set (hindsight)", best_on_test)]
    if args.replay:
        rules.insert(3, (f"replayed {args.replay}", lambda e: choose(e, *args.replay)))
    print("\nrule                                          worst dB  runs < -0.5 dB  mean dB (test SQNR of its pick − minmax's)")
    for label, rule in rules:
        deltas = [test_sqnr(e, rule(e)) - test_sqnr(e, "minmax") for e in results.values()]
        print(f"{label:46}{min(deltas):+8.2f}  {sum(d < -0.5 for d in deltas):14d}  {sum(deltas) / len(deltas):+7.2f}")
    conv = [e["converter"]["sqnr"] - test_sqnr(e, "minmax") for e in results.values()]
    print(f"{'the TF converter (its own min/max)':46}{min(conv):+8.2f}  {sum(d < -0.5 for d in conv):14d}  {sum(conv) / len(conv):+7.2f}")


if __name__ == "__main__":
    main()
