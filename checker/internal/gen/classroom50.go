package gen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/asynckata/kata/checker/internal/manifest"
	"github.com/asynckata/kata/checker/internal/report"
)

// AutograderFile is Classroom 50's autograder, which a teacher copies into
// the classroom's config repository.
const AutograderFile = "classroom/classroom50/autograder.py"

// classroom50Job is how long Classroom 50 lets a grading job run.
const classroom50Job = 15 * time.Minute

// autograderReserve is what the autograder keeps of classroom50Job for
// itself: setting up Go, building the checker, writing the result.
const autograderReserve = 3 * time.Minute

// Autograder renders classroom/classroom50/autograder.py: it builds the
// checker, grades every exercise into result.json, and, when the checker
// did not finish (killed, crashed, over its time, or not built), writes
// instead a result with every exercise of m at 0 and "the grader did not
// finish" (UnfinishedResult, in the classroom50/result/v1 form), and
// never a result.json that learner code could have written.
func Autograder(m *manifest.Manifest) ([]byte, error) {
	var b bytes.Buffer
	id := report.Identity{Classroom: "c", Assignment: "a", AssignmentType: "individual", Owner: "o",
		Submission: "submit/x", Commit: "x", Release: "x", Review: "x"}
	f := report.Classroom50{Identity: id, Now: func() time.Time { return time.Unix(0, 0) }}
	if err := f.Write(&b, UnfinishedResult(m)); err != nil {
		return nil, fmt.Errorf("render the unfinished result: %w", err)
	}
	var doc struct {
		Tests    json.RawMessage `json:"tests"`
		MaxScore int             `json:"max-score"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		return nil, fmt.Errorf("read the unfinished result: %w", err)
	}
	var tests bytes.Buffer
	if err := json.Compact(&tests, doc.Tests); err != nil {
		return nil, err
	}
	var limits time.Duration
	for _, ex := range m.Exercises {
		limits += ex.Limit.Duration
	}
	grading := min(limits+buildMargin, classroom50Job-autograderReserve)
	text := strings.NewReplacer(
		"@TESTS@", strconv.Quote(tests.String()),
		"@MAX_SCORE@", strconv.Itoa(doc.MaxScore),
		"@TIMEOUT@", strconv.Itoa(int(grading/time.Second)),
		"@UNFINISHED@", strconv.Quote(Unfinished),
	).Replace(autograderTemplate)
	return []byte(text), nil
}

const autograderTemplate = `#!/usr/bin/env python3
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
UNFINISHED_TESTS = json.loads(@TESTS@)
MAX_SCORE = @MAX_SCORE@
UNFINISHED = @UNFINISHED@
# Seconds the checker may grade before it is stopped, within Classroom 50's
# 15 minutes a job (the exercises' limits plus 3 minutes for the builds).
TIMEOUT = @TIMEOUT@


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
`
