"""Sharding measured: a converted corpus built as one site and as shards of region groups with
`gongkai build --shard`, each build in turn: wall and CPU seconds, the seconds of each stage,
the peak RSS of the largest process (/usr/bin/time -v), of all its processes together (in all
and in each stage) and of the mkdocs process alone, the CPU seconds of each stage (all sampled
from /proc, every 0.2 s and at each stage's last line), and the load average before each build.

The packages are converted once and reused: each shard's packages folder gets copies of the
corpus's packages of its regions, and the build is given an empty --filings folder, so that it
measures the collection, the pages (charts drawn: a fresh --cache-dir per build) and mkdocs.

    python scripts/bench_shards.py PACKAGES WORKDIR [LAYOUT...]

PACKAGES is a converted corpus (build/datapackages); LAYOUT is one of the names in LAYOUTS
(default: all of them). A filing's region is the part of its id before the first ``_``, which
is its folder of filings/.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

# Region folders of filings/, grouped: one site, two shards, four shards (15-17 filings each).
LAYOUTS: dict[str, dict[str, list[str]]] = {
    "one": {"all": []},  # [] = every region
    "two": {
        "east": ["jiangsu", "shanghai", "shanghai-putuo", "suzhou", "wuxi"],
        "rest": [],  # every region not named above
    },
    "four": {
        "jiangsu": ["jiangsu"],
        "shanghai": ["shanghai", "shanghai-putuo", "suzhou", "wuxi"],
        "south": ["guangzhou", "shenzhen", "zhuhai", "fuzhou", "quanzhou", "hangzhou"],
        "north": ["beijing", "changli", "yantai", "xian", "chongqing", "changsha", "huzhou"],
    },
}
GONGKAI = Path(sys.executable).with_name("gongkai")
_STAGE = re.compile(r"│ (convert|collection|pages|mkdocs|total) +│ +([\d.]+) │")


def _tree(root: int) -> tuple[int, int, float]:
    """Resident bytes of ``root`` and every process under it, of its mkdocs process, and the
    CPU seconds of them all (with those of their finished children)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    cpu: dict[int, float] = {}
    mkdocs: set[int] = set()
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            statm = Path(f"/proc/{entry}/statm").read_text().split()
            command = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        pid = int(entry)
        parents[pid] = int(fields[1])
        rss[pid] = int(statm[1]) * os.sysconf("SC_PAGE_SIZE")
        cpu[pid] = sum(int(value) for value in fields[11:15]) / tick  # utime stime cutime cstime
        if b"\0mkdocs\0build\0" in command:
            mkdocs.add(pid)
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        tree.update(children)
        frontier.extend(children)
    return (
        sum(rss.get(pid, 0) for pid in tree),
        sum(rss[pid] for pid in tree & mkdocs),
        sum(cpu.get(pid, 0.0) for pid in tree),
    )


# The line of gongkai build's output that ends each stage (convert is empty here: no filings).
_STAGE_ENDS = [("collection", "combined"), ("pages", "pages: "), ("mkdocs", "site: built")]


def _regions(packages: Path) -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for package in sorted(packages.glob("*/datapackage.json")):
        if "_" in package.parent.name:
            found.setdefault(package.parent.name.split("_", 1)[0], []).append(package.parent)
    return found


def _shards(layout: dict[str, list[str]], regions: dict[str, list[Path]]) -> dict[str, list[Path]]:
    named = {region for members in layout.values() for region in members}
    return {
        shard: [
            package
            for region, found in regions.items()
            if (region in members if members else region not in named)
            for package in found
        ]
        for shard, members in layout.items()
    }


def build(shard: str, shards_dir: Path, packages: list[Path], work: Path) -> dict[str, float]:
    """Build one shard from copies of ``packages``; its measures."""
    target = shards_dir / shard / "datapackages"
    target.mkdir(parents=True)
    for package in packages:
        shutil.copytree(package, target / package.name)
    empty = work / "no-filings"
    empty.mkdir(exist_ok=True)
    load = os.getloadavg()[0]
    command = ["/usr/bin/time", "-v", "nice", "-n", "10", str(GONGKAI), "build"]
    command += ["--shard", shard, "--shards-dir", str(shards_dir), "--filings", str(empty)]
    command += ["--cache-dir", str(work / "cache" / shard), "--jobs", "2"]
    process = subprocess.Popen(
        command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    )
    assert process.stderr is not None
    peak = {"all": 0, "mkdocs": 0}
    stage = [0]  # index into _STAGE_ENDS
    stage_peak = {name: 0 for name, _ in _STAGE_ENDS}
    stage_cpu = {name: 0.0 for name, _ in _STAGE_ENDS}
    lines: list[str] = []

    def sample() -> None:
        while process.poll() is None:
            every, mkdocs, _ = _tree(process.pid)
            peak["all"], peak["mkdocs"] = max(peak["all"], every), max(peak["mkdocs"], mkdocs)
            if stage[0] < len(_STAGE_ENDS):
                name = _STAGE_ENDS[stage[0]][0]
                stage_peak[name] = max(stage_peak[name], every)
            time.sleep(0.2)

    sampler = threading.Thread(target=sample)
    sampler.start()
    for line in process.stderr:
        lines.append(line)
        if stage[0] < len(_STAGE_ENDS) and _STAGE_ENDS[stage[0]][1] in line:
            stage_cpu[_STAGE_ENDS[stage[0]][0]] = _tree(process.pid)[2]
            stage[0] += 1
    process.wait()
    sampler.join()
    stderr = "".join(lines)
    if process.returncode:
        raise SystemExit(f"{shard}: gongkai build failed\n{stderr[-3000:]}")

    def timed(label: str) -> str:
        return next(line for line in stderr.splitlines() if label in line).rsplit(": ", 1)[1]

    wall = timed("Elapsed (wall clock)").split(":")  # h:mm:ss or m:ss
    measures = {
        "filings": float(len(packages)),
        "load": load,
        "wall": sum(float(part) * 60**i for i, part in enumerate(reversed(wall))),
        "cpu": float(timed("User time")) + float(timed("System time")),
        "rss_largest_mib": int(timed("Maximum resident set size")) / 1024,
        "rss_all_mib": peak["all"] / 2**20,
        "rss_mkdocs_process_mib": peak["mkdocs"] / 2**20,
    }
    previous = 0.0
    for name, _ in _STAGE_ENDS:  # CPU seconds and peak RSS (all processes) of each stage
        measures[f"cpu_{name}"] = stage_cpu[name] - previous
        measures[f"rss_{name}_mib"] = stage_peak[name] / 2**20
        previous = stage_cpu[name]
    measures.update({stage: float(value) for stage, value in _STAGE.findall(stderr)})
    return measures


def main() -> None:
    packages, work = Path(sys.argv[1]), Path(sys.argv[2])
    names = sys.argv[3:] or list(LAYOUTS)
    regions = _regions(packages)
    columns = ["filings", "load", "wall", "cpu", "collection", "pages", "mkdocs"]
    columns += ["cpu_collection", "cpu_pages", "cpu_mkdocs"]
    columns += ["rss_largest_mib", "rss_all_mib", "rss_collection_mib", "rss_pages_mib"]
    columns += ["rss_mkdocs_mib", "rss_mkdocs_process_mib"]
    print("| layout | shard | " + " | ".join(columns) + " |", flush=True)
    print("|---|---|" + "---:|" * len(columns), flush=True)
    for name in names:
        layout_dir = work / name
        shutil.rmtree(layout_dir, ignore_errors=True)
        for shard, found in _shards(LAYOUTS[name], regions).items():
            measures = build(shard, layout_dir / "shards", found, layout_dir)
            cells = [f"{measures.get(column, 0):.1f}" for column in columns]
            print(f"| {name} | {shard} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
