#!/usr/bin/env python3
"""run_job.py github|gitlab FILE JOB [MATRIX_JSON]: runs one job of a CI file
here, as its runner would: each `run:` step (GitHub) or `script:` line
(GitLab) in order, in bash, with the variables a runner sets pointing at
temporary files, and the file's and job's variables.  The test's stand-in
for a runner; nothing of tailbench is computed here.

GitHub: ${{ matrix.* }}, ${{ env.* }}, ${{ github.* }} and
${{ steps.ID.outputs.* }} are put in; a failed step skips the steps after
it but those whose `if:` has always() or !cancelled(); of the `uses:` steps,
upload-artifact and download-artifact are stood in for by copies under
$CI_ARTIFACTS, the others (checkout, cache, github-script) are left out.
Variables of the test's environment named in the file's env win over the
file's values.  Prints each step's exit as "step NAME: exit N"; exits with
the job's status.
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

GITHUB = {"server_url": "https://github.example", "repository": "owner/repo",
          "run_id": "1", "event_name": "push"}


def expand(text, ctx):
    def one(m):
        expr = m.group(1).strip()
        parts = expr.split(".")
        if parts[0] in ("matrix", "env", "github") and len(parts) == 2:
            return str(ctx[parts[0]].get(parts[1], ""))
        if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
            return ctx["outputs"].get(parts[1], {}).get(parts[3], "")
        if parts[0] == "strategy":
            return "0"
        raise SystemExit("run_job.py: no stand-in for the expression %r" % expr)
    return re.sub(r"\$\{\{(.*?)\}\}", one, str(text))


def read_outputs(path):
    out = {}
    with open(path) as f:
        for line in f:
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                out[k] = v
    return out


def run(script, env, name):
    rc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                        env=env).returncode
    print("step %s: exit %d" % (name, rc), flush=True)
    return rc


def github(doc, job_name, matrix):
    job = doc["jobs"][job_name]
    base = dict(os.environ)
    fenv = {k: os.environ.get(k, str(v)) for k, v in (doc.get("env") or {}).items()}
    tmp = tempfile.mkdtemp()
    ctx = {"matrix": matrix, "env": fenv, "github": GITHUB, "outputs": {}}
    summary = os.environ["GITHUB_STEP_SUMMARY"]
    arts = os.environ["CI_ARTIFACTS"]
    failed = 0
    for i, step in enumerate(job["steps"]):
        name = step.get("id") or step.get("name") or step.get("uses") or str(i)
        cond = str(step.get("if", ""))
        if failed and "always()" not in cond and "!cancelled()" not in cond:
            print("step %s: skipped, an earlier step failed" % name)
            continue
        if "github.event_name == 'pull_request'" in cond:
            print("step %s: skipped, not a pull request" % name)
            continue
        env = dict(base)
        env.update(fenv)
        env.update({k: expand(v, ctx) for k, v in (step.get("env") or {}).items()})
        out = os.path.join(tmp, "output-%d" % i)
        open(out, "w").close()
        env.update(GITHUB_OUTPUT=out, GITHUB_STEP_SUMMARY=summary, GITHUB_ENV=os.devnull,
                   CI="true", GITHUB_ACTIONS="true")
        uses = step.get("uses", "")
        artifacts = uses.startswith(("actions/upload-artifact", "actions/download-artifact"))
        w = {k: expand(v, ctx) for k, v in (step.get("with") or {}).items()} if artifacts else {}
        if "run" in step:
            rc = run(step["run"], env, name)
        elif uses.startswith("actions/upload-artifact"):
            dest = os.path.join(arts, w["name"])
            os.makedirs(dest, exist_ok=True)
            for pattern in w["path"].split("\n"):
                for p in glob.glob(pattern.strip()):
                    (shutil.copytree if os.path.isdir(p) else shutil.copy)(
                        p, os.path.join(dest, os.path.basename(p)))
            print("step %s: uploaded %s" % (name, sorted(os.listdir(dest))))
            rc = 0
        elif uses.startswith("actions/download-artifact"):
            os.makedirs(w["path"], exist_ok=True)
            pat = re.compile("^" + re.escape(w["pattern"]).replace(r"\*", ".*") + "$")
            for a in sorted(os.listdir(arts)):
                if pat.match(a):
                    for f in os.listdir(os.path.join(arts, a)):
                        shutil.copy(os.path.join(arts, a, f), w["path"])
            print("step %s: downloaded %s" % (name, sorted(os.listdir(w["path"]))))
            rc = 0
        else:
            print("step %s: left out (%s)" % (name, uses))
            rc = 0
        if "id" in step:
            ctx["outputs"][step["id"]] = read_outputs(out)
        failed = failed or rc
    shutil.rmtree(tmp)
    return 1 if failed else 0


def gitlab(doc, job_name, matrix):
    job = doc[job_name]
    env = dict(os.environ)
    for k, v in (doc.get("variables") or {}).items():
        env[k] = os.environ.get(k, str(v))
    env.update({k: str(v) for k, v in matrix.items()})
    env.update(CI="true", GITLAB_CI="true", CI_PIPELINE_URL="https://gitlab.example/p/1",
               CI_PROJECT_DIR=os.getcwd(), CI_JOB_NAME=job_name)
    # A runner runs the lines as one script, stopping at the first failure.
    script = "\n".join(job["script"])
    return run(script, env, "script")


def main():
    kind, path, job = sys.argv[1:4]
    matrix = json.loads(sys.argv[4]) if len(sys.argv) > 4 else {}
    with open(path) as f:
        doc = yaml.safe_load(f)
    sys.exit((github if kind == "github" else gitlab)(doc, job, matrix))


main()
