"""How fast ``sclerodex browse`` answers: keystroke to updated list, and start
to first screen.  Prints its figures; asserts nothing.

- **keystroke -> updated list**: in-process, through Textual's Pilot (a
  headless screen of 80x24): each query of a fixed list is typed one key at a
  time; for each key, the time from handing the key to the app (as the
  terminal driver does) until its answer is on screen (the new list, or the
  status line when a half-typed word leaves the list be) and the screen has
  been refreshed.  It includes the debounce (the quiet time the screen waits
  after a key before searching, ``sclerodex.browse.app.DEBOUNCE``), since a
  person sees it.  A headless screen lays out and renders the frame but does
  not encode it for a terminal.  The same is printed as first measured,
  through ``Pilot.press``/``Pilot.pause``, whose idle polling adds waits of
  20 ms steps; and, for queries whose last word the speller looks up at the
  pause, the time from the last key to that answer.
- **start -> first screen**: ``python -m sclerodex browse QUERY`` on a
  pseudo-terminal, from the start of the process until the status line of
  the first search (``N of M matching sections``) has been written: the
  interpreter, the imports (Textual's included), opening the index, the
  first search and the first frame.

The index: ``--index DIR`` (any index), or ``--sections N`` builds one from
``bench/corpus.py`` (needs ../shared/data/scifact) under bench/out/.

    python bench/browse.py --sections 10000
    python bench/browse.py --index bench/out/s10000/index --runs 5
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import pty
import statistics
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = [
    "lung fibrosis", "insulin resistance", "tumor cells", "vitamin d", "mortality risk",
    "protein expression", "smoking cancer", "-mice inflammation", "\"blood pressure\"", "stem cell therapy",
    "diabetes OR obesity", "antibodies",
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


async def keystrokes(index_dir: Path, through_press: bool = False):
    """Wall time per key, and the process's CPU time per key (which other
    processes on a shared machine do not inflate); and, per query whose
    last word the speller looks up once typing pauses, the wall time from
    the last key to that answer on screen (the pause included).

    The key is handed to the app as the terminal driver hands it over; the
    clock stops when the answer of that key is on screen (the list, or the
    status line when the list stays) and the screen has been refreshed.
    ``through_press``: the way this bench measured first, through
    ``Pilot.press`` and ``Pilot.pause``, which add Pilot's own idle
    polling (steps of 20 ms) to every key."""
    from textual import events
    from textual.keys import _character_to_key

    from sclerodex.browse.app import BrowseApp

    app = BrowseApp(index_dir)
    shown = (lambda: app.shown) if hasattr(app, "shown") else (lambda: app.searches)
    times: list[float] = []
    cpu: list[float] = []
    settled: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
        for query in QUERIES:
            for char in query:
                key = "space" if char == " " else char if char.isalnum() else _character_to_key(char)
                before = shown()
                started, started_cpu = time.perf_counter(), time.process_time()
                if through_press:
                    await pilot.press(key)
                    while shown() == before:
                        await asyncio.sleep(0.001)
                    await pilot.pause()
                else:
                    app._driver.send_message(events.Key(key, char))
                    while shown() == before:
                        await asyncio.sleep(0.001)
                    await app.screen.wait_for_refresh()
                times.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            if getattr(app, "_settle", None) is not None:
                before = app.searches
                started = time.perf_counter()
                while app.searches == before:
                    await asyncio.sleep(0.001)
                await app.screen.wait_for_refresh()
                settled.append((time.perf_counter() - started) * 1000 + times[-1])
            await pilot.press(*["backspace"] * (len(query) + 1))
            await pilot.pause(0.4)
    return times, cpu, settled


def first_screen(index_dir: Path, query: str) -> float:
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "sclerodex", "--index", str(index_dir), "browse", query],
                               stdin=follower, stdout=follower, stderr=follower, cwd=ROOT,
                               env={**os.environ, "TERM": "xterm-256color"})
    os.close(follower)
    shown = bytearray()
    seen = threading.Event()

    def read():
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                return
            if not chunk:
                return
            shown.extend(chunk)
            if b"matching sections" in shown:
                seen.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        if not seen.wait(60):
            raise SystemExit(f"browse drew no first screen in 60 s: {bytes(shown[-300:])!r}")
        elapsed = (time.perf_counter() - started) * 1000
        os.write(leader, b"\x03")
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(leader)
    return elapsed


def build(sections: int) -> Path:
    from bench import corpus as gen

    root = ROOT / "bench" / "out" / f"s{sections}"
    made = gen.write_corpus(root, sections)
    index_dir = root / "index"
    if not index_dir.is_dir():
        subprocess.run([sys.executable, "-m", "sclerodex", "--index", str(index_dir), "ingest", "--quiet",
                        str(made.pages)], check=True, cwd=ROOT)
    return index_dir


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, help="an existing index")
    parser.add_argument("--sections", type=int, default=10000, help="build an index of about N sections")
    parser.add_argument("--runs", type=int, default=5, help="start-ups measured")
    args = parser.parse_args()
    index_dir = args.index or build(args.sections)
    from sclerodex.index.catalog import index_stats

    stats = index_stats(index_dir)
    print(f"index: {index_dir} ({stats.articles:,} articles, {stats.sections:,} sections)")
    from sclerodex.browse.app import DEBOUNCE

    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    for through_press in (False, True):
        times, cpu, settled = asyncio.run(keystrokes(index_dir, through_press))
        how = "through Pilot.press (adds Pilot's idle polling)" if through_press else "key to refreshed screen"
        print(f"keystroke -> updated list, {how} ({len(times)} keys, debounce {DEBOUNCE * 1000:.0f} ms included): "
              f"p50 {statistics.median(times):.1f} ms, p95 {percentile(times, 0.95):.1f} ms, max {max(times):.1f} ms")
        print(f"  CPU time per keystroke (search + list + preview + layout): "
              f"p50 {statistics.median(cpu):.1f} ms, p95 {percentile(cpu, 0.95):.1f} ms")
        if settled:
            print(f"  last key -> the answer with spelling ({len(settled)} queries, the pause included): "
                  f"median {statistics.median(settled):.0f} ms, max {max(settled):.0f} ms")
    starts = [first_screen(index_dir, "lung fibrosis") for _ in range(args.runs)]
    print(f"start -> first screen ({args.runs} runs): median {statistics.median(starts):.0f} ms, "
          f"max {max(starts):.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
