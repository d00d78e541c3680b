"""Command line: ``python -m nabla.grading {generate,grade,list} ...``.

Examples::

    python -m nabla.grading generate              # exercises/master/*.ipynb -> exercises/
    python -m nabla.grading generate --check      # exit 1 if a student notebook is stale
    python -m nabla.grading grade submissions/ --out gradebook.csv --feedback feedback/
    python -m nabla.grading list                  # assignments and their questions
"""

import argparse
import datetime
import sys

from nabla.grading import batch, lms, notebooks, reports
from nabla.grading.assignments import ASSIGNMENTS


def _generate(args):
    stale = notebooks.generate(args.master, args.out, check=args.check)
    for path in stale:
        print(f"{'stale' if args.check else 'wrote'} {path}")
    return 1 if args.check and stale else 0


NO_SANDBOX = """\
warning: --no-sandbox: each notebook runs as your user, with your files. It can read the
answer key (nabla.grading.assignments, the master notebooks), read and change other
submissions and the outputs, and leave processes behind. The grade is still computed
outside the notebook's process. Use it only for submissions you trust."""


def _grade(args):
    reports.check_outputs(args.out, args.feedback)
    if args.format != "csv" and not args.assignment:
        raise ValueError(
            f"--format {args.format} needs --assignment: the download holds one assignment, "
            "and a notebook must not choose which one it is graded as"
        )
    if args.no_sandbox:
        print(NO_SANDBOX, file=sys.stderr)
    limits = batch.Limits(
        timeout=args.timeout,
        cell_timeout=args.cell_timeout,
        call_timeout=args.call_timeout,
        memory_mb=args.memory,
    )
    results = batch.grade_submissions(
        args.submissions,
        assignment=args.assignment,
        jobs=args.jobs,
        limits=limits,
        seed=args.seed,
        progress=not args.quiet,
        sandboxed=not args.no_sandbox,
    )
    left_out = []
    if args.format == "csv":
        reports.write_gradebook(results, args.out)
    else:
        when = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
        left_out = lms.write_lms_gradebook(results, args.out, args.format, when)
    if args.feedback:
        reports.write_feedback(results, args.feedback)
    named = {r.assignment for r in results if r.assignment}
    if len(named) > 1:
        print(
            f"note: the notebooks named {len(named)} assignments ({', '.join(sorted(named))}),"
            " each graded as the one it names; --assignment grades them all as one",
            file=sys.stderr,
        )
    counts = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    summary = ", ".join(f"{n} {s}" for s, n in counts.items())
    print(f"graded {len(results)} submissions ({summary}) into {args.out}")
    for submission, why in left_out:
        print(f"not in the {args.format} file: {reports.printable(submission)} ({why})")
    return 1 if left_out else 0


def _list(args):
    for a in ASSIGNMENTS.values():
        print(f"{a.name}: {a.title} ({a.points} points)")
        for q in a.questions:
            kind = "function" if q.is_function else "value"
            print(f"  {q.id}  {q.name:<20} {kind:<8} {q.task}")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m nabla.grading", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    gen = sub.add_parser("generate", help="write the student notebooks from the masters")
    gen.add_argument("--master", default="exercises/master", help="folder of master notebooks")
    gen.add_argument("--out", default="exercises", help="folder for the student notebooks")
    gen.add_argument("--check", action="store_true", help="only report stale notebooks (exit 1)")
    gen.set_defaults(run=_generate)

    grade = sub.add_parser("grade", help="grade a folder of submitted notebooks")
    grade.add_argument("submissions", help="folder; every *.ipynb under it is graded")
    grade.add_argument("--out", default="gradebook.csv", help="the gradebook CSV to write")
    grade.add_argument(
        "--format",
        choices=["csv", "canvas", "moodle"],
        default="csv",
        help="csv: every submission with each question's points and notes; canvas: Canvas's "
        "gradebook import; moodle: Moodle's offline grading worksheet (students named by the "
        "file names of the system's 'download all submissions')",
    )
    grade.add_argument("--feedback", help="folder for one Markdown feedback file per submission")
    grade.add_argument("--assignment", choices=list(ASSIGNMENTS), help="force the assignment")
    grade.add_argument("--jobs", type=int, help="submissions at once (default: all cores)")
    grade.add_argument("--timeout", type=float, default=120.0, help="seconds per submission")
    grade.add_argument("--cell-timeout", type=float, default=30.0, help="seconds per cell")
    grade.add_argument("--call-timeout", type=float, default=5.0, help="seconds per test call")
    grade.add_argument(
        "--memory",
        type=int,
        default=2048,
        help="MiB of memory for a submission: for all its processes together where a cgroup "
        "can be made (as root), else for each of its processes",
    )
    grade.add_argument("--seed", type=int, help="seed the test inputs (default: secret, fresh)")
    grade.add_argument("--quiet", action="store_true", help="no progress bar")
    grade.add_argument(
        "--no-sandbox",
        action="store_true",
        help="run notebooks without bubblewrap (they can then read the answer key and "
        "touch other submissions: for trusted submissions only)",
    )
    grade.set_defaults(run=_grade)

    lister = sub.add_parser("list", help="list the assignments and their questions")
    lister.set_defaults(run=_list)

    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except ValueError as exc:
        parser.error(str(exc))
    except KeyboardInterrupt:
        print(
            "\ninterrupted: every child process was stopped, nothing was written", file=sys.stderr
        )
        return 130


if __name__ == "__main__":
    sys.exit(main())
