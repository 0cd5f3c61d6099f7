#!/usr/bin/env python3
"""Classroom 50 autograder for the Async Kata for Go.

Copy this file to <classroom>/autograders/<assignment>/autograder.py in the
classroom's config repository, and give the assignment the runtime
{"go": "1.26"}. The Classroom 50 runner calls it in the student's checkout
with CLASSROOM, ASSIGNMENT, SUBMISSION_TAG, COMMIT_URL, RELEASE_URL, OWNER
and ASSIGNMENT_TYPE set. It builds the kata's checker, which grades every
exercise and writes result.json there: one test per exercise, worth its
points, 0 for an exercise whose tests or fixtures were changed. Exit 0
means grading ran, whatever the score.

Optional: put a copy of the template's checker/protected.sum beside this
file. It then replaces the student's copy before grading, so that a test
changed together with its digest still counts as changed.

To try it by hand, set those variables and run it from the kata's root;
naming exercises grades only those: python3 autograder.py 03 07
"""
import os
import shutil
import subprocess
import sys


def main() -> int:
    pinned = os.path.join(os.path.dirname(os.path.abspath(__file__)), "protected.sum")
    if os.path.isfile(pinned):
        shutil.copyfile(pinned, os.path.join("checker", "protected.sum"))
    # A result.json committed by the student must not stand in for a grade.
    if os.path.lexists("result.json"):
        os.remove("result.json")
    build = subprocess.run(["go", "build", "-buildvcs=false", "-o", "bin/kata", "./checker"])
    if build.returncode != 0:
        print("autograder: the checker did not build, so nothing was graded", file=sys.stderr)
        return 1
    grade = subprocess.run(["bin/kata", "check", "--format=classroom50", *sys.argv[1:]])
    if grade.returncode != 0 or not os.path.isfile("result.json"):
        print(f"autograder: the checker stopped (exit {grade.returncode}) without a result", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
