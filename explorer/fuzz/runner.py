"""Build cases, run them in worker processes under limits, and judge every result.

Each worker thread of the parent owns one worker process. A case's files are
written to a folder of its own, hashed, handed over, hashed again afterwards
(no loader may change its input) and deleted. A worker that does not answer
within the time limit is killed and replaced: that case is a hang.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import random
import select
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from explorer.fuzz import gen_content, gen_kiosk, gen_manifest, gen_mesh
from explorer.fuzz.cases import Case
from explorer.fuzz.seeds import Seeds, build_seeds
from explorer.fuzz.worker import LONGEST_LINE

#: Target -> (share of the cases, case maker).
TARGETS: dict[str, tuple[float, Callable]] = {
    "content": (0.30, gen_content.make_case),
    "manifest": (0.25, gen_manifest.make_case),
    "mesh": (0.30, gen_mesh.make_case),
    "kiosk": (0.15, gen_kiosk.make_case),
}
#: Outcomes that fail the run.
FAILURES = ("crash", "hang", "memory", "accepted-invalid", "refused-valid", "modified",
            "long-message")  # fmt: skip
#: The memory bound of the issue: 3x the input's size plus 100 MB over the worker's own.
MEMORY_FACTOR, MEMORY_SLACK_MB = 3, 100


@dataclass
class Outcome:
    """What one case did, judged."""

    case: Case
    outcome: str
    detail: str = ""
    problems: list[str] = field(default_factory=list)
    peak_mb: float = 0.0


def make_case(seed: int, number: int, seeds: Seeds, targets: Iterable[str] | None = None) -> Case:
    """Case ``number`` of the run with ``seed``: the same pair always gives the same case."""
    rng = random.Random(f"explorer.fuzz:{seed}:{number}")
    names = [name for name in TARGETS if targets is None or name in targets]
    target = rng.choices(names, weights=[TARGETS[name][0] for name in names])[0]
    return TARGETS[target][1](rng, seeds, number)


def write_case(case: Case, folder: Path) -> dict[str, str]:
    """Write ``case`` into ``folder``; return a hash of every file, to notice changes."""
    folder.mkdir(parents=True)
    for relative in case.folders:
        (folder / relative).mkdir(parents=True, exist_ok=True)
    for relative, data in case.files.items():
        (folder / relative).write_bytes(data)
    for relative, size in case.zeros.items():
        with (folder / relative).open("wb") as stream:
            stream.truncate(size)  # sparse: all zeros, no disk used
    for relative, target in case.links.items():
        (folder / relative).symlink_to(target)
    for relative in case.fifos:
        os.mkfifo(folder / relative)
    return _hashes(case, folder)


def _hashes(case: Case, folder: Path) -> dict[str, str]:
    hashes = {}
    for relative in case.files:
        path = folder / relative
        hashes[relative] = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""
    for relative in case.zeros:
        path = folder / relative
        hashes[relative] = str(path.stat().st_size) if path.exists() else ""
    return hashes


class Worker:
    """One worker process, restarted after a hang or a hard crash."""

    def __init__(self, memory_mb: int) -> None:
        self.memory_mb = memory_mb
        self.process: subprocess.Popen | None = None

    def _start(self) -> subprocess.Popen:
        environment = dict(os.environ)
        # One thread per library: the memory cap counts every thread's reserved stack.
        for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            environment[name] = "1"
        return subprocess.Popen(
            [sys.executable, "-m", "explorer.fuzz.worker", "--memory-mb", str(self.memory_mb)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=environment,
        )

    def run(self, request: dict, timeout: float) -> dict:
        """The worker's answer, or a hang / crash result."""
        if self.process is None or self.process.poll() is not None:
            self.process = self._start()
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        line = self.process.stdout.readline() if ready else ""
        if line:
            return json.loads(line)
        status = "hang" if not ready else "crash"
        self.stop()
        return {"status": status, "error": f"the worker {'timed out' if not ready else 'died'}"}

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


def judge(case: Case, result: dict, modified: bool) -> Outcome:
    """Turn a worker's result into one outcome (see :data:`FAILURES`)."""
    problems = result.get("problems", [])
    peak = result.get("peak_mb", 0.0) - result.get("base_mb", 0.0)
    outcome = Outcome(case, "", problems=problems, peak_mb=peak)
    status = result["status"]
    bound = MEMORY_FACTOR * case.size / 2**20 + MEMORY_SLACK_MB
    if status in ("hang", "crash", "memory"):
        outcome.outcome, outcome.detail = status, result.get("error", "")
    elif modified:
        outcome.outcome = "modified"
    elif peak > bound:
        outcome.outcome, outcome.detail = "memory", f"{peak:.0f} MB over a bound of {bound:.0f} MB"
    elif status == "accepted":
        broken = result.get("oracle", "")
        if case.expect == "invalid" or broken:
            outcome.outcome, outcome.detail = "accepted-invalid", broken
        else:
            outcome.outcome = "accepted"
    elif result.get("unexpected"):
        outcome.outcome, outcome.detail = "crash", problems[0] if problems else ""
    elif result.get("longest", 0) > LONGEST_LINE:
        outcome.outcome = "long-message"
    elif case.expect == "valid":
        outcome.outcome = "refused-valid"
    else:
        # A folder or a pipe has no line: naming the file is all a refusal can do.
        located = result.get("located") or (case.whole_file and result.get("names_file"))
        outcome.outcome = "located" if located else "not-located"
    return outcome


def run_cases(
    numbers: Iterable[int],
    seed: int,
    *,
    workers: int = 2,
    timeout: float = 30.0,
    memory_mb: int = 2048,
    targets: Iterable[str] | None = None,
    progress: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Run the cases ``numbers`` of the run ``seed``; outcomes in case order."""
    seeds = build_seeds()
    pending: queue.Queue[int] = queue.Queue()
    for number in numbers:
        pending.put(number)
    outcomes: dict[int, Outcome] = {}
    lock = threading.Lock()
    root = Path(tempfile.mkdtemp(prefix="explorer-fuzz-"))

    def work() -> None:
        worker = Worker(memory_mb)
        try:
            while True:
                try:
                    number = pending.get_nowait()
                except queue.Empty:
                    return
                outcome = _one(make_case(seed, number, seeds, targets), worker, root, timeout)
                with lock:
                    outcomes[number] = outcome
                    if progress:
                        progress(outcome)
        finally:
            worker.stop()

    threads = [threading.Thread(target=work, daemon=True) for _ in range(max(1, workers))]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return [outcomes[number] for number in sorted(outcomes)]


def _one(case: Case, worker: Worker, root: Path, timeout: float) -> Outcome:
    folder = root / f"case-{case.number}"
    try:
        before = write_case(case, folder)
        request = {"number": case.number, "target": case.target, "path": str(folder / case.main)}
        result = worker.run(request, timeout)
        return judge(case, result, _hashes(case, folder) != before)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
