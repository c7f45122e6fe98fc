# One line a result: its clock, its cases, its recounts and its spreads
# (docs/data/exact-recount-2026-12-05/README.md).
import json, sys, lzma, collections
W = ('runs counts', 'never counted', 'not proved small', 'no two of', 'a count above the smallest')
for f in sys.argv[1:]:
    d = json.load(lzma.open(f) if f.endswith('.xz') else open(f))
    m = d['meta']; ex = [c for c in d['cases'] if c.get('exact')]
    ok = [c for c in d['cases'] if c['status'] == 'ok']
    sk = [c['id'] for c in d['cases'] if any(w in (c['reason'] or '') for w in W)]
    rep = collections.Counter(c['exact']['recount']['repeat'] for c in ok)
    tries = collections.Counter(c['exact']['recount']['tries'] for c in ok)
    fc = [c['exact']['fixed_cost'] for c in ok]
    sp = [c['exact']['one_run_spread'] for c in ex if c['exact']['one_run_spread'] is not None]
    print(f"{m['kernel']['release'] if isinstance(m['kernel'], dict) else m['kernel']} ({m['arch']}): step {m['exact']['clock_step']}, slack {m['exact']['clock_slack']}; "
          f"{len(ok)} ok, {len(sk)} skipped by the exactness checks {sk}; recount at {dict(rep)}, tries {dict(sorted(tries.items()))}; "
          f"fixed cost {min(fc)}..{max(fc)}; one_run_spread at most {max(sp)}")
