#!/usr/bin/env python3
"""Runs the steps of a composite action (action.yml) as the Actions runner does, without GitHub.

Usage: action-runner.py ACTION_DIR WORKSPACE CONTEXT_JSON
CONTEXT_JSON: {"inputs": {...}, "github": {...}, "env": {...}, "uses": {"owner/action": {"outputs": {...}}}}

For each step in order: its `if:` is evaluated (default `success()`), `${{ }}` expressions in `env`, `with`,
`working-directory` and `run` are substituted, a `run` step is written to a file and run with
`bash --noprofile --norc -eo pipefail FILE` (the runner's `shell: bash`) with GITHUB_OUTPUT, GITHUB_ENV,
GITHUB_STEP_SUMMARY and GITHUB_ACTION_PATH set, and the lines it wrote to GITHUB_OUTPUT become
`steps.<id>.outputs`, those to GITHUB_ENV the environment of later steps. A `uses` step is not run (it needs
GitHub): it is recorded with its evaluated `with`, and its outputs are taken from the context. One JSON object per
line on stdout: {"step": N, "id": ..., "uses"|"run": ..., "ran": bool, "outcome": ..., "with": ..., "outputs": ...};
the step output is on stderr. Exit code: that of the first failed step, 0 otherwise.

The expression language covered is what action.yml uses: contexts (inputs, steps, github, env, runner), string
and boolean literals, ==, !=, &&, ||, !, parentheses and success()/failure()/always()/cancelled().
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml


def tokenize(expr):
    tokens = re.findall(r"\s*(==|!=|&&|\|\||!|\(|\)|'(?:[^']|'')*'|[A-Za-z_][A-Za-z0-9_.\-]*(?:\(\))?|[0-9]+)", expr)
    if "".join(tokens).replace(" ", "") != expr.replace(" ", ""):
        raise ValueError("unsupported expression: " + expr)
    return [t.strip() for t in tokens]


class Evaluator:
    def __init__(self, contexts, failed):
        self.contexts = contexts
        self.failed = failed

    def evaluate(self, expr):
        self.tokens = tokenize(expr)
        self.pos = 0
        value = self.or_()
        if self.pos != len(self.tokens):
            raise ValueError("unsupported expression: " + expr)
        return value

    def peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self):
        self.pos += 1
        return self.tokens[self.pos - 1]

    def or_(self):
        left = self.and_()
        while self.peek() == "||":
            self.take()
            right = self.and_()
            left = left if truthy(left) else right
        return left

    def and_(self):
        left = self.cmp()
        while self.peek() == "&&":
            self.take()
            right = self.cmp()
            left = right if truthy(left) else left
        return left

    def cmp(self):
        left = self.unary()
        while self.peek() in ("==", "!="):
            op = self.take()
            right = self.unary()
            equal = normalize(left) == normalize(right)
            left = equal if op == "==" else not equal
        return left

    def unary(self):
        if self.peek() == "!":
            self.take()
            return not truthy(self.unary())
        if self.peek() == "(":
            self.take()
            value = self.or_()
            assert self.take() == ")"
            return value
        token = self.take()
        if token.startswith("'"):
            return token[1:-1].replace("''", "'")
        if token in ("true", "false"):
            return token == "true"
        if token == "null":
            return None
        if token.isdigit():
            return int(token)
        if token.endswith("()"):
            return {"success()": not self.failed, "failure()": self.failed, "always()": True,
                    "cancelled()": False}[token]
        value = self.contexts
        for part in token.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return value


def truthy(v):
    return v not in (None, False, 0, "")


def normalize(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    return "" if v is None else str(v)


def text(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    return "" if v is None else str(v)


def substitute(value, ev):
    return re.sub(r"\$\{\{(.*?)\}\}", lambda m: text(ev.evaluate(m.group(1).strip())), value)


def read_pairs(path):
    pairs = {}
    with open(path) as f:
        lines = f.read().splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r"^([^=<]+)<<(.+)$", line)
        if m:
            end = m.group(2)
            body = []
            i += 1
            while lines[i] != end:
                body.append(lines[i])
                i += 1
            pairs[m.group(1)] = "\n".join(body)
        elif "=" in line:
            k, v = line.split("=", 1)
            pairs[k] = v
        i += 1
    return pairs


def main():
    action_dir, workspace, context_file = sys.argv[1:4]
    with open(os.path.join(action_dir, "action.yml")) as f:
        action = yaml.safe_load(f)
    with open(context_file) as f:
        ctx = json.load(f)
    inputs = {name: str(spec.get("default", "")) for name, spec in action.get("inputs", {}).items()}
    unknown = set(ctx.get("inputs", {})) - set(inputs)
    if unknown:
        print("action-runner: inputs not declared by the action: " + ", ".join(sorted(unknown)), file=sys.stderr)
        return 3
    inputs.update({k: str(v) for k, v in ctx.get("inputs", {}).items()})
    github = dict(ctx.get("github", {}))
    github["action_path"] = action_dir
    github["workspace"] = workspace
    env = dict(os.environ)
    env.setdefault("RUNNER_OS", "Linux")
    env.setdefault("RUNNER_ARCH", "X64")
    env.update(ctx.get("env", {}))
    steps = {}
    failed = 0
    tmp = tempfile.mkdtemp(prefix="action-runner-")
    summary = env.get("GITHUB_STEP_SUMMARY") or os.path.join(tmp, "step_summary.md")
    for n, step in enumerate(action["runs"]["steps"], 1):
        contexts = {"inputs": inputs, "github": github, "steps": steps, "env": env,
                    "runner": {"os": "Linux", "arch": "X64"}}
        ev = Evaluator(contexts, failed != 0)
        condition = str(step.get("if", "success()"))
        condition = condition[3:-2].strip() if condition.startswith("${{") else condition
        if not re.search(r"\b(success|failure|always|cancelled)\(\)", condition):
            condition = "success() && (" + condition + ")"
        record = {"step": n, "id": step.get("id")}
        if "uses" in step:
            record["uses"] = step["uses"]
        if not truthy(ev.evaluate(condition)):
            record.update(ran=False, outcome="skipped")
            print(json.dumps(record), flush=True)
            if step.get("id"):
                steps[step["id"]] = {"outputs": {}, "outcome": "skipped"}
            continue
        step_env = dict(env)
        step_env.update({k: substitute(str(v), ev) for k, v in step.get("env", {}).items()})
        if "uses" in step:
            record.update(ran=True, outcome="success",
                          **{"with": {k: substitute(str(v), ev) for k, v in step.get("with", {}).items()}})
            outputs = ctx.get("uses", {}).get(step["uses"].split("@")[0], {}).get("outputs", {})
            record["outputs"] = outputs
            if step.get("id"):
                steps[step["id"]] = {"outputs": outputs, "outcome": "success"}
            print(json.dumps(record), flush=True)
            continue
        assert step.get("shell") == "bash", "step %d: shell must be bash" % n
        script = os.path.join(tmp, "step%d.sh" % n)
        with open(script, "w") as f:
            f.write(substitute(step["run"], ev))
        out_file, env_file = os.path.join(tmp, "output%d" % n), os.path.join(tmp, "env%d" % n)
        open(out_file, "w").close()
        open(env_file, "w").close()
        step_env.update(GITHUB_OUTPUT=out_file, GITHUB_ENV=env_file, GITHUB_STEP_SUMMARY=summary,
                        GITHUB_ACTION_PATH=action_dir, GITHUB_WORKSPACE=workspace)
        cwd = os.path.join(workspace, substitute(str(step.get("working-directory", ".")), ev))
        code = subprocess.call(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], cwd=cwd, env=step_env,
                               stdout=sys.stderr)
        outputs = read_pairs(out_file)
        env.update(read_pairs(env_file))
        record.update(run=step["run"].splitlines()[0], ran=True, outcome="success" if code == 0 else "failure",
                      code=code, outputs=outputs)
        if step.get("id"):
            steps[step["id"]] = {"outputs": outputs, "outcome": record["outcome"]}
        print(json.dumps(record), flush=True)
        if code != 0 and not failed:
            failed = code
    print(json.dumps({"env": {k: v for k, v in env.items() if k in ("JAVA_HOME",)}}), flush=True)
    return failed


if __name__ == "__main__":
    sys.exit(main())
