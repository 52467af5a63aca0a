#!/usr/bin/env python3
"""tests/bench/bench.py: claimtrack's benchmarks (run through diff.sh, ledger.sh, reports.sh).

    python3 bench.py diff    [CLAIMTRACK]
    python3 bench.py ledger  [CLAIMTRACK] [N]
    python3 bench.py reports [CLAIMTRACK] [N]

Every figure is the median of whole-process wall-clock times (time.perf_counter
around the child process, output written to a file), the commands of one
round run one after the other and the rounds repeated, so that the load of
a shared machine falls on claimtrack and its git baseline alike.
BENCH_RUNS sets the number of rounds (diff: 15, ledger and reports: 9). BENCH_CHUNK (ledger, 40)
sets how many claims make one chunk of the built ledger; 1 adds every claim with claimtrack.

Everything happens in a fresh temporary directory with a pinned environment
(HOME, LC_ALL=C, TZ=UTC, no system or user git configuration, a fixed
author), removed at the end (BENCH_KEEP=1 keeps it and prints its path).
The scripts report; they do not gate: the exit status is 0 unless a step
could not run at all.
"""

import bisect
import hashlib
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, HERE)
import gen  # noqa: E402  (the article generator next to this file)

AUTHOR_NAME, AUTHOR_EMAIL = "Bench Runner", "bench@example.org"
SLOW_MS, SLOW_RUNS = 2000.0, 3  # a command slower than 2 s is timed 3 times, not BENCH_RUNS


class Failed(Exception):
    """A step that the benchmark needs did not work; the message says which."""


def find_claimtrack(arg):
    """The claimtrack to measure: the argument, $CLAIMTRACK, build/claimtrack, or PATH."""
    for cand in (arg, os.environ.get("CLAIMTRACK"),
                 os.path.join(HERE, "..", "..", "build", "claimtrack"), shutil.which("claimtrack")):
        if cand and os.path.isfile(cand) and os.access(cand, os.X_OK):
            return os.path.abspath(cand)
    raise Failed("no claimtrack binary: give its path (e.g. /tmp/build-bench/claimtrack) "
                 "or set CLAIMTRACK")


class Bench:
    """A scratch directory, a pinned environment, and whole-process timing."""

    def __init__(self, claimtrack, runs):
        self.ct = claimtrack
        self.runs = runs
        self.tmp = tempfile.mkdtemp(prefix="ct-bench-")
        home = os.path.join(self.tmp, "home")
        os.mkdir(home)
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": home, "LC_ALL": "C", "TZ": "UTC",
            "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null",
            "GIT_AUTHOR_NAME": AUTHOR_NAME, "GIT_AUTHOR_EMAIL": AUTHOR_EMAIL,
            "GIT_COMMITTER_NAME": AUTHOR_NAME, "GIT_COMMITTER_EMAIL": AUTHOR_EMAIL,
            "CLAIMTRACK_AUTHOR": f"{AUTHOR_NAME} <{AUTHOR_EMAIL}>",
        }
        self.sink = os.path.join(self.tmp, "out")

    def close(self):
        if os.environ.get("BENCH_KEEP"):
            print(f"(kept {self.tmp})")
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def run(self, argv, cwd, ok=(0,)):
        """Run a set-up step; its stdout, or Failed with its stderr."""
        p = subprocess.run(argv, cwd=cwd, env=self.env, capture_output=True)
        if p.returncode not in ok:
            raise Failed(f"{' '.join(argv[:4])}...: exit {p.returncode}: "
                         f"{p.stderr.decode(errors='replace').strip()}")
        return p.stdout.decode(errors="replace")

    def time_once(self, cmd, cwd):
        """
        Milliseconds of one whole run of cmd: an argv list, a list of argv lists
        run one after the other (git add, then git commit), or a tuple of two
        argv lists run as a pipeline (a | b). Output goes to a file; the exit
        status returned is the first non-zero one.
        """
        with open(self.sink, "wb") as out, open(self.sink + ".err", "wb") as err:
            if isinstance(cmd, tuple):
                t0 = time.perf_counter()
                a = subprocess.Popen(cmd[0], cwd=cwd, env=self.env, stdout=subprocess.PIPE, stderr=err)
                b = subprocess.Popen(cmd[1], cwd=cwd, env=self.env, stdin=a.stdout, stdout=out, stderr=err)
                a.stdout.close()
                rc = a.wait() or b.wait()
                t1 = time.perf_counter()
            else:
                steps = cmd if isinstance(cmd[0], list) else [cmd]
                rc = 0
                t0 = time.perf_counter()
                for argv in steps:
                    rc = rc or subprocess.call(argv, cwd=cwd, env=self.env, stdout=out, stderr=err)
                t1 = time.perf_counter()
        return (t1 - t0) * 1000.0, rc

    def last_error(self):
        """The standard error of the last timed run, on one line."""
        with open(self.sink + ".err", "rb") as f:
            return " ".join(f.read().decode(errors="replace").split())[:300]

    def medians(self, cmds, cwd, ok=(0,)):
        """
        cmds: {name: cmd, or a function of the round number returning the cmd}.
        Runs every command once per round, a warm-up round first (not
        counted), and returns {name: median ms}. A command whose warm-up run
        took more than SLOW_MS counts that run and is run only SLOW_RUNS times
        in all. A command that fails raises Failed.
        """
        times = {name: [] for name in cmds}
        slow = set()
        for r in range(-1, self.runs):
            for name, cmd in cmds.items():
                if name in slow and len(times[name]) >= SLOW_RUNS:
                    continue
                ms, rc = self.time_once(cmd(r) if callable(cmd) else cmd, cwd)
                if rc not in ok:
                    raise Failed(f"{name}: exit {rc}: {self.last_error()}")
                if r < 0 and ms > SLOW_MS:
                    slow.add(name)
                if r >= 0 or name in slow:
                    times[name].append(ms)
        return {name: statistics.median(v) for name, v in times.items()}


def disk_bytes(path):
    """Bytes of disk in use under path, as du counts them (allocated blocks)."""
    total = 0
    for root, _dirs, files in os.walk(path):
        for f in files:
            try:
                total += os.lstat(os.path.join(root, f)).st_blocks * 512
            except FileNotFoundError:
                pass
    return total


def fmt_ms(ms):
    return f"{ms:.1f}" if ms < 100 else f"{ms:.0f}"


def machine():
    """One line about where this ran: cores, OS, load."""
    osname = "unknown OS"
    try:
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    osname = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{os.cpu_count()} cores, {osname}, load {load:.2f} at start"


# ----------------------------------------------------------------------------
# diff: claimtrack diff SRC@1 SRC@2 against git diff --no-index --word-diff


def bench_diff(b, sizes=(5000, 50000)):
    print(f"claimtrack diff vs git word diff: medians of {b.runs} whole-process runs; {machine()}")
    print(f"claimtrack: {b.ct}")
    rows, verdicts = [], []
    for words in sizes:
        d = os.path.join(b.tmp, f"w{words}")
        gen.main([str(words), d, "--seed", "7"])
        old, new = os.path.join(d, "old.txt"), os.path.join(d, "new.txt")
        with open(os.path.join(d, "quotes.txt"), encoding="utf-8") as f:
            quotes = [q for q in f.read().split("\n") if q]
        led = os.path.join(d, "ledger")
        os.mkdir(led)
        b.run([b.ct, "init", "-q"], led)
        b.run([b.ct, "source", "add", old, "--url", "https://news.example/a", "--id", "a"], led)
        refused = 0
        t0 = time.perf_counter()
        for i, q in enumerate(quotes, 1):
            p = subprocess.run([b.ct, "claim", "add", f"Claim {i} of the bench article", "--source", "a",
                                "--quote", q], cwd=led, env=b.env, capture_output=True)
            if p.returncode != 0:
                refused += 1
                print(f"claim add refused: {p.stderr.decode(errors='replace').strip()}", file=sys.stderr)
        add_ms = (time.perf_counter() - t0) * 1000.0 / len(quotes)
        t0 = time.perf_counter()
        b.run([b.ct, "source", "update", "a", new], led)
        update_ms = (time.perf_counter() - t0) * 1000.0
        stat = b.run([b.ct, "diff", "a@1", "a@2", "--stat"], led)
        claims_line = next((l.strip() for l in stat.splitlines() if l.startswith("claims")), "claims: ?")
        git = ["git", "diff", "--no-index"]
        m = b.medians({
            "ct": [b.ct, "diff", "a@1", "a@2"],
            "git": git + ["--word-diff", old, new],
            "ct-json": [b.ct, "diff", "a@1", "a@2", "--json"],
            "git-porcelain": git + ["--word-diff=porcelain", old, new],
            "ct-start": [b.ct, "--version"],
            "git-start": ["git", "--version"],
            "ct-open": [b.ct, "source", "list"],
        }, led, ok=(0, 1))
        with open(old, encoding="utf-8") as f:
            nw = len(f.read().split())
        print(f"\n{words:,} words ({nw:,} in the file, {os.path.getsize(old):,} bytes): "
              f"{len(quotes) - refused} claims cited ({refused} refused), "
              f"claim add {fmt_ms(add_ms)} ms each, source update {fmt_ms(update_ms)} ms; {claims_line}")
        rows.append((words, "diff A@1 A@2 | git diff --word-diff", m["ct"], m["git"]))
        rows.append((words, "diff --json | --word-diff=porcelain", m["ct-json"], m["git-porcelain"]))
        rows.append((words, "--version (process floor)", m["ct-start"], m["git-start"]))
        rows.append((words, "source list (ledger open floor)", m["ct-open"], None))
        ratio = m["ct"] / m["git"]
        verdicts.append(f"{words:,} words: goal {'met' if ratio <= 1 else 'missed'} "
                        f"(claimtrack diff {fmt_ms(m['ct'])} ms, git --word-diff {fmt_ms(m['git'])} ms, "
                        f"ratio {ratio:.2f})")
    print()
    print(f"{'words':>7}  {'claimtrack | git':<40} {'claimtrack ms':>13} {'git ms':>8} {'ratio':>6}")
    for words, what, ct, g in rows:
        print(f"{words:>7,}  {what:<40} {fmt_ms(ct):>13} " +
              (f"{fmt_ms(g):>8} {ct / g:>6.2f}" if g else f"{'-':>8} {'-':>6}"))
    print()
    for v in verdicts:
        print(v)
    return 0


# ----------------------------------------------------------------------------
# ledger: the cost of the history's scale

CHUNK = int(os.environ.get("BENCH_CHUNK", "40"))
                     # claims per chunk: CHUNK-1 written directly, then one claimtrack claim add
                     # (six objects a claim: a chunk stays under the packing threshold of 256
                     # loose objects, so the packs are the size a run of claim adds leaves);
                     # BENCH_CHUNK=1 makes every claim a real claim add (about 8 min at 10,000)
NSOURCES = 10        # articles in the ledger, cited in turn
SOURCE_WORDS = 1200  # words per article


FIELD_RE = re.compile(r'^( *)"(added|created|id|statement|updated)": ".*?"(,?)$', re.M)


def claim_record(template, cid, when, statement):
    """
    A claim record written as claimtrack writes it: the stored bytes of a real
    record (template) with another id, statement and times. The text is
    edited, not re-serialised, so that numbers keep claimtrack's own spelling.
    """
    new = {"added": when, "created": when, "id": cid, "updated": when,
           "statement": json.dumps(statement, ensure_ascii=False)[1:-1]}
    return FIELD_RE.sub(lambda m: f'{m.group(1)}"{m.group(2)}": "{new[m.group(2)]}"{m.group(3)}', template)


def real_records(b, sources, per_source=6):
    """
    Claim records made by claimtrack itself, as stored in its history (claim
    add in a scratch ledger with the same sources): quotes, offsets, context
    and parsed values exactly as claimtrack records them. Returns [(source id, text)].
    """
    led = os.path.join(b.tmp, "templates")
    os.mkdir(led)
    b.run([b.ct, "init", "-q"], led)
    out = []
    for sid, path, quotes in sources:
        b.run([b.ct, "source", "add", path, "--url", f"https://news.example/{sid}", "--id", sid], led)
        for q in quotes[:per_source]:
            cid = b.run([b.ct, "claim", "add", "A template", "--source", sid, "--quote", q], led).strip()
            out.append((sid, b.run(["git", "--git-dir", ".claimtrack", "show",
                                    f"HEAD:claims/{cid[0]}/{cid[1]}/{cid}.json"], led)))
    return out


class LedgerBuilder:
    """
    Grows a ledger to a number of claims and leaves it on disk as `claim add`
    would have, without paying a process per claim (about 30 ms each: 10,000
    would take five minutes). Each chunk of CHUNK-1 claims is written here as
    loose git objects, one commit per claim, in the tree layout of
    core/store/ledger.h with the records of core/domain/model.h and claimtrack's commit
    message, zlib level 1 as libgit2 writes loose objects (so byte for byte
    what claimtrack would write), and a reflog line per commit in
    claimtrack's form; the branch is moved with git update-ref. Then one real
    `claimtrack claim add` catches the index up with the chunk (its tree
    diff) and runs claimtrack's automatic packing when the loose objects call
    for it, so that the packs on disk are claimtrack's own.
    """

    B32 = "0123456789abcdefghjkmnpqrstvwxyz"

    def __init__(self, b, led, sources, templates):
        self.b, self.led, self.sources, self.templates = b, led, sources, templates
        self.git = os.path.join(led, ".claimtrack")
        self.rng = random.Random(11)
        self.count = 0
        self.clock = 1735689600  # 2025-01-01T00:00:00Z, then one claim a minute
        self.write_ms = self.claimtrack_ms = 0.0
        self.packing_ms = []  # the claimtrack claim adds that packed: their times
        self.peak = (0, 0)    # (bytes, claims): the largest .claimtrack seen
        self.peak_history = (0, 0)  # the same for the history alone (all but the index)

    def next_add(self):
        """The argv of a `claim add` of the next claim (counted as added): also the timed operation."""
        i = self.count
        self.count += 1
        src, _path, quotes = self.sources[i % len(self.sources)]
        q = quotes[(i // len(self.sources)) % len(quotes)]
        return [self.b.ct, "claim", "add", f"Bench claim {i}: {q[:40]}", "--source", src, "--quote", q]

    def put(self, kind, data, write=True):
        """Write a loose object (as libgit2 does: zlib level 1); its hex id. write=False: only the id."""
        raw = f"{kind} {len(data)}\0".encode() + data
        oid = hashlib.sha1(raw).hexdigest()
        d = os.path.join(self.git, "objects", oid[:2])
        path = os.path.join(d, oid[2:])
        if write and not os.path.exists(path):
            os.makedirs(d, exist_ok=True)
            with open(path + ".tmp", "wb") as f:
                f.write(zlib.compress(raw, 1))
            os.replace(path + ".tmp", path)
        return oid

    @staticmethod
    def entry(mode, name, oid):
        return f"{mode} {name}\0".encode() + bytes.fromhex(oid)

    @staticmethod
    def order(name, mode):
        """git's order of tree entries: by name, a subtree's name taken with a trailing '/'."""
        return name.encode() + (b"/" if mode == "40000" else b"")

    def tree(self, entries, write=True):
        """entries: {name: (mode, oid)}; the tree's id."""
        keys = sorted(entries, key=lambda n: self.order(n, entries[n][0]))
        return self.put("tree", b"".join(self.entry(entries[n][0], n, entries[n][1]) for n in keys), write)

    def load(self):
        """The tip: its id, its root entries, and the claim shards {(C, D): {file: oid}}."""
        git = ["git", "--git-dir", self.git]
        head = self.b.run(git + ["rev-parse", "refs/heads/main"], self.led).strip()
        root = {}
        for line in self.b.run(git + ["ls-tree", head], self.led).splitlines():
            meta, name = line.split("\t", 1)
            mode, _kind, oid = meta.split()
            root[name] = ("40000" if mode == "040000" else mode, oid)
        shards = {}
        for line in self.b.run(git + ["ls-tree", "-r", head, "claims/"], self.led).splitlines():
            meta, path = line.split("\t", 1)
            _claims, c, d, name = path.split("/")
            shards.setdefault((c, d), {})[name] = ("100644", meta.split()[2])
        return head, root, shards

    def reflog_ident(self):
        """The identity claimtrack's own reflog lines carry (copied, so the bytes are the same)."""
        with open(os.path.join(self.git, "logs", "HEAD")) as f:
            last = f.read().splitlines()[-1]
        m = re.match(r"^[0-9a-f]{40} [0-9a-f]{40} (.*) \d+ [+-]\d{4}\t", last)
        return m.group(1) if m else f"{AUTHOR_NAME} <{AUTHOR_EMAIL}>"

    def chunk(self, n):
        """Write n claims, one commit each, and move the branch to the last."""
        head, root, shards = self.load()
        # claims/C/D/ID.json: keep the trees of both levels, rebuilding only the ones a claim changes.
        # Those of the tip are in the repository already (packed, mostly): their ids, not copies.
        inner = {cd: self.tree(files, write=False) for cd, files in shards.items()}
        outer = {}
        for c in {cd[0] for cd in shards}:
            outer[c] = self.tree({d: ("40000", inner[(c2, d)]) for (c2, d) in inner if c2 == c}, write=False)
        parent, reflog, ident = head, [], self.reflog_ident()
        for _ in range(n):
            cid = "".join(self.rng.choice(self.B32) for _ in range(10))
            self.clock += 60
            when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.clock))
            src, template = self.rng.choice(self.templates)
            statement = gen.sentence(self.rng)
            body = claim_record(template, cid, when, statement)
            c, d = cid[0], cid[1]
            shards.setdefault((c, d), {})[cid + ".json"] = ("100644", self.put("blob", body.encode()))
            inner[(c, d)] = self.tree(shards[(c, d)])
            outer[c] = self.tree({d2: ("40000", inner[(c2, d2)]) for (c2, d2) in inner if c2 == c})
            root["claims"] = ("40000", self.tree({c2: ("40000", oid) for c2, oid in outer.items()}))
            tree = self.tree(root)
            short = statement if len(statement) <= 60 else statement[:57] + "..."
            subject = f"Add claim {cid}: {short}"
            who = f"{AUTHOR_NAME} <{AUTHOR_EMAIL}> {self.clock} +0000"
            commit = self.put("commit", f"tree {tree}\nparent {parent}\nauthor {who}\ncommitter {who}\n\n"
                              f"{subject}\n\nCited by {src}@1.\n".encode())
            reflog.append(f"{parent} {commit} {ident} {self.clock} +0000\tclaimtrack: {subject}\n")
            parent = commit
        self.b.run(["git", "--git-dir", self.git, "-c", "core.logAllRefUpdates=false", "update-ref",
                    "refs/heads/main", parent, head], self.led)
        for log in ("logs/HEAD", "logs/refs/heads/main"):
            with open(os.path.join(self.git, log), "a") as f:
                f.writelines(reflog)
        self.count += n

    def grow(self, target):
        """Bring the ledger to `target` claims."""
        while self.count < target:
            n = min(CHUNK, target - self.count)
            t0 = time.perf_counter()
            if n > 1:
                self.chunk(n - 1)
            before = ledger_disk(self.git)
            self.see(before)  # the loose objects at their most, just before a pack
            t1 = time.perf_counter()
            self.b.run(self.next_add(), self.led)
            t2 = time.perf_counter()
            self.write_ms += (t1 - t0) * 1000.0
            self.claimtrack_ms += (t2 - t1) * 1000.0
            disk = ledger_disk(self.git)
            if disk["pack_names"] != before["pack_names"]:
                self.packing_ms.append((t2 - t1) * 1000.0)
            self.see(disk)

    def see(self, disk):
        """Note the ledger's disk use now (a ledger_disk()), keeping the largest seen."""
        if disk["total"] > self.peak[0]:
            self.peak = (disk["total"], self.count)
        if disk["total"] - disk["index"] > self.peak_history[0]:
            self.peak_history = (disk["total"] - disk["index"], self.count, disk)


def ledger_disk(git):
    """Disk use of a .claimtrack directory: in all, and its parts (bytes, and object counts)."""
    objs = os.path.join(git, "objects")
    shards = [os.path.join(objs, d) for d in os.listdir(objs) if len(d) == 2]
    packdir = os.path.join(objs, "pack")
    packs = [f for f in os.listdir(packdir) if f.endswith(".pack")] if os.path.isdir(packdir) else []
    return {
        "total": disk_bytes(git),
        "packs": len(packs), "pack_names": set(packs), "packed": disk_bytes(packdir) if packs else 0,
        "loose": sum(len(os.listdir(d)) for d in shards), "loose_bytes": sum(disk_bytes(d) for d in shards),
        "index": sum(os.lstat(os.path.join(git, f)).st_blocks * 512
                     for f in os.listdir(git) if f.startswith("index.sqlite")),
        "logs": disk_bytes(os.path.join(git, "logs")),
    }


def mib(n):
    return f"{n / (1 << 20):.1f}"


def bench_ledger(b, n):
    checkpoints = sorted({0, n // 10, n})
    print(f"ledger scale: medians of {b.runs} whole-process runs; {machine()}")
    print(f"claimtrack: {b.ct}")
    led = os.path.join(b.tmp, "ledger")
    git_ledger = os.path.join(led, ".claimtrack")
    os.mkdir(led)
    b.run([b.ct, "init", "-q"], led)
    # Packing in the writing command, not detached after it (claimtrack's default), so that the
    # disk is measured after each pack and the packs' times are those of the commands that ran them.
    b.run(["git", "--git-dir", git_ledger, "config", "gc.autoDetach", "false"], led)
    sources = []
    for s in range(NSOURCES):
        d = os.path.join(b.tmp, f"src{s}")
        gen.main([str(SOURCE_WORDS), d, "--seed", str(100 + s), "--quotes", "20"])
        path = os.path.join(d, "old.txt")
        with open(os.path.join(d, "quotes.txt"), encoding="utf-8") as f:
            quotes = [q for q in f.read().split("\n") if q]
        sid = f"article-{s}"
        b.run([b.ct, "source", "add", path, "--url", f"https://news.example/{sid}", "--id", sid], led)
        sources.append((sid, path, quotes))
    builder = LedgerBuilder(b, led, sources, real_records(b, sources))
    results = []
    build_ms = 0.0
    for cp in checkpoints:
        t0 = time.perf_counter()
        builder.grow(cp)
        build_ms += (time.perf_counter() - t0) * 1000.0
        # The baseline: a git work tree of the same files (a clone), one new file added and committed.
        wt = os.path.join(b.tmp, f"wt{cp}")
        b.run(["git", "clone", "-q", git_ledger, wt], b.tmp)
        nfiles = len(b.run(["git", "ls-files", "-z"], wt).split("\0")) - 1
        os.makedirs(os.path.join(wt, "claims", "z", "z"), exist_ok=True)
        serial = iter(range(10 ** 6))

        def git_commit(_round):
            rel = f"claims/z/z/bench{next(serial):04d}.json"
            with open(os.path.join(wt, rel), "w") as f:
                f.write('{\n  "id": "%s",\n  "statement": "A baseline record"\n}\n' % rel[12:-5])
            return [["git", "-C", wt, "add", rel], ["git", "-C", wt, "commit", "-q", "-m", f"Add {rel}"]]

        m = b.medians({
            "git add + commit (baseline)": git_commit,
            "claim add": lambda _round: builder.next_add(),
            "claim list --json | wc -c": ([b.ct, "claim", "list", "--json"], ["wc", "-c"]),
            "search 'flood gates'": [b.ct, "search", "flood gates"],
            "rebuild": [b.ct, "rebuild", "-q"],
        }, led)
        disk = ledger_disk(git_ledger)
        builder.see(disk)
        results.append((cp, nfiles, m, disk))
    t0 = time.perf_counter()
    verify = subprocess.run([b.ct, "verify"], cwd=led, env=b.env, capture_output=True)
    verify_ms = (time.perf_counter() - t0) * 1000.0
    fsck = subprocess.run(["git", "--git-dir", git_ledger, "fsck", "--strict", "--no-progress"],
                          cwd=led, env=b.env, capture_output=True)
    # The bulk route, for reference: the whole ledger exported and imported into a new one (one commit).
    export = os.path.join(b.tmp, "export.jsonl")
    t0 = time.perf_counter()
    b.run([b.ct, "export", "--format", "jsonl", "-o", export], led)
    t1 = time.perf_counter()
    imported = os.path.join(b.tmp, "imported")
    os.mkdir(imported)
    b.run([b.ct, "init", "-q"], imported)
    t2 = time.perf_counter()
    b.run([b.ct, "import", export, "--format", "jsonl"], imported)
    t3 = time.perf_counter()
    import_disk = disk_bytes(os.path.join(imported, ".claimtrack"))
    # For reference only: the same objects in one pack, as git gc would leave them.
    b.run(["git", "--git-dir", git_ledger, "repack", "-adq"], led)
    repacked = ledger_disk(git_ledger)

    print(f"\nbuilt in {build_ms / 1000:.1f} s: per {CHUNK} claims, {CHUNK - 1} written as loose objects "
          f"(one commit each, as claim add writes them: {builder.write_ms / 1000:.1f} s in all) and one "
          f"claimtrack claim add (index catch-up, automatic packing: {builder.claimtrack_ms / 1000:.1f} s in all)")
    print(f"{NSOURCES} sources of {SOURCE_WORDS:,} words; each claim cites one passage; "
          f"ratio = claimtrack / the git baseline at the same size\n")
    print(f"{'claims':>7}  {'operation':<28} {'median ms':>10} {'ratio':>7}")
    for cp, nfiles, m, disk in results:
        base = m["git add + commit (baseline)"]
        for name, ms in m.items():
            note = f"   ({nfiles:,} files in the work tree)" if ms is base else ""
            print(f"{cp:>7,}  {name:<28} {fmt_ms(ms):>10} {ms / base:>7.2f}{note}")
    if builder.packing_ms:
        print(f"\nclaim adds that packed loose objects: {len(builder.packing_ms)}, "
              f"median {fmt_ms(statistics.median(builder.packing_ms))} ms, "
              f"longest {fmt_ms(max(builder.packing_ms))} ms")
    print(f"\n{'claims':>7}  {'.claimtrack MiB':>15} {'packs':>6} {'packed MiB':>10} {'loose':>7} "
          f"{'loose MiB':>9} {'index MiB':>9} {'reflogs MiB':>11}")
    for cp, nfiles, m, d in results:
        print(f"{cp:>7,}  {mib(d['total']):>15} {d['packs']:>6} {mib(d['packed']):>10} {d['loose']:>7,} "
              f"{mib(d['loose_bytes']):>9} {mib(d['index']):>9} {mib(d['logs']):>11}")
    final = results[-1][3]
    history = final["total"] - final["index"]

    def verdict(size):
        return f"{'under' if size < 20e6 else 'OVER'} 20 MB"

    print(f"\ndisk after {builder.count:,} claims: {mib(final['total'])} MiB in all = the history "
          f"(objects, refs, reflogs) {mib(history)} MiB + the index {mib(final['index'])} MiB")
    print(f"largest seen (also just before each pack): in all {mib(builder.peak[0])} MiB at "
          f"{builder.peak[1]:,} claims, the history {mib(builder.peak_history[0])} MiB at "
          f"{builder.peak_history[1]:,} claims ({builder.peak_history[2]['packs']} packs of "
          f"{mib(builder.peak_history[2]['packed'])} MiB, {builder.peak_history[2]['loose']:,} loose objects of "
          f"{mib(builder.peak_history[2]['loose_bytes'])} MiB, reflogs {mib(builder.peak_history[2]['logs'])} MiB)")
    if builder.count >= 10000:
        print(f"goal at 10,000 claims, under 20 MB (20,000,000 bytes) at every point: the history "
              f"{verdict(builder.peak_history[0])}; the whole .claimtrack {verdict(builder.peak[0])}")
    print(f"objects repacked into one pack by git repack -ad, for reference: {mib(repacked['packed'])} MiB")
    print(f"export --format jsonl of {builder.count:,} claims: {fmt_ms((t1 - t0) * 1000)} ms; import of it into "
          f"a new ledger (one commit): {fmt_ms((t3 - t2) * 1000)} ms, leaving {mib(import_disk)} MiB")
    print(f"claimtrack verify: {fmt_ms(verify_ms)} ms, exit {verify.returncode}"
          + ("" if verify.returncode == 0 else f": {verify.stdout.decode(errors='replace').strip()[:300]}"))
    print(f"git fsck --strict: exit {fsck.returncode}"
          + ("" if fsck.returncode == 0 else f": {fsck.stderr.decode(errors='replace').strip()[:300]}"))
    return 0


# ----------------------------------------------------------------------------
# reports: the reports over a whole ledger, against reading every claim

SUBJECT_CLAIMS = 20  # claims a subject: the groups `report contradictions` compares within


def bench_reports(b, n):
    """
    A ledger of n claims built in one import (the claims are records claimtrack
    made itself, with other ids, statements and times), each with a subject
    shared by SUBJECT_CLAIMS claims and one property, so that the reports have
    groups to compare and contradictions to find. Times the reports against
    `claim list --json`, which reads every claim as the reports do.
    """
    print(f"reports: medians of {b.runs} whole-process runs; {machine()}")
    print(f"claimtrack: {b.ct}")
    sources = []
    for s in range(NSOURCES):
        d = os.path.join(b.tmp, f"src{s}")
        gen.main([str(SOURCE_WORDS), d, "--seed", str(100 + s), "--quotes", "20"])
        with open(os.path.join(d, "quotes.txt"), encoding="utf-8") as f:
            quotes = [q for q in f.read().split("\n") if q]
        sources.append((f"article-{s}", os.path.join(d, "old.txt"), quotes))
    templates = [json.loads(text) for _sid, text in real_records(b, sources)]
    lines = [line for line in b.run([b.ct, "export", "--format", "jsonl"], os.path.join(b.tmp, "templates"))
             .splitlines() if json.loads(line)["type"] in ("source", "text")]
    rng = random.Random(5)
    clock = 1735689600
    for i in range(n):
        rec = json.loads(json.dumps(rng.choice(templates)))
        clock += 60
        when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(clock))
        rec.update(id="".join(rng.choice(LedgerBuilder.B32) for _ in range(10)), created=when, updated=when,
                   statement=f"Report claim {i}: {gen.sentence(rng)}",
                   subject=f"district {i // SUBJECT_CLAIMS}", property="count")
        for c in rec.get("citations", []):
            c["added"] = when
        lines.append(json.dumps({"type": "claim", "record": rec}, ensure_ascii=False, sort_keys=True))
    export = os.path.join(b.tmp, "reports.jsonl")
    with open(export, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    led = os.path.join(b.tmp, "reports")
    os.mkdir(led)
    b.run([b.ct, "init", "-q"], led)
    t0 = time.perf_counter()
    b.run([b.ct, "import", export, "--format", "jsonl"], led)
    import_ms = (time.perf_counter() - t0) * 1000.0
    contradictions = json.loads(b.run([b.ct, "report", "contradictions", "--json"], led))
    cited = json.loads(b.run([b.ct, "claim", "list", "--source", "article-0", "--json"], led))
    m = b.medians({
        "claim list --json (baseline)": [b.ct, "claim", "list", "--json"],
        "report unsourced --json": [b.ct, "report", "unsourced", "--json"],
        "report contradictions --json": [b.ct, "report", "contradictions", "--json"],
        "report source article-0 --json": [b.ct, "report", "source", "article-0", "--json"],
        "diff article-0 article-1 --json": [b.ct, "diff", "article-0", "article-1", "--json"],
    }, led, ok=(0, 1))
    print(f"\n{n:,} claims imported in {fmt_ms(import_ms)} ms (one commit); {n // SUBJECT_CLAIMS:,} subjects "
          f"of {SUBJECT_CLAIMS} claims; {len(contradictions.get('contradictions', [])):,} contradictions; "
          f"{len(cited):,} claims cite article-0; ratio = the command / claim list --json\n")
    base = m["claim list --json (baseline)"]
    print(f"{'operation':<34} {'median ms':>10} {'ratio':>7}")
    for name, ms in m.items():
        print(f"{name:<34} {fmt_ms(ms):>10} {ms / base:>7.2f}")
    return 0


def main(argv):
    if not argv or argv[0] not in ("diff", "ledger", "reports"):
        print("usage: bench.py diff [CLAIMTRACK] | bench.py ledger|reports [CLAIMTRACK] [N]", file=sys.stderr)
        return 2
    what = argv[0]
    try:
        ct = find_claimtrack(argv[1] if len(argv) > 1 and argv[1] else None)
        runs = int(os.environ.get("BENCH_RUNS", "15" if what == "diff" else "9"))
        b = Bench(ct, runs)
        try:
            if what == "diff":
                return bench_diff(b)
            n = int(argv[2]) if len(argv) > 2 and argv[2] else 10000
            return bench_ledger(b, n) if what == "ledger" else bench_reports(b, n)
        finally:
            b.close()
    except Failed as e:
        print(f"bench: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
