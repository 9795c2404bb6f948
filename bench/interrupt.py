#!/usr/bin/env python3
"""Ctrl-C stress: interrupt ``sclerodex ingest`` again and again, and time how
long it takes to stop.

    python bench/interrupt.py [--runs 20] [--files 3000] [--jobs 2]

One folder of generated articles (plain-text notes, and copies of the sample
pages) is ingested with ``--force`` (so there is always work) by a new
process per run; after a random delay (0.8-3 s, seeded) it gets SIGINT, as
Ctrl-C sends, and every third run a second SIGINT 50 ms later.  For each run
it prints the exit code, the seconds from the (first) interrupt to the exit,
and whether stderr held a traceback; then the worst and median stop times,
and a JSON summary as the last line.  The issue's target: every run exits
130 within 2 s and prints no traceback.  Exit status 1 when a run missed it.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "sclerodex" / "data" / "samples"
TARGET_SECONDS = 2.0


def make_folder(folder: Path, files: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    pages = sorted(SAMPLES.glob("*.html"))
    for n in range(files):
        if n % 4 == 0:  # an HTML page (slower to parse) under its own canonical URL
            html = pages[n // 4 % len(pages)].read_bytes().replace(b"/samples/", f"/samples/copy{n}/".encode())
            (folder / f"p{n:05d}.html").write_bytes(html)
        else:
            (folder / f"n{n:05d}.txt").write_text(
                f"Note {n} about marker{n} and fibrosis.\nFirst part\nThe first part of note {n} is about skin.\n"
                f"Second part\nThe second part of note {n} is about lungs.\n"
            )


def one_run(index_dir: Path, folder: Path, jobs: int, delay: float, twice: bool) -> dict:
    command = [sys.executable, "-m", "sclerodex", "--index", str(index_dir), "ingest", "--force",
               "--jobs", str(jobs), "--quiet", str(folder)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    finished_early = process.poll() is not None
    interrupted = time.monotonic()
    process.send_signal(signal.SIGINT)
    if twice:
        time.sleep(0.05)
        process.send_signal(signal.SIGINT)
    try:
        out, err = process.communicate(timeout=600)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
    stopped = time.monotonic() - interrupted
    return {
        "exit": process.returncode,
        "seconds": round(stopped, 3),
        "traceback": "Traceback" in err,
        "twice": twice,
        "finished_before_interrupt": finished_early,
        "stderr": err if "Traceback" in err else "",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--files", type=int, default=3000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    chance = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="sclerodex-interrupt-"))
    try:
        folder, index_dir = work / "docs", work / "index"
        make_folder(folder, args.files)
        subprocess.run([sys.executable, "-m", "sclerodex", "--index", str(index_dir), "ingest", "--quiet",
                        str(folder)], capture_output=True, check=False)
        runs = []
        for number in range(args.runs):
            result = one_run(index_dir, folder, args.jobs, chance.uniform(0.8, 3.0), twice=number % 3 == 2)
            runs.append(result)
            print(f"run {number + 1:2d}: exit {result['exit']}, stopped in {result['seconds']:.2f} s"
                  + (" (two interrupts)" if result["twice"] else "")
                  + (", TRACEBACK" if result["traceback"] else "")
                  + (", had finished before the interrupt" if result["finished_before_interrupt"] else ""),
                  flush=True)
            if result["stderr"]:
                print("    " + result["stderr"].strip().replace("\n", "\n    "), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    times = [r["seconds"] for r in runs]
    missed = [r for r in runs if r["exit"] != 130 or r["seconds"] > TARGET_SECONDS or r["traceback"]]
    print(f"stop time: worst {max(times):.2f} s, median {statistics.median(times):.2f} s; "
          f"exit 130: {sum(r['exit'] == 130 for r in runs)} of {len(runs)}; "
          f"tracebacks: {sum(r['traceback'] for r in runs)}; over {TARGET_SECONDS:g} s: "
          f"{sum(r['seconds'] > TARGET_SECONDS for r in runs)}")
    print(json.dumps({"runs": len(runs), "worst_seconds": max(times), "median_seconds": statistics.median(times),
                      "exit_130": sum(r["exit"] == 130 for r in runs),
                      "tracebacks": sum(r["traceback"] for r in runs), "missed": len(missed), "ok": not missed}))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
