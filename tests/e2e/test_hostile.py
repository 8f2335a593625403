# SPDX-License-Identifier: MIT
"""Hostile SQL input through the binary: each is one line on stderr with
its place and exit 2 (or works: standard input, a byte-order mark), in
bounded memory and time. What a mutation fuzzer found (issue 5, item 11)."""
import os
import subprocess
import threading

# ASan keeps freed memory in quarantine; keep it small so the memory
# bounds below mean the same in both builds. Ignored by the normal build.
ENV = dict(os.environ, ASAN_OPTIONS=":".join(
    o for o in (os.environ.get("ASAN_OPTIONS"), "quarantine_size_mb=16") if o))


def run(retort, args, stdin_bytes=None, feed=None, timeout=120):
    """Runs retort; returns (returncode, stdout, stderr, max RSS in MiB).
    feed: a callable writing to the child's stdin until it fails."""
    p = subprocess.Popen([retort.path] + [str(a) for a in args],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=ENV)
    out = {}

    def reader(name, f):
        out[name] = f.read()
    ts = [threading.Thread(target=reader, args=("out", p.stdout)),
          threading.Thread(target=reader, args=("err", p.stderr))]
    for t in ts:
        t.start()
    try:
        if feed:
            feed(p.stdin)
        elif stdin_bytes is not None:
            p.stdin.write(stdin_bytes)
    except BrokenPipeError:
        pass
    try:
        p.stdin.close()
    except BrokenPipeError:
        pass
    timer = threading.Timer(timeout, p.kill)
    timer.start()
    _, status, ru = os.wait4(p.pid, 0)
    timer.cancel()
    for t in ts:
        t.join()
    p.returncode = os.waitstatus_to_exitcode(status)
    return (p.returncode, out["out"].decode(), out["err"].decode(),
            ru.ru_maxrss / 1024)


def one_error_line(stderr):
    lines = [l for l in stderr.splitlines() if l.startswith("retort:")]
    assert len(lines) == 1, stderr
    return lines[0]


SCHEMA = "create table a (x int primary key);\ncreate index on a (x);\n"


def test_inspect_reads_standard_input(retort, tmp_sql):
    f = tmp_sql("a.sql", SCHEMA)
    want = retort.run(["inspect", f])
    rc, out, err, _ = run(retort, ["inspect", "-"], SCHEMA.encode())
    assert rc == 0, err
    assert out == want.stdout


def test_diff_reads_standard_input(retort, tmp_sql):
    a = tmp_sql("a.sql", SCHEMA)
    b = tmp_sql("b.sql", SCHEMA + "alter table a add column y text;\n")
    want = retort.run(["diff", a, b])
    assert "ADD COLUMN y" in want.stdout
    rc, out, err, _ = run(retort, ["diff", "-", b], SCHEMA.encode())
    assert rc == 0, err
    assert out == want.stdout
    rc, out, err, _ = run(retort, ["diff", a, "-"],
                          (SCHEMA + "alter table a add column y text;\n")
                          .encode())
    assert rc == 0, err
    assert out == want.stdout


def test_standard_input_is_named_in_errors(retort):
    rc, _, err, _ = run(retort, ["inspect", "-"],
                        b"create table a (x int);\ncreate tabel b ();\n")
    assert rc == 2
    assert one_error_line(err) == \
        'retort: <stdin>:2:8: syntax error at or near "tabel"'


def test_standard_input_only_once(retort):
    rc, _, err, _ = run(retort, ["diff", "-", "-"], b"")
    assert rc == 2
    assert "standard input ('-') can be only one source" in err


def test_byte_order_mark_is_skipped(retort, tmp_path):
    plain = tmp_path / "plain.sql"
    plain.write_bytes(SCHEMA.encode())
    bom = tmp_path / "bom.sql"
    bom.write_bytes(b"\xef\xbb\xbf" + SCHEMA.encode())
    want = retort.run(["inspect", plain])
    got = retort.run(["inspect", bom])
    assert got.returncode == 0, got.stderr
    assert got.stdout == want.stdout


def test_nul_byte_has_its_place(retort, tmp_path):
    f = tmp_path / "nul.sql"
    f.write_bytes(b"create table a (x int);\ncreate table b (\0 x int);\n")
    r = retort.run(["inspect", f])
    assert r.returncode == 2
    assert one_error_line(r.stderr) == \
        f"retort: {f}:2:17: unexpected NUL byte: not a text file?"


def test_dev_zero_is_refused_at_once(retort, tmp_path):
    f = tmp_path / "zero.sql"
    os.symlink("/dev/zero", f)
    rc, _, err, rss = run(retort, ["inspect", f], timeout=30)
    assert rc == 2, err
    assert one_error_line(err) == \
        f"retort: {f}:1:1: unexpected NUL byte: not a text file?"
    assert rss < 200, f"{rss:.0f} MiB"


def test_endless_statement_is_refused(retort):
    """Like `yes x | retort inspect -`: no ';' ever comes."""
    def feed(stdin):
        chunk = b"x\n" * 32768
        while True:
            stdin.write(chunk)
    rc, _, err, rss = run(retort, ["inspect", "-"], feed=feed, timeout=60)
    assert rc == 2, err
    assert one_error_line(err) == \
        "retort: <stdin>:1:1: statement longer than 4 MiB (no end found)"
    assert rss < 200, f"{rss:.0f} MiB"


def test_memory_follows_the_model_not_the_file(retort, tmp_path):
    """10 MB of statements that leave the model small: the whole file's
    parse tree used to be held at once (about 39 times the file)."""
    f = tmp_path / "big.sql"
    row = ", ".join(f"({k}, 'item {k} ''q''; x', {k}.5)" for k in range(10))
    stmt = f"insert into items (id, name, price) values {row};\n"
    with open(f, "w") as out:
        out.write("create table items (id int primary key, name text, "
                  "price numeric);\n")
        while out.tell() < 10 * 1024 * 1024:
            out.write(stmt * 100)
        out.write("create table last (x int);\n")
    rc, out, err, rss = run(retort, ["inspect", f], timeout=600)
    assert rc == 0, err
    assert "CREATE TABLE public.last" in out
    assert rss < 120, f"{rss:.0f} MiB"


def test_deep_nesting_is_an_error_not_a_crash(retort, tmp_path):
    f = tmp_path / "deep.sql"
    f.write_text("create table a (x int);\n"
                 "create table t (a int default "
                 + "(select " * 1500 + "1" + ")" * 1500 + ");\n")
    r = retort.run(["inspect", f])
    assert r.returncode == 2, r.stderr
    assert one_error_line(r.stderr) == \
        f"retort: {f}:2:1: statement nested too deeply (over 2000 levels)"
    g = tmp_path / "long.sql"
    g.write_text("create table t (a int default " + "1 + " * 30000 + "1);")
    r = retort.run(["diff", g, f])
    assert r.returncode == 2, r.stderr
    assert one_error_line(r.stderr) == \
        f"retort: {g}:1:1: expression too long or nested too deeply " \
        "(over 20000 tokens)"


def test_inheritance_cycle_is_an_error(retort, tmp_sql):
    f = tmp_sql("cycle.sql", "create table a (x int);\n"
                "create table b () inherits (a);\n"
                "alter table a inherit b;\n"
                "drop table a cascade;\n")
    r = retort.run(["inspect", f], timeout=30)
    assert r.returncode == 2
    assert one_error_line(r.stderr) == \
        f"retort: {f}:3:1: circular inheritance not allowed"
    assert 'detail: "b" is already a child of "a".' in r.stderr
