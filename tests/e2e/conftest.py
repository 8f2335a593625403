# SPDX-License-Identifier: MIT
"""End-to-end fixtures: one throwaway PostgreSQL 15 for the whole run.

`pg` starts a cluster in a temporary directory (initdb as the `postgres`
user when running as root, since initdb refuses root), on a free port,
listening on 127.0.0.1 and on a unix socket in that directory, with
pg_stat_statements loaded and fsync off. Tests connect as the superuser
role `harness`. The server is ALWAYS stopped and the directory removed
(pytest finalizer and atexit). `retort` runs the built binary ($RETORT,
default build/retort).

RETORT_STRICT=1 (set by .ci/run) is the test gate: a missing prerequisite
(no PostgreSQL, no corpus) fails instead of skipping. Tests check one
with require(cond, why); any other skip, from pytest.skip, a skipif mark
or an empty parameter list, is turned into a failure too by the hooks at
the end of this file, so the gate cannot pass by skipping.
"""

import atexit
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
RETORT = os.environ.get("RETORT") or str(REPO / "build" / "retort")
STRICT = os.environ.get("RETORT_STRICT", "") not in ("", "0")


def require(cond, why):
    """A prerequisite the test cannot run without: when cond is false the
    test skips with `why`, or fails under RETORT_STRICT=1."""
    if cond:
        return
    if STRICT:
        pytest.fail(f"{why} (RETORT_STRICT=1: a missing prerequisite is a "
                    "failure, not a skip)", pytrace=False)
    pytest.skip(why)


def find_corpus():
    """The shared acceptance corpus: $RETORT_CORPUS or ../shared/corpus."""
    env = os.environ.get("RETORT_CORPUS")
    if env:
        return Path(env)
    return REPO.parent / "shared" / "corpus"


def pg_bindir():
    env = os.environ.get("RETORT_PG_BIN")
    if env:
        return Path(env)
    return Path("/usr/lib/postgresql/15/bin")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Postgres:
    """A throwaway cluster. Use start() / stop(); stop() is idempotent."""

    ROLE = "harness"

    def __init__(self):
        self.bindir = pg_bindir()
        self.dir = None
        self.port = None
        self.running = False
        self.as_root = os.geteuid() == 0

    # -- process helpers -------------------------------------------------
    def _server_cmd(self, args):
        """argv running a server binary as the cluster's owner."""
        if self.as_root:
            return ["runuser", "-u", "postgres", "--"] + args
        return args

    def _run_server_tool(self, args, **kw):
        return subprocess.run(self._server_cmd(args), check=True,
                              capture_output=True, text=True, **kw)

    @property
    def datadir(self):
        return os.path.join(self.dir, "data")

    @property
    def env(self):
        """PG* variables that point libpq at this server as `harness`."""
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("PG")}
        env.update(PGHOST="127.0.0.1", PGPORT=str(self.port),
                   PGUSER=self.ROLE, PGDATABASE="postgres",
                   PGCONNECT_TIMEOUT="10")
        return env

    def start(self):
        self.dir = tempfile.mkdtemp(prefix="retort-pg-")
        atexit.register(self.stop)
        if self.as_root:
            pw = pwd.getpwnam("postgres")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
        self._run_server_tool([
            str(self.bindir / "initdb"), "-D", self.datadir, "-U",
            "postgres", "--auth=trust", "--locale=C.UTF-8", "-E", "UTF8",
            "--no-sync"])
        conf = "\n".join([
            "listen_addresses = '127.0.0.1'",
            f"unix_socket_directories = '{self.dir}'",
            "fsync = off",
            "synchronous_commit = off",
            "full_page_writes = off",
            "max_connections = 60",
            "shared_preload_libraries = 'pg_stat_statements'",
            "pg_stat_statements.track = 'all'",
            "pg_stat_statements.track_utility = on",
            "log_min_messages = warning",
            ""])
        conf_path = os.path.join(self.datadir, "postgresql.conf")
        with open(conf_path, "a", encoding="utf-8") as f:
            f.write("\n" + conf)
        # the port is picked free just before the start; another test
        # worker (pytest -n) may take it first, so a start that fails
        # is tried again on another port
        for attempt in range(5):
            self.port = free_port()
            try:
                self._run_server_tool([
                    str(self.bindir / "pg_ctl"), "-D", self.datadir, "-l",
                    os.path.join(self.dir, "log"), "-o",
                    f"-p {self.port}", "-w", "-t", "60", "start"])
                break
            except subprocess.CalledProcessError:
                if attempt == 4:
                    raise
        self.running = True
        # the superuser the tests use (not "postgres": see the corpus
        # README); the bootstrap user only creates it
        subprocess.run(
            ["psql", "-X", "-q", "-h", self.dir, "-p", str(self.port),
             "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1",
             "-c", f"CREATE ROLE {self.ROLE} SUPERUSER LOGIN"],
            check=True, capture_output=True, text=True, env=self.env)
        self.psql("postgres", "CREATE EXTENSION pg_stat_statements")

    def stop(self):
        if self.running:
            try:
                self._run_server_tool([
                    str(self.bindir / "pg_ctl"), "-D", self.datadir,
                    "-m", "immediate", "-w", "stop"])
            except subprocess.CalledProcessError:
                pass
            self.running = False
        if self.dir and os.path.isdir(self.dir):
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    # -- helpers for tests -----------------------------------------------
    def url(self, dbname="postgres"):
        return f"postgresql://{self.ROLE}@127.0.0.1:{self.port}/{dbname}"

    def psql(self, dbname, sql, check=True):
        """Runs sql (stops at the first error); returns stdout."""
        r = subprocess.run(
            ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
             "-d", dbname],
            input=sql, capture_output=True, text=True, env=self.env)
        if check and r.returncode != 0:
            raise RuntimeError(f"psql on {dbname} failed:\n{r.stderr}")
        return r.stdout

    def psql_file(self, dbname, path):
        r = subprocess.run(
            ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", dbname,
             "-f", str(path)],
            capture_output=True, text=True, env=self.env)
        if r.returncode != 0:
            raise RuntimeError(f"psql -f {path} failed:\n{r.stderr}")
        return r.stdout

    def createdb(self, name, sql_text=None):
        self.dropdb(name)
        self.psql("postgres", f'CREATE DATABASE "{name}"')
        if sql_text is not None:
            self.psql(name, sql_text)
        return self.url(name)

    def dropdb(self, name):
        self.psql("postgres", f'DROP DATABASE IF EXISTS "{name}" '
                  "WITH (FORCE)")

    def ensure_roles(self, roles):
        """Creates each role unless it exists; a name may come already
        quoted as an SQL identifier ("odd""name"), as in case.json."""
        for role in roles:
            if len(role) > 1 and role.startswith('"') and role.endswith('"'):
                name, sql_name = role[1:-1].replace('""', '"'), role
            else:
                name, sql_name = role, '"' + role.replace('"', '""') + '"'
            lit = "'" + name.replace("'", "''") + "'"
            self.psql("postgres", "DO $x$ BEGIN IF NOT EXISTS (SELECT FROM "
                      f"pg_roles WHERE rolname = {lit}) THEN CREATE ROLE "
                      f"{sql_name}; END IF; END $x$")


def interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


@pytest.fixture(scope="session")
def pg(request):
    require((pg_bindir() / "initdb").exists(),
            f"PostgreSQL 15 server not found in {pg_bindir()}")
    server = Postgres()
    request.addfinalizer(server.stop)
    # SIGTERM (a CI timeout, `kill`) would skip atexit: treat it as ^C,
    # which pytest turns into an orderly stop running the finalizers
    if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, interrupt)
    try:
        server.start()
    except BaseException:
        log = os.path.join(server.dir or "", "log")
        if server.dir and os.path.exists(log):
            print(open(log, encoding="utf-8", errors="replace").read())
        server.stop()
        raise
    return server


class Retort:
    """Runs the built binary."""

    def __init__(self, path):
        self.path = path

    def run(self, args, env=None, cwd=None, timeout=120):
        return subprocess.run([self.path] + [str(a) for a in args],
                              capture_output=True, text=True, env=env,
                              cwd=cwd, timeout=timeout)


@pytest.fixture(scope="session")
def retort():
    if not os.path.exists(RETORT):
        pytest.fail(f"retort binary not found at {RETORT} (run make)")
    return Retort(RETORT)


@pytest.fixture
def tmp_sql(tmp_path):
    """tmp_sql(name, text) writes a file under tmp_path, returns its path."""
    def write(name, text):
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        return p
    return write


def sql_only(text):
    """The statements of retort's output without its "-- retort: ..."
    notes (e.g. about unmanaged objects it does not migrate)."""
    lines = [l for l in text.splitlines()
             if l.strip() and not l.startswith("-- retort:")]
    return "\n".join(lines)


def wait_for(pred, timeout=10.0):
    end = time.time() + timeout
    while time.time() < end:
        if pred():
            return True
        time.sleep(0.05)
    return False


# -- the gate: under RETORT_STRICT=1 no skip survives --------------------
def _strict_reason(longrepr):
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return longrepr[2]  # (path, line, "Skipped: why")
    return str(longrepr)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    if STRICT and rep.skipped and not hasattr(rep, "wasxfail"):
        rep.outcome = "failed"
        rep.longrepr = ("skipped under RETORT_STRICT=1, where every skip is "
                        "a failure: " + _strict_reason(rep.longrepr))


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    rep = outcome.get_result()
    if STRICT and rep.skipped:
        rep.outcome = "failed"
        rep.longrepr = ("module skipped under RETORT_STRICT=1, where every "
                        "skip is a failure: " + _strict_reason(rep.longrepr))
