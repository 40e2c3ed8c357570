"""platformtest: what the sealdesk-platform tests share.

A real server (the built sealdesk-platform) on a free loopback port with a
fresh SQLite directory or a real PostgreSQL server started here as a child
process; a tiny HTTP/JSON client; the test CA and key holder
(platform-test-pki); TAP output.  Everything started is stopped and waited
for, also when a test fails.
"""

import base64
import glob
import http.client
import json
import os
import pwd
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

USCC_A = "91350100M000100Y43"
USCC_B = "91440101MA5C44W11J"
ID_1 = "11010519491231002X"
ID_2 = "310104198005211238"
ID_3 = "440305199911084518"
PASSWORD = "Correct-horse-9"

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def make_uscc(n):
    """A valid USCC numbered n (organization code and check computed)."""
    body = "%08d" % (10000000 + n)
    s = sum(int(c) * w for c, w in zip(body, ORG_WEIGHTS))
    c = 11 - s % 11
    org = body + ("X" if c == 10 else "0" if c == 11 else str(c))
    first17 = "91110000" + org
    s = sum(USCC_ALPHABET.index(ch) * w for ch, w in zip(first17, USCC_WEIGHTS))
    return first17 + USCC_ALPHABET[(31 - s % 31) % 31]


# --- TAP ---------------------------------------------------------------------

class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0
        self.lock = threading.Lock()

    def ok(self, condition, name, detail=None):
        with self.lock:
            self.n += 1
            if condition:
                print("ok %d - %s" % (self.n, name))
            else:
                self.failed += 1
                print("not ok %d - %s" % (self.n, name))
                if detail is not None:
                    lines = str(detail).splitlines()
                    if len(lines) > 20:
                        lines = lines[:8] + ["..."] + lines[-12:]
                    for line in lines:
                        print("#   " + line)
            sys.stdout.flush()
        return condition

    def note(self, text):
        print("# " + text)
        sys.stdout.flush()

    def status(self, response, expected, name):
        """response is (status, headers, body)."""
        status = response[0]
        want = expected if isinstance(expected, (tuple, list, set)) else (expected,)
        return self.ok(status in want, "%s -> %s" % (name, "/".join(map(str, want))),
                       "got %s %s" % (status, _short(response[2])))

    def code(self, response, status, code, name):
        body = response[2]
        got = body.get("code") if isinstance(body, dict) else None
        return self.ok(response[0] == status and got == code,
                       "%s -> %d %s" % (name, status, code),
                       "got %s %s" % (response[0], _short(body)))

    def finish(self):
        print("1..%d" % self.n)
        sys.stdout.flush()
        return 1 if self.failed else 0


def _short(body):
    text = json.dumps(body, ensure_ascii=False) if not isinstance(body, bytes) else repr(body[:200])
    return text[:400]


# --- HTTP ----------------------------------------------------------------------

class Api:
    """One caller: a base address, a token, a language."""

    def __init__(self, port, token=None, language="en"):
        self.port = port
        self.token = token
        self.language = language

    def as_token(self, token, language=None):
        return Api(self.port, token, language or self.language)

    def raw(self, method, path, body=None, headers=None, timeout=60):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            h = {"Accept-Language": self.language}
            if self.token:
                h["Authorization"] = "Bearer " + self.token
            if body is not None:
                h["Content-Type"] = "application/json"
            h.update(headers or {})
            # non-ASCII in the path is percent-encoded, what is encoded stays
            url = urllib.parse.quote("/api/v1" + path, safe="/?&=%:,*'()-;@+!$")
            conn.request(method, url, body=body, headers=h)
            response = conn.getresponse()
            data = response.read()
            headers_out = {k.lower(): v for k, v in response.getheaders()}
            if headers_out.get("content-type", "").startswith("application/json") and data:
                data = json.loads(data.decode("utf-8"))
            return response.status, headers_out, data
        finally:
            conn.close()

    def call(self, method, path, body=None, headers=None):
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        return self.raw(method, path, data, headers)

    def get(self, path, headers=None):
        return self.call("GET", path, headers=headers)

    def post(self, path, body=None, headers=None):
        return self.call("POST", path, {} if body is None else body, headers)

    def patch(self, path, body, headers=None):
        return self.call("PATCH", path, body, headers)

    def put(self, path, body, headers=None):
        return self.call("PUT", path, body, headers)

    def delete(self, path, headers=None):
        return self.call("DELETE", path, headers=headers)

    def all_pages(self, path):
        items, page = [], 1
        sep = "&" if "?" in path else "?"
        while True:
            r = self.get("%s%spage=%d&per_page=100" % (path, sep, page))
            if r[0] != 200:
                raise RuntimeError("%s: %s %s" % (path, r[0], r[2]))
            items += r[2]["items"]
            if len(items) >= r[2]["total"] or not r[2]["items"]:
                return items
            page += 1


# --- processes -------------------------------------------------------------------

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Postgres:
    """A PostgreSQL cluster of our own, a child of this process."""

    def __init__(self, workdir):
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"))
        if not bins:
            raise RuntimeError("PostgreSQL is not installed (build-aux/install-deps.sh)")
        self.bindir = os.path.dirname(bins[-1])
        self.dir = os.path.join(workdir, "pg")
        os.makedirs(self.dir)
        user = pwd.getpwnam("postgres")
        os.chown(self.dir, user.pw_uid, user.pw_gid)
        os.chmod(workdir, 0o755)
        self.data = os.path.join(self.dir, "data")
        self.port = free_port()
        self.process = None
        subprocess.run([os.path.join(self.bindir, "initdb"), "-D", self.data, "-U", "postgres",
                        "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
                       user="postgres", group="postgres", check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.log = open(os.path.join(workdir, "postgres.log"), "wb")
        self.process = subprocess.Popen(
            [os.path.join(self.bindir, "postgres"), "-D", self.data, "-p", str(self.port),
             "-k", self.dir, "-c", "listen_addresses=", "-c", "max_connections=200",
             "-c", "shared_buffers=64MB"],
            user="postgres", group="postgres", stdout=self.log, stderr=self.log)
        self.conninfo = "host=%s port=%d dbname=postgres user=postgres" % (self.dir, self.port)
        deadline = time.time() + 60
        while time.time() < deadline:
            ready = subprocess.run([os.path.join(self.bindir, "pg_isready"), "-h", self.dir,
                                    "-p", str(self.port)], stdout=subprocess.DEVNULL)
            if ready.returncode == 0:
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("PostgreSQL did not start; see postgres.log")

    def psql(self, sql):
        return subprocess.run([os.path.join(self.bindir, "psql"), "-h", self.dir, "-p",
                               str(self.port), "-U", "postgres", "-d", "postgres", "-v",
                               "ON_ERROR_STOP=1", "-Atc", sql],
                              capture_output=True, text=True)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)   # fast shutdown
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


class Server:
    """sealdesk-platform as a child process."""

    def __init__(self, exe, workdir, pg=None, localedir=None, extra=()):
        self.exe = exe
        self.workdir = workdir
        self.data = os.path.join(workdir, "data")
        self.pg = pg
        self.localedir = localedir
        self.extra = list(extra)
        self.process = None
        self.port = None
        self.stdout_lines = []
        self.starts = 0

    def start(self, demo=False):
        # the suites log in far more often than a person: no rate limit
        # unless a test sets one in extra (the last --login-rate counts)
        args = [self.exe, "--data", self.data, "--listen", "127.0.0.1:0",
                "--allow-registration", "--scrypt-log-n", "14", "--login-rate", "0"] + self.extra
        if demo:
            args.append("--demo")
        if self.pg is not None:
            args += ["--pg", self.pg.conninfo]
        env = dict(os.environ)
        env.pop("LANGUAGE", None)
        if self.localedir:
            env["SEALDESK_LOCALEDIR"] = self.localedir
        self.starts += 1
        self.stderr = open(os.path.join(self.workdir, "server-%d.log" % self.starts), "wb")
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.stderr, env=env)
        self.stdout_lines = []
        deadline = time.time() + 120
        buffer = b""
        while time.time() < deadline:
            ready, _, _ = select.select([self.process.stdout], [], [], 0.5)
            if ready:
                chunk = os.read(self.process.stdout.fileno(), 4096)
                if not chunk:
                    break
                buffer += chunk
                while b"\n" in buffer:
                    line, buffer = buffer.split(b"\n", 1)
                    text = line.decode("utf-8", "replace")
                    self.stdout_lines.append(text)
                    m = re.search(r"ready at https?://127\.0\.0\.1:(\d+)/", text)
                    if m:
                        self.port = int(m.group(1))
                        return self
            if self.process.poll() is not None:
                break
        self.kill()
        raise RuntimeError("the server did not start: %s" % self.stdout_lines)

    def api(self, token=None, language="en"):
        return Api(self.port, token, language)

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def stop(self):
        """SIGTERM, and the exit status (0 is a clean shutdown)."""
        if self.process is None:
            return None
        self.process.send_signal(signal.SIGTERM)
        try:
            status = self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            status = self.process.wait()
        self.process.stdout.close()
        self.process = None
        return status

    def kill(self):
        if self.process is not None:
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()
            self.process.stdout.close()
            self.process = None


class Pki:
    """The test CA's certificates and a signer that holds their keys."""

    def __init__(self, helper, workdir):
        self.dir = os.path.join(workdir, "pki")
        subprocess.run([helper, "make", self.dir], check=True)
        self.signer = subprocess.Popen([helper, "sign"], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, text=True)
        self.lock = threading.Lock()

    def der_base64(self, name):
        with open(os.path.join(self.dir, name + ".der"), "rb") as f:
            return base64.b64encode(f.read()).decode()

    def sign(self, name, digest, scheme, to_sign_base64):
        line = "%s %s %s %s\n" % (os.path.join(self.dir, name + ".key"), digest, scheme,
                                  to_sign_base64)
        with self.lock:
            self.signer.stdin.write(line)
            self.signer.stdin.flush()
            answer = self.signer.stdout.readline().strip()
        if answer.startswith("ERROR"):
            raise RuntimeError(answer)
        return answer

    def close(self):
        if self.signer is not None:
            self.signer.stdin.close()
            self.signer.wait()
            self.signer = None


def proof(api, pki, name, purpose, digest=None, scheme="pkcs1", sign_with=None):
    """A ProofOfPossession body for certificate @name, signed by its key
    (or by @sign_with's)."""
    r = api.post("/challenges", {"purpose": purpose})
    if r[0] != 201:
        raise RuntimeError("challenge: %s %s" % (r[0], r[2]))
    key_digest = digest or ("SM3" if name.endswith("sm2") else "SHA256")
    signature = pki.sign(sign_with or name, key_digest, scheme, r[2]["to_sign"])
    body = {"challenge_id": r[2]["id"], "certificate": pki.der_base64(name),
            "signature": signature, "scheme": scheme}
    if digest:
        body["digest"] = digest.lower()
    return body


def png(width=64, height=64):
    """A small red-disc RGBA PNG made with zlib."""
    import struct
    import zlib
    rows = b""
    for y in range(height):
        rows += b"\x00"
        for x in range(width):
            inside = (x - width / 2) ** 2 + (y - height / 2) ** 2 < (width / 2 - 2) ** 2
            rows += bytes((230, 0, 18, 255 if inside else 0))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6,
                                                               0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def workdir(prefix):
    base = os.environ.get("MESON_BUILD_ROOT") or tempfile.gettempdir()
    return tempfile.mkdtemp(prefix=prefix, dir=base if os.path.isdir(base) else None)


def remove(path):
    shutil.rmtree(path, ignore_errors=True)
