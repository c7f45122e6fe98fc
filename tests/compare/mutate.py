#!/usr/bin/env python3
"""mutate.py IN OUT CODE: writes OUT, a copy of the result file IN changed by
the Python statements CODE, which see the document as d and these helpers."""
import json
import random
import statistics
import sys


def family(x):
    """A case's or fit's family, as compare matches fits: its id without the depth."""
    return "%s/%s/%s/%s/n%d/s%d" % (x["scenario"], x["bench"], x["prog_type"],
                                    x["key_mode"], x["nest"], x["frame_stack"])


def measured(d):
    return [c for c in d["cases"] if c["status"] == "ok"]


def restat(c):
    """Brings a case's stat in line with its samples, as the harness would."""
    s = sorted(c["samples"])
    q = statistics.quantiles(s, n=4, method="inclusive")
    c["stat"].update(median=statistics.median(s), min=s[0], max=s[-1], q1=q[0], q3=q[2],
                     mean=statistics.fmean(s), n=len(s))


def scale(d, fam, factor):
    """Every sample of a family times factor; its per-hop cost scales alike."""
    for c in measured(d):
        if family(c) == fam:
            c["samples"] = [v * factor for v in c["samples"]]
            restat(c)
    for f in d["fits"]:
        if family(f) == fam:
            f["per_hop"] = {k: v * factor if k != "interval" and k != "rerun_sd" else v
                            for k, v in f["per_hop"].items()}


def scale_case(d, cid, factor):
    for c in measured(d):
        if c["id"] == cid:
            c["samples"] = [v * factor for v in c["samples"]]
            restat(c)


def trials(d, n, seed, spread=0.02):
    """n synthetic trials per case around its median, with a seeded normal
    spread (relative standard deviation): runs that differ only by noise."""
    rng = random.Random(seed)
    for c in measured(d):
        m = c["stat"]["median"]
        c["samples"] = [m * (1 + rng.gauss(0, spread)) for _ in range(n)]
        restat(c)


def add_per_hop(d, fam, insns):
    """Exact counts: insns more per hop taken (33 at most) in a family."""
    for c in measured(d):
        if family(c) == fam:
            extra = insns * min(c["depth"], 33)
            c["samples"] = [v + extra for v in c["samples"]]
            restat(c)
            if "agreed" in c["stat"]:
                c["stat"]["agreed"] += extra
    for f in d["fits"]:
        if family(f) == fam:
            f["per_hop"] = {k: v + insns if isinstance(v, (int, float)) else v
                            for k, v in f["per_hop"].items()}


d = json.load(open(sys.argv[1]))
exec(sys.argv[3])
with open(sys.argv[2], "x") as out:
    json.dump(d, out)
