#!/usr/bin/env bash
# The example workflows, run here as a runner would run them (run_job.py):
# GitHub's kernels job for the 6.1 entry of its matrix (the small chain
# scenario), its results made the baseline; then the kernels job again and
# the gate job: the summary is written and the gate passes; the same with
# --pad 1 in the guest: it fails; a baseline without a result: named
# missing.  GitLab's gate job on the same results.  Three VM boots of the
# cached 6.1 kernel (about a minute each under TCG).
. "$(dirname "$0")/../lib.sh"
tmpdir
GH="$TOP/ci/github/tailbench-gate.yml"
GL="$TOP/ci/gitlab/tailbench-gate.yml"
JOB="$TOP/tests/ci/run_job.py"

if ! python3 -c 'import yaml' 2>/dev/null; then
	skip "the workflows' jobs" "python3-yaml is needed to read them"
	finish
fi
if ! command -v qemu-system-x86_64 >/dev/null || ! command -v busybox >/dev/null; then
	skip "the workflows' jobs" "qemu-system-x86 and busybox-static are needed"
	finish
fi
# The matrix entry the test runs: the pinned 6.1 release.
entry=$(python3 -c '
import json, sys, yaml
inc = yaml.safe_load(open(sys.argv[1]))["jobs"]["kernels"]["strategy"]["matrix"]["include"]
print(json.dumps(next(e for e in inc if e["arch"] == "amd64" and e["kernel"].startswith("6.1."))))' "$GH")
check "the GitHub matrix pins a 6.1 release for amd64" [ -n "$entry" ]

export TAILBENCH_ARGS="run --quick --trials 3 --repeat 1000 --warmup 100 -s chain"
export TAILBENCH_BASELINES="$TMP/baselines" CI_ARTIFACTS
# job KIND JOB OUT [MATRIX]: runs a job with its files under OUT; sets RC.
job() {
	local kind=$1 name=$2 file=$GH matrix=${4:-}
	export TAILBENCH_OUT=$3 GITHUB_STEP_SUMMARY="$3/step-summary.md"
	CI_ARTIFACTS="$3/artifacts"
	[ "$kind" = gitlab ] && file=$GL
	mkdir -p "$3" "$CI_ARTIFACTS"
	: >"$GITHUB_STEP_SUMMARY"
	python3 "$JOB" "$kind" "$file" "$name" "${matrix:-"{}"}" >"$3/$name.log" 2>&1
	RC=$?
}
# gate OUT: the gate job on the results OUT's kernels job uploaded.
gate() {
	CI_ARTIFACTS="$1/artifacts"
	job github gate "$1"
}

start=$SECONDS
job github kernels "$TMP/base" "$entry"
check "kernels job: exit 0, one result uploaded as an artifact" \
	bash -c "[ $RC -eq 0 ] && [ \$(ls '$TMP'/base/artifacts/tailbench-result-amd64-*/*.json | wc -l) -eq 1 ]"
"$TOP/run.sh" baseline update --dir "$TMP/baselines" "$TMP/base/results" >"$TMP/update.log" 2>&1
check "./run.sh baseline update stores it as baselines/x86_64/<release>.json" \
	bash -c "ls '$TMP'/baselines/x86_64/6.1.*-cloud-amd64.json >/dev/null"

job github kernels "$TMP/same" "$entry"
gate "$TMP/same"
check "unchanged: the gate job passes" [ "$RC" -eq 0 ]
check "its gate step exits 0 (GITHUB_OUTPUT status=0)" grep -q '^step gate: exit 0' "$TMP/same/gate.log"
check "the summary is written to GITHUB_STEP_SUMMARY, the verdict first" \
	bash -c "head -n 1 '$TMP/same/step-summary.md' | grep -q '^## tailbench: pass (exit 0)'"
check "the HTML report and the summary are uploaded" \
	bash -c "[ -s \"\$(ls '$TMP/same/artifacts/tailbench-report/report/'report-*.html)\" ] && [ -s '$TMP/same/artifacts/tailbench-report/summary.md' ]"
warm=$((SECONDS - start))

TAILBENCH_ARGS="$TAILBENCH_ARGS --pad 1" job github kernels "$TMP/pad" "$entry"
gate "$TMP/pad"
check "--pad 1 in the guest: the gate job fails" [ "$RC" -ne 0 ]
check "its gate step goes on (exit 0, status=1 in GITHUB_OUTPUT); the verdict step fails the job" \
	bash -c "grep -q '^step gate: exit 0' '$TMP/pad/gate.log' && grep -q '^step the verdict: exit 1' '$TMP/pad/gate.log'"
check "the summary says FAIL first, with the +1 per hop and its hop path" \
	bash -c "head -n 1 '$TMP/pad/step-summary.md' | grep -q '^## tailbench: FAIL (exit 1)' &&
		grep -q '| +1 insns' '$TMP/pad/step-summary.md' && grep -q 'hop path of' '$TMP/pad/step-summary.md'"

# A kernel of the matrix whose job wrote nothing: its baseline is there.
cp "$TMP"/baselines/x86_64/6.1.*.json "$TMP/baselines/x86_64/6.12.117+deb13-cloud-amd64.json"
gate "$TMP/same"
check "a kernel without a result: the gate job fails, the kernel named missing" \
	bash -c "[ $RC -ne 0 ] && grep -q '^## tailbench: error (exit 2)' '$TMP/same/step-summary.md' &&
		grep -q '6.12.117+deb13-cloud-amd64\` | \*\*MISSING' '$TMP/same/step-summary.md'"
rm "$TMP/baselines/x86_64/6.12.117+deb13-cloud-amd64.json"

# GitLab's gate job on the results GitLab's kernels job would leave.
mkdir -p "$TMP/gl/results" "$TMP/glpad/results"
cp "$TMP"/same/results/*.json "$TMP/gl/results/"
cp "$TMP"/pad/results/*.json "$TMP/glpad/results/"
job gitlab tailbench-gate "$TMP/gl"
check "GitLab's gate job: unchanged passes, the summary in the log" \
	bash -c "[ $RC -eq 0 ] && grep -q '^## tailbench: pass' '$TMP/gl/tailbench-gate.log' && [ -s \"\$(ls '$TMP/gl/report/'report-*.html)\" ]"
job gitlab tailbench-gate "$TMP/glpad"
check "GitLab's gate job: --pad 1 fails with exit 1" [ "$RC" -eq 1 ]
echo "# the jobs took $((SECONDS - start)) s here (the kernels job twice and the gate job once: $warm s)"
finish
