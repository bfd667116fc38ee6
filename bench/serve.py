"""Load and faults of `tracker serve`, measured: a real server (its own process, on
127.0.0.1) driven by N concurrent clients for a bounded time.

    python bench/serve.py [--clients 10] [--seconds 20] [--soak 60] [--long] [--out FILE]

1. Throughput and p50/p95/p99 latency of POST /match with 1 and with 10 queries per request,
   beside the library called directly in this process on the same queries (the same
   function the server calls, one request's queries at a time), in the same run.
2. Memory of the server process over a soak (--soak seconds of load; --long: 10 minutes),
   sampled every second: the median of the first and of the last quarter.
3. A store replaced by a new import while serving: clients screen a batch whose answer
   differs between the 2018 and the 2021 SDN list while `tracker import` adds the 2021 one;
   every answer must be the whole old or the whole new one, never a mix.
4. The server killed (SIGKILL) and restarted while clients record decisions: every decision
   the server acknowledged (201) must be in the store after the restart.

Every loop stops by itself (a deadline); the queries are names of the SDN list's entries, one
in two with a letter dropped. Results print as Markdown, for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from tracker.lists.store import Store  # noqa: E402
from tracker.screening.score import Query  # noqa: E402
from tracker.serve import auth  # noqa: E402
from tracker.serve.runs import screen  # noqa: E402

FIXTURES = REPO / "tests" / "fixtures"
SDN_2018 = FIXTURES / "official" / "us_ofac_sdn" / "snapshot_2018"
SDN_2021 = FIXTURES / "official" / "us_ofac_sdn" / "snapshot_2021"
UK = FIXTURES / "official-current" / "uk_fcdo"


# --- a server in its own process -----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def tracker(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tracker", *map(str, args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


class Server:
    """`tracker serve` as a child process."""

    def __init__(self, db: Path, *options: str) -> None:
        self.db = db
        self.options = options
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [sys.executable, "-m", "tracker", "serve", "--db", str(self.db)]
        command += ["--port", str(self.port), *self.options]
        self.process = subprocess.Popen(
            command,
            cwd=REPO,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120  # the score loads its name data at start-up
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("the server did not start")

    def rss_mb(self) -> float:
        assert self.process is not None
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


@contextmanager
def serving(db: Path, *options: str) -> Iterator[Server]:
    server = Server(db, *options)
    server.start()
    try:
        yield server
    finally:
        server.stop()


# --- the queries ---------------------------------------------------------------------------------


def names(db: Path, count: int) -> list[str]:
    """Names of entries of the store's lists, one in two with a letter dropped (a typo)."""
    with Store(db) as store:
        found: list[str] = []
        for snapshot in store.snapshots():
            found += [e["name"] for e in store.entries(snapshot.id) if len(e["name"]) > 6]
    picked = found[:: max(1, len(found) // count)][:count]
    return [n if i % 2 else n[:3] + n[4:] for i, n in enumerate(picked)]


def body(batch: Sequence[str]) -> dict[str, Any]:
    return {
        "queries": {
            str(i): {"schema": "Thing", "properties": {"name": [name]}}
            for i, name in enumerate(batch)
        }
    }


@dataclass
class Figures:
    requests: int = 0
    queries: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)

    def percentile(self, share: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    def row(self, label: str) -> str:
        rate = self.queries / self.seconds if self.seconds else 0
        return (
            f"| {label} | {self.requests:,} | {self.queries:,} | {self.errors:,} | {rate:,.0f} | "
            f"{self.percentile(0.50):,.1f} | {self.percentile(0.95):,.1f} | "
            f"{self.percentile(0.99):,.1f} |"
        )


def drive(
    clients: int, seconds: float, work: Callable[[httpx.Client, int], int], url: str
) -> Figures:
    """``clients`` threads calling ``work`` (one request, returns its query count) until the
    deadline; every request's latency kept."""
    figures = Figures()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    started = time.monotonic()

    def client(number: int) -> None:
        with httpx.Client(base_url=url, timeout=60) as http:
            step = number
            while time.monotonic() < deadline:
                begun = time.perf_counter()
                try:
                    done = work(http, step)
                    failed = 0
                except httpx.HTTPError:
                    done, failed = 0, 1
                took = time.perf_counter() - begun
                with lock:
                    figures.requests += 1
                    figures.queries += done
                    figures.errors += failed
                    figures.latencies.append(took)
                step += clients

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    figures.seconds = time.monotonic() - started
    return figures


def matching(batches: list[list[str]]) -> Callable[[httpx.Client, int], int]:
    def work(http: httpx.Client, step: int) -> int:
        batch = batches[step % len(batches)]
        answer = http.post("/match/default", json=body(batch))
        if answer.status_code != 200:
            raise httpx.HTTPError(f"status {answer.status_code}")
        return len(batch)

    return work


def direct(db: Path, batches: list[list[str]], seconds: float) -> Figures:
    """The library in this process: the function the server calls, one batch at a time."""
    figures = Figures()
    deadline = time.monotonic() + seconds
    started = time.monotonic()
    with Store(db) as store:
        step = 0
        while time.monotonic() < deadline:
            batch = batches[step % len(batches)]
            queries = [Query(id=str(i), name=n) for i, n in enumerate(batch)]
            begun = time.perf_counter()
            screen(db, store, queries, (), 0.70, 500, float("inf"))
            figures.latencies.append(time.perf_counter() - begun)
            figures.requests += 1
            figures.queries += len(batch)
            step += 1
    figures.seconds = time.monotonic() - started
    return figures


# --- the cases -----------------------------------------------------------------------------------


def case_load(db: Path, clients: int, seconds: float, count: int = 400) -> list[str]:
    found = names(db, count)
    lines = [
        "| case | requests | queries | errors | queries/s | p50 ms | p95 ms | p99 ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    with serving(db) as server:
        for per in (1, 10):
            batches = [found[i : i + per] for i in range(0, len(found), per)]
            served = drive(clients, seconds, matching(batches), server.url)
            lines.append(served.row(f"/match, {per} per request, {clients} clients"))
            alone = direct(db, batches, seconds)
            lines.append(alone.row(f"library directly, {per} per call, 1 thread"))
    return lines


def case_soak(db: Path, clients: int, seconds: float) -> list[str]:
    found = names(db, 200)
    batches = [found[i : i + 10] for i in range(0, len(found) - 9, 10)]
    samples: list[float] = []
    with serving(db) as server:
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                samples.append(server.rss_mb())
                stop.wait(1)

        sampler = threading.Thread(target=sample)
        sampler.start()
        served = drive(clients, seconds, matching(batches), server.url)
        stop.set()
        sampler.join()
    quarter = max(1, len(samples) // 4)
    first, last = statistics.median(samples[:quarter]), statistics.median(samples[-quarter:])
    return [
        f"Soak: {seconds:,.0f} s of /match (10 per request, {clients} clients), "
        f"{served.requests:,} requests, {served.errors:,} errors; server RSS median "
        f"{first:,.1f} MB in the first quarter, {last:,.1f} MB in the last "
        f"({last - first:+,.1f} MB), peak {max(samples):,.1f} MB, {len(samples)} samples."
    ]


Answer = tuple[tuple[str, ...], ...] | int  # each query's hit ids, or the refusal's status
REFUSALS: dict[int, str] = {}  # the first detail of each status refused


def answer_of(http: httpx.Client, batch: list[str]) -> Answer:
    response = http.post("/match/default?limit=20", json=body(batch))
    if response.status_code != 200:
        REFUSALS.setdefault(response.status_code, response.json().get("detail", ""))
        return response.status_code
    found = response.json()["responses"]
    return tuple(tuple(r["id"] for r in found[str(i)]["results"]) for i in range(len(batch)))


Import = tuple[str, Path, str]  # source, files, as of
# names whose hits differ between the 2018 and the 2021 SDN lists (added, removed, changed)
SWAP_BATCH = ["HAKIMZADA Harmohan Singh", "ROSNEFT TRADING", "SLIZHEVSKY Oleg", "Petrel 8",
              "PLAZA REAL LTDA", "KALASHNIKOV CONCERN", "GALLEGO VALENCIA John Jairo",
              "KOREA HYOKSIN TRADING", "DEFENSE INDUSTRIES ORGANIZATION", "Jal Vahini"]  # fmt: skip


def case_swap(
    folder: Path,
    clients: int,
    before: Sequence[Import] = (("uk", UK, "2026-09-08"), ("ofac-sdn", SDN_2018, "2018-12-19")),
    after: Import = ("ofac-sdn", SDN_2021, "2021-07-07"),
    batch: Sequence[str] = tuple(SWAP_BATCH),
) -> list[str]:
    """Readers during an import: the old answer or the new one, whole."""
    db = folder / "swap.db"
    for source, path, as_of in before:
        tracker("import", source, path, "--db", db, "--as-of", as_of)
    batch = list(batch)
    seen: dict[str, int] = {"old": 0, "new": 0, "mixed": 0, "refused": 0}
    with serving(db) as server:
        with httpx.Client(base_url=server.url, timeout=120) as http:
            old = answer_of(http, batch)
        done = threading.Event()
        answers: list[Answer] = []
        times: list[float] = []
        lock = threading.Lock()

        def reader() -> None:
            with httpx.Client(base_url=server.url, timeout=120) as http:
                while not done.is_set():
                    begun = time.monotonic()
                    found = answer_of(http, batch)
                    with lock:
                        answers.append(found)
                        times.append(time.monotonic() - begun)

        threads = [threading.Thread(target=reader) for _ in range(clients)]
        for thread in threads:
            thread.start()
        started = time.monotonic()
        imported = tracker("import", after[0], after[1], "--db", db, "--as-of", after[2])
        took = time.monotonic() - started
        time.sleep(1)
        done.set()
        for thread in threads:
            thread.join()
        with httpx.Client(base_url=server.url, timeout=120) as http:
            new = answer_of(http, batch)
    assert imported.returncode == 0, imported.stderr
    slowest = max(times, default=0.0)
    statuses: set[int] = set()
    for found in answers:
        if isinstance(found, int):
            seen["refused"] += 1
            statuses.add(found)
        else:
            seen["old" if found == old else "new" if found == new else "mixed"] += 1
    return [
        f"Import while serving: `tracker import {after[0]}` ({after[1].name}) took {took:,.1f} s "
        "while "
        f"{clients} clients screened a batch of {len(batch)} names whose answer "
        f"{'differs' if old != new else 'does not differ'} between the lists: "
        f"{len(answers):,} answers, {seen['old']:,} the old one, "
        f"{seen['new']:,} the new one, {seen['mixed']:,} mixed, {seen['refused']:,} refused "
        f"({'; '.join(f'{n}: {REFUSALS[n]}' for n in sorted(statuses)) or 'none'}); slowest "
        f"answer {slowest:,.1f} s."
    ]


def case_restart(folder: Path, clients: int, seconds: float) -> list[str]:
    """Decisions recorded while the server is killed and restarted: none acknowledged lost."""
    db = folder / "restart.db"
    tracker("import", "uk", UK, "--db", db, "--as-of", "2026-09-08")
    with Store(db, "w") as store:
        key = auth.create_key(store, "bench", "decide", dt.datetime.now(dt.UTC))
    with Store(db) as store:
        entries = [e["entry_id"] for e in store.entries(store.snapshot_of("uk").id)]
    acknowledged: set[int] = set()
    lock = threading.Lock()
    server = Server(db)
    server.start()
    deadline = time.monotonic() + seconds
    counts = {"sent": 0, "failed": 0, "kills": 0}

    def decider(number: int) -> None:
        step = number
        with httpx.Client(timeout=10, headers={"Authorization": f"ApiKey {key}"}) as http:
            while time.monotonic() < deadline:
                decision = {
                    "query": f"q{step}",
                    "dataset": "uk",
                    "entry_id": entries[step % len(entries)],
                    "decision": "cleared",
                    "note": f"bench {step}",
                }
                try:
                    answer = http.post(f"{server.url}/decisions", json=decision)
                    with lock:
                        counts["sent"] += 1
                        if answer.status_code == 201:
                            acknowledged.add(answer.json()["id"])
                        else:
                            counts["failed"] += 1
                except httpx.HTTPError:
                    with lock:
                        counts["sent"] += 1
                        counts["failed"] += 1
                    time.sleep(0.05)
                step += clients

    threads = [threading.Thread(target=decider, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    while time.monotonic() < deadline - 1:
        time.sleep(max(0.5, seconds / 4))
        server.kill()
        counts["kills"] += 1
        server.start()
    for thread in threads:
        thread.join()
    server.stop()
    with Store(db) as store:
        stored = {d.id for d in store.decisions()}
    lost = acknowledged - stored
    return [
        f"Kill and restart: {counts['kills']} SIGKILLs in {seconds:,.0f} s while {clients} "
        f"clients recorded decisions: {counts['sent']:,} sent, {len(acknowledged):,} "
        f"acknowledged, {counts['failed']:,} refused or cut off, {len(stored):,} in the store "
        f"after, {len(lost):,} acknowledged ones lost."
    ]


LISTS: tuple[Import, ...] = (("uk", UK, "2026-09-08"), ("ofac-sdn", SDN_2021, "2021-07-07"))


def store_of(folder: Path, lists: Sequence[Import] = LISTS) -> Path:
    db = folder / "lists.db"
    for source, path, as_of in lists:
        result = tracker("import", source, path, "--db", db, "--as-of", as_of)
        assert result.returncode == 0, result.stderr
    return db


def run(clients: int, seconds: float, soak: float, restart_seconds: float) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as scratch:
        folder = Path(scratch)
        db = store_of(folder)
        lines = case_load(db, clients, seconds)
        lines += ["", *case_soak(db, clients, soak)]
        lines += ["", *case_swap(folder, clients)]
        lines += ["", *case_restart(folder, clients, restart_seconds)]
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=20, help="load per case")
    parser.add_argument("--soak", type=float, default=60, help="soak seconds")
    parser.add_argument("--long", action="store_true", help="a 10-minute soak")
    parser.add_argument("--restart", type=float, default=20, help="kill/restart seconds")
    parser.add_argument("--out", type=Path, help="append the results to this file")
    args = parser.parse_args(argv)
    soak = 600 if args.long else args.soak
    lines = run(args.clients, args.seconds, soak, args.restart)
    cpu = f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}"
    head = [
        f"## {dt.date.today().isoformat()}: `tracker serve` under load ({cpu}, "
        f"Python {platform.python_version()})",
        "",
        f"The 2021 SDN and UK lists (8,997 entries); {args.clients} clients on 127.0.0.1, "
        f"{args.seconds:,.0f} s per load case; the server is one uvicorn process.",
        "",
    ]
    text = "\n".join([*head, *lines]) + "\n"
    print(text)
    if args.out:
        with args.out.open("a", encoding="utf-8") as out:
            out.write("\n" + text)


if __name__ == "__main__":
    main()
