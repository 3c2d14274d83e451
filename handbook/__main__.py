"""`python -m handbook check SITE_DIR`: run the gates that read only built HTML.

Exit status 0 when every gate passes and the build manifest shows every step ran; 1 with one
line per problem otherwise. Works on a site built by any engine (MkDocs, ProperDocs, ...).
"""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m handbook", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="run every gate that reads built HTML on SITE_DIR")
    check.add_argument("site_dir", metavar="SITE_DIR")
    check.add_argument("--config", default=None, help="the project's mkdocs.yml (default: this repository's)")
    commands.add_parser("steps", help="list the pipeline's steps, in order, with the events each handles")
    args = parser.parse_args(argv)

    if args.command == "steps":
        from handbook import pipeline

        for step in pipeline.STEPS:
            print(f"{pipeline.name(step):22} {', '.join(pipeline.events(step))}")
        return 0

    from handbook import sitecheck

    problems = sitecheck.check(args.site_dir, args.config)
    for problem in problems:
        print(f"ERROR   -  {problem}", file=sys.stderr)
    names = ", ".join(name for name, _ in sitecheck.gates())
    if problems:
        print(f"handbook check: {len(problems)} problem(s) in {args.site_dir}", file=sys.stderr)
        return 1
    print(f"handbook check: {args.site_dir} passes (manifest complete; gates: {names})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
