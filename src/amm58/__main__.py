"""Command line: ``python -m amm58 <command>``; the work is done in :mod:`amm58.data`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from amm58 import __version__
from amm58.data import DEFAULT_DATA_DIR, DatasetError, load_dataset, package_file, shorten


def _format_summary(rows: list[tuple[str, int]]) -> str:
    """An aligned two-column table ``resource  rows`` with a total line."""
    total = ("total", sum(n for _, n in rows))
    width = max(len(name) for name, _ in [("resource", 0), *rows, total])
    digits = max(len("rows"), *(len(str(n)) for _, n in [*rows, total]))
    lines = [f"{'resource':<{width}}  {'rows':>{digits}}"]
    lines += [f"{name:<{width}}  {n:>{digits}}" for name, n in rows]
    lines.append(f"{'total':<{width}}  {total[1]:>{digits}}")
    return "\n".join(lines)


def _load_or_explain(data_dir: Path | None):
    """The validated dataset, or None after printing every problem to stderr (no traceback); the
    first line names the data folder read."""
    try:
        return load_dataset(data_dir)
    except DatasetError as exc:
        header, *problems = str(exc).splitlines()
        print("\n".join([f"{header} in {data_dir or DEFAULT_DATA_DIR}", *problems]), file=sys.stderr)
        return None


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate the data package; print a row count per resource, or the problems."""
    ds = _load_or_explain(args.data_dir)
    if ds is None:
        return 1
    summary = ds.summary()
    print(f"data package {args.data_dir}: valid")
    print(_format_summary(list(zip(summary["resource"], summary["rows"].astype(int), strict=True))))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Validate the data, then execute every notebook and build the report."""
    from amm58 import findings, report

    ds = _load_or_explain(args.data_dir)
    if ds is None:
        return 1
    summary = ds.summary()
    print(f"data package {ds.data_dir}: valid, {len(summary)} resources, {int(summary['rows'].sum())} rows")
    custom = args.data_dir is not None
    out = args.out or (report.REPO / "build" / f"report-{ds.data_dir.resolve().name}" if custom else report.REPORTS_DIR)
    # Only the plain `make report` rewrites notebooks/ and reports/; with --data-dir or --out
    # everything, the executed notebooks included, goes under the one output folder.
    elsewhere = custom or args.out is not None

    try:
        report.build_report(
            out_dir=out,
            data_dir=ds.data_dir if custom else None,
            write_notebooks_to=(out / "notebooks") if elsewhere else None,
            findings=findings.by_notebook(ds),
        )
    except report.ReportError as exc:
        print(f"report failed (data package {ds.data_dir}): {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_curate_terms(args: argparse.Namespace) -> int:
    """Count the terms of one source's passages in a saved copy; update passage_terms.csv."""
    import pandas as pd

    from amm58 import terms

    data_dir = Path(args.data_dir)
    try:
        # Every file must be in DATA_DIR itself: a symbolic link that leads outside is refused, so
        # the command writes nowhere but DATA_DIR/passage_terms.csv.
        passages_csv = package_file(data_dir, "passages.csv", resource="passages")
        terms_csv = package_file(data_dir, "passage_terms.csv", resource="passage_terms")
        passages = pd.read_csv(passages_csv, dtype=str, keep_default_na=False)
        names = terms.names_from_tables(
            pd.read_csv(package_file(data_dir, "entities.csv", resource="entities"), dtype=str, keep_default_na=False),
            pd.read_csv(package_file(data_dir, "aliases.csv", resource="aliases"), dtype=str, keep_default_na=False),
        )
        counts = terms.curate_terms(args.text_file, passages, args.source, names)
        terms.write_passage_terms(terms_csv, counts, passages)
    except DatasetError as exc:
        problems = "; ".join(p.message for p in exc.problems)
        print(f"curate-terms failed (data folder {data_dir}): {problems}", file=sys.stderr)
        return 1
    except (OSError, ValueError, KeyError) as exc:  # TermsError and pandas' ParserError are ValueErrors
        print(f"curate-terms failed (data folder {data_dir}): {shorten(exc, 500)}", file=sys.stderr)
        return 1
    print(
        f"{shorten(args.source)}: {counts.passage_id.nunique()} passages, {len(counts)} passage-term rows, "
        f"{int(counts['count'].sum())} tokens -> {data_dir / 'passage_terms.csv'}"
    )
    return 0


def cmd_draft(args: argparse.Namespace) -> int:
    """Append the draft rows of a new source from its saved text; print the curator's next steps."""
    from amm58 import draft

    if args.check:
        try:
            table = draft.compare_with_curated(args.text_file, args.source_id, args.data_dir)
        except draft.DraftError as exc:
            print(f"draft --check failed: {exc}", file=sys.stderr)
            return 1
        print(table.to_string(index=False))
        print(f"{int(table.match.sum())} of {len(table)} passages of {args.source_id!r} in {args.data_dir} as drafted")
        return 0 if table.match.all() else 1
    if args.stage is None:
        print("draft failed: --stage pre-meeting or --stage post-meeting is required", file=sys.stderr)
        return 2
    try:
        result = draft.draft_source(args.text_file, args.source_id, args.stage, args.data_dir)
    except draft.DraftError as exc:
        print(f"draft failed (nothing was written to {args.data_dir}): {exc}", file=sys.stderr)
        return 1
    print("\n".join(draft.next_steps(result, args.source_id)))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, one subcommand per task."""
    parser = argparse.ArgumentParser(
        prog="python -m amm58",
        description="Tools for the AMM-58 interviews dataset (a Frictionless data package).",
    )
    parser.add_argument("--version", action="version", version=f"amm58 {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser(
        "validate",
        help="check every CSV against datapackage.json and print row counts",
        description=(
            "Check every CSV of the data package against datapackage.json (types, constraints, "
            "primary and foreign keys). Prints the rows of each resource and exits 0 when valid; "
            "otherwise lists every problem on stderr and exits 1."
        ),
    )
    check.add_argument(
        "data_dir",
        nargs="?",
        type=Path,
        default=DEFAULT_DATA_DIR,
        metavar="DATA_DIR",
        help=f"folder holding datapackage.json and the CSVs (default: {DEFAULT_DATA_DIR})",
    )
    check.set_defaults(func=cmd_validate)
    rep = commands.add_parser(
        "report",
        help="execute every notebook and build the browsable report",
        description=(
            "Validate the data, execute every numbered notebook in notebooks/ in order (each in a fresh "
            "kernel), and write the report: executed notebooks, reports/html/NN_name.html, "
            "reports/figures/*.png and reports/index.html. With --data-dir the notebooks run against "
            "another data package that follows the same descriptor (it is only read), and everything (the executed "
            "notebooks included) goes to a separate folder, build/report-<folder name>/ unless --out says otherwise. "
            "With --out alone, everything (the executed notebooks included) goes to OUT_DIR."
        ),
    )
    rep.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        metavar="DATA_DIR",
        help="another data package to analyse (default: the repository's data/)",
    )
    rep.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="OUT_DIR",
        help=(
            "the one folder to write the report into: html/, figures/, notebooks/ and index.html "
            "(default: reports/ and notebooks/, or build/report-<name>/ with --data-dir)"
        ),
    )
    rep.set_defaults(func=cmd_report)
    cur = commands.add_parser(
        "curate-terms",
        help="count the words of one interview's coded passages from a saved copy",
        description=(
            "Read a saved plain-text copy of one interview, find each coded passage of SOURCE_ID in it "
            "(in seq order, by its locator), check its n_words, tokenise it (lower case, letters and "
            "digits, stop words removed; the names of DATA_DIR's entities and aliases tables and hyphenated "
            "words stay whole, their words joined by '_') and write the counts to DATA_DIR/passage_terms.csv, "
            "replacing "
            "that source's rows. Re-running on the same inputs gives the same file byte for byte."
        ),
    )
    cur.add_argument("text_file", type=Path, metavar="TEXT_FILE", help="saved copy of the interview (UTF-8 text)")
    cur.add_argument("--source", required=True, metavar="SOURCE_ID", help="the source_id of the interview")
    cur.add_argument(
        "--data-dir",
        type=Path,
        default=DEFAULT_DATA_DIR,
        metavar="DATA_DIR",
        help=f"the data package to update (default: {DEFAULT_DATA_DIR})",
    )
    cur.set_defaults(func=cmd_curate_terms)
    dra = commands.add_parser(
        "draft",
        help="draft a new source's rows (source, passages, term counts) from its saved text",
        description=(
            "Split a saved plain-text capture of an interview into passages by the codebook's unit rules and "
            "append draft rows to DATA_DIR: the source (title and URL where the capture gives them, the rest "
            "empty), its passages (seq, kind, speaker where the text shows it, question links, a locator of six "
            "opening words, n_words; summaries left empty for the curator) and their term counts. Stores no "
            "sentence beyond the locators, suggests no themes, refuses a source id that exists and writes "
            "nothing when it fails."
        ),
    )
    dra.add_argument("text_file", type=Path, metavar="TEXT_FILE", help="saved copy of the interview (UTF-8 text)")
    dra.add_argument("--source-id", required=True, metavar="SOURCE_ID", help="the new source's id (a slug)")
    dra.add_argument("--stage", choices=["pre-meeting", "post-meeting"], help="the source's stage (required to draft)")
    dra.add_argument(
        "--check",
        action="store_true",
        help="write nothing: compare the draft of an existing source with its curated passages (seq, kind, "
        "locator, n_words, question link); exit 1 unless every passage matches",
    )
    dra.add_argument(
        "--data-dir",
        type=Path,
        default=DEFAULT_DATA_DIR,
        metavar="DATA_DIR",
        help=f"the data package to extend (default: {DEFAULT_DATA_DIR})",
    )
    dra.set_defaults(func=cmd_draft)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
