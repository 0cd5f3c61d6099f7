#!/usr/bin/env python3
"""Classroom 50 autograder for the Async Kata for Go.

Generated from kata.toml by make generate: edit kata.toml, not this file,
and copy it again to the config repository after every make generate.

Copy this file to <classroom>/autograders/<assignment>/autograder.py in the
classroom's config repository, and give the assignment the runtime
{"go": "1.26"}. The Classroom 50 runner calls it in the student's checkout
with CLASSROOM, ASSIGNMENT, SUBMISSION_TAG, COMMIT_URL, RELEASE_URL, OWNER
and ASSIGNMENT_TYPE set. It builds the kata's checker, which grades every
exercise and writes result.json there: one test per exercise, worth its
points, 0 for an exercise whose tests or fixtures were changed.

When the checker does not finish (learner code killed it, it crashed, it
ran past its time, or it did not build), the result is every exercise at
0 with "the grader did not finish", and a result.json the checker did not
write (one learner code wrote, or one committed) never counts. Exit 0
means a result.json was written; 1 that not even that was possible (the
submission's identity is missing: see IdentityFromEnv in the checker).

Optional: put a copy of the template's checker/protected.sum beside this
file. It then replaces the student's copy before grading, so that a test
changed together with its digest still counts as changed.

To try it by hand, set those variables and run it from the kata's root;
naming exercises grades only those: python3 autograder.py 03 07
"""
import datetime
import json
import os
import shutil
import signal
import subprocess
import sys

# Every exercise at 0, as the checker's classroom50 format writes it.
UNFINISHED_TESTS = json.loads("[{\"test-name\":\"01 amdahl: Why concurrency: put numbers on computing and waiting\",\"passed\":false,\"score\":0,\"max-score\":10,\"status\":\"error\",\"failure\":\"none\",\"message\":\"0/10: the grader did not finish (its log says where it stopped)\\nrun it yourself: make check EX=01; stuck? make hint EX=01\",\"checks\":[]},{\"test-name\":\"17 scale: Waiting scales, computing does not\",\"passed\":false,\"score\":0,\"max-score\":10,\"status\":\"error\",\"failure\":\"none\",\"message\":\"0/10: the grader did not finish (its log says where it stopped)\\nrun it yourself: make check EX=17; stuck? make hint EX=17\",\"checks\":[]},{\"test-name\":\"02 pipeline: Let the consumer run while the producers produce\",\"passed\":false,\"score\":0,\"max-score\":10,\"status\":\"error\",\"failure\":\"none\",\"message\":\"0/10: the grader did not finish (its log says where it stopped)\\nrun it yourself: make check EX=02; stuck? make hint EX=02\",\"checks\":[]},{\"test-name\":\"03 crawler: Make this crawler concurrent under 2 s\",\"passed\":false,\"score\":0,\"max-score\":10,\"status\":\"error\",\"failure\":\"none\",\"message\":\"0/10: the grader did not finish (its log says where it stopped)\\nrun it yourself: make check EX=03; stuck? make hint EX=03\",\"checks\":[]},{\"test-name\":\"04 generator-leak: Stop the generator that never ends\",\"passed\":false,\"score\":0,\"max-score\":10,\"status\":\"error\",\"failure\":\"none\",\"message\":\"0/10: the grader did not finish (its log says where it stopped)\\nrun it yourself: make check EX=04; stuck? make hint EX=04\",\"checks\":[]},{\"test-name\":\"05 parallel-math: Sum square roots on every core, exactly\",\"passed\":false,\"score\":0,\"max-score\":10,\"status\":\"error\",\"failure\":\"none\",\"message\":\"0/10: the grader did not finish (its log says where it stopped)\\nrun it yourself: make check EX=05; stuck? make hint EX=05\",\"checks\":[]},{\"test-name\":\"06 cancel-worker: Cancel a background job within 50 ms\",\"passed\":false,\"score\":0,\"max-score\":10,\"status\":\"error\",\"failure\":\"none\",\"message\":\"0/10: the grader did not finish (its log says where it stopped)\\nrun it yourself: make check EX=06; stuck? make hint EX=06\",\"checks\":[]},{\"test-name\":\"07 race-bank: Fix the race in the bank (run with -race)\",\"passed\":false,\"score\":0,\"max-score\":10,\"status\":\"error\",\"failure\":\"none\",\"message\":\"0/10: the grader did not finish (its log says where it stopped)\\nrun it yourself: make check EX=07; stuck? make hint EX=07\",\"checks\":[]},{\"test-name\":\"08 deadlock-bank: Remove the deadlock, keep one lock per account\",\"passed\":false,\"score\":0,\"max-score\":10,\"status\":\"error\",\"failure\":\"none\",\"message\":\"0/10: the grader did not finish (its log says where it stopped)\\nrun it yourself: make check EX=08; stuck? make hint EX=08\",\"checks\":[]},{\"test-name\":\"09 process-pool: Parallelize with a pool of worker processes\",\"passed\":false,\"score\":0,\"max-score\":10,\"status\":\"error\",\"failure\":\"none\",\"message\":\"0/10: the grader did not finish (its log says where it stopped)\\nrun it yourself: make check EX=09; stuck? make hint EX=09\",\"checks\":[]},{\"test-name\":\"18 supervisor: Survive a worker that hangs or dies\",\"passed\":false,\"score\":0,\"max-score\":10,\"status\":\"error\",\"failure\":\"none\",\"message\":\"0/10: the grader did not finish (its log says where it stopped)\\nrun it yourself: make check EX=18; stuck? make hint EX=18\",\"checks\":[]},{\"test-name\":\"10 executor: One Executor, two backends: goroutines and processes\",\"passed\":false,\"score\":0,\"max-score\":10,\"status\":\"error\",\"failure\":\"none\",\"message\":\"0/10: the grader did not finish (its log says where it stopped)\\nrun it yourself: make check EX=10; stuck? make hint EX=10\",\"checks\":[]},{\"test-name\":\"19 as-completed: Results as they come; stop at error or deadline\",\"passed\":false,\"score\":0,\"max-score\":10,\"status\":\"error\",\"failure\":\"none\",\"message\":\"0/10: the grader did not finish (its log says where it stopped)\\nrun it yourself: make check EX=19; stuck? make hint EX=19\",\"checks\":[]},{\"test-name\":\"11 nursery: One scope for producers and a consumer: deadline and first error\",\"passed\":false,\"score\":0,\"max-score\":10,\"status\":\"error\",\"failure\":\"none\",\"message\":\"0/10: the grader did not finish (its log says where it stopped)\\nrun it yourself: make check EX=11; stuck? make hint EX=11\",\"checks\":[]},{\"test-name\":\"12 mixed-work: Route CPU work, blocking calls and waits to lanes of their own\",\"passed\":false,\"score\":0,\"max-score\":10,\"status\":\"error\",\"failure\":\"none\",\"message\":\"0/10: the grader did not finish (its log says where it stopped)\\nrun it yourself: make check EX=12; stuck? make hint EX=12\",\"checks\":[]},{\"test-name\":\"13 sun-api: Serve 20 clients: weather alongside location then sun\",\"passed\":false,\"score\":0,\"max-score\":10,\"status\":\"error\",\"failure\":\"none\",\"message\":\"0/10: the grader did not finish (its log says where it stopped)\\nrun it yourself: make check EX=13; stuck? make hint EX=13\",\"checks\":[]},{\"test-name\":\"14 singleflight: One call for a hundred callers: singleflight in front of a cache\",\"passed\":false,\"score\":0,\"max-score\":10,\"status\":\"error\",\"failure\":\"none\",\"message\":\"0/10: the grader did not finish (its log says where it stopped)\\nrun it yourself: make check EX=14; stuck? make hint EX=14\",\"checks\":[]},{\"test-name\":\"15 cgo-batch: Speed up via cgo: call C once per chunk\",\"passed\":false,\"score\":0,\"max-score\":10,\"status\":\"error\",\"failure\":\"none\",\"message\":\"0/10: the grader did not finish (its log says where it stopped)\\nrun it yourself: make check EX=15; stuck? make hint EX=15\",\"checks\":[]},{\"test-name\":\"16 cgo-parallel: Call C from several goroutines at once (no GIL)\",\"passed\":false,\"score\":0,\"max-score\":10,\"status\":\"error\",\"failure\":\"none\",\"message\":\"0/10: the grader did not finish (its log says where it stopped)\\nrun it yourself: make check EX=16; stuck? make hint EX=16\",\"checks\":[]}]")
MAX_SCORE = 190
UNFINISHED = "the grader did not finish"
# Seconds the checker may grade before it is stopped, within Classroom 50's
# 15 minutes a job (the exercises' limits plus 3 minutes for the builds).
TIMEOUT = 720


def identity():
    """The submission's identity, by the rules of the checker's own."""
    env = os.environ.get
    ident = {
        "classroom": env("CLASSROOM", ""),
        "assignment": env("ASSIGNMENT", ""),
        "assignment_type": env("ASSIGNMENT_TYPE", "") or "individual",
        "owner": env("OWNER", "") or env("USERNAME", ""),
        "submission": env("SUBMISSION_TAG", ""),
        "commit": env("COMMIT_URL", ""),
        "release": env("RELEASE_URL", ""),
        "review": env("REVIEW_URL", "") or env("COMMIT_URL", ""),
    }
    required = ("classroom", "assignment", "owner", "submission", "commit", "release")
    if any(not ident[k] for k in required) or not ident["submission"].startswith("submit/"):
        return None
    if ident["assignment_type"] not in ("individual", "group"):
        return None
    return ident


def write_unfinished(why):
    """Replace any result.json with every exercise at 0."""
    ident = identity()
    if ident is None:
        print("autograder: the submission's identity is not set, so no result can be written", file=sys.stderr)
        return 1
    doc = {"schema": "classroom50/result/v1", **ident,
           "datetime": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
           "score": 0, "max-score": MAX_SCORE, "tests": UNFINISHED_TESTS}
    if os.environ.get("USERNAME"):
        doc["submitted_by"] = {"username": os.environ["USERNAME"]}
    tmp = "result.json.unfinished"
    with open(tmp, "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    os.replace(tmp, "result.json")
    print(f"autograder: {UNFINISHED} ({why}): every exercise scores 0", file=sys.stderr)
    return 0


def grade(args):
    """Run the checker; True only if it ran to its end and wrote result.json."""
    checker = subprocess.Popen(["bin/kata", "check", "--format=classroom50", *args])
    try:
        code = checker.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        # SIGTERM first: the checker ends its runs and removes its folders.
        checker.send_signal(signal.SIGTERM)
        try:
            checker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            checker.kill()
            checker.wait()
        return f"stopped after {TIMEOUT} s"
    if code != 0:
        return f"the checker exited {code}"
    if not os.path.isfile("result.json"):
        return "the checker wrote no result.json"
    return None


def main() -> int:
    pinned = os.path.join(os.path.dirname(os.path.abspath(__file__)), "protected.sum")
    if os.path.isfile(pinned):
        shutil.copyfile(pinned, os.path.join("checker", "protected.sum"))
    # A result.json committed by the student must not stand in for a grade.
    if os.path.lexists("result.json"):
        os.remove("result.json")
    build = subprocess.run(["go", "build", "-buildvcs=false", "-o", "bin/kata", "./checker"])
    if build.returncode != 0:
        return write_unfinished("the checker did not build")
    why = grade(sys.argv[1:])
    if why is not None:
        return write_unfinished(why)
    return 0


if __name__ == "__main__":
    sys.exit(main())
