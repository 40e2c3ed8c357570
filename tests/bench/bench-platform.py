#!/usr/bin/env python3
"""Benchmark of sealdesk-platform with wrk: the account list (a page of 10
with a filter) and the binding endpoint, on SQLite and on PostgreSQL.
Prints requests/s and the 99th percentile latency.  Figures only: it fails
only when something does not run.

Usage: bench-platform.py BUILDDIR [--duration SECONDS] [--connections N]
"""

import argparse
import base64
import os
import re
import subprocess
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TOP, "tests", "platform"))
from platformtest import (ID_1, PASSWORD, Api, Pki, Postgres, Server,  # noqa: E402
                          make_uscc, remove)

LIST_SCRIPT = """
wrk.headers["Authorization"] = "Bearer %(token)s"
wrk.headers["Accept-Language"] = "en"
"""

# One pre-signed proof per request, each used once (a challenge serves
# once): wrk's threads have a Lua state each; thread k sends bodies k, k+T …
# There are more proofs than a run can use, so every request is a real bind.
BIND_SCRIPT = """
local bodies = {}
for line in io.lines("%(bodies)s") do bodies[#bodies + 1] = line end
local threads = 0
setup = function(thread)
  thread:set("first", threads)
  threads = threads + 1
end
local sent = 0
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer %(token)s"
wrk.headers["Content-Type"] = "application/json"
request = function()
  local index = first + sent * %(threads)d + 1
  sent = sent + 1
  return wrk.format(nil, nil, nil, bodies[((index - 1) %% #bodies) + 1])
end
"""


def wrk(url, script, duration, connections, threads=2):
    """requests/s, p99 ms, non-2xx answers"""
    start = time.monotonic()
    result = subprocess.run(["wrk", "-t%d" % threads, "-c%d" % connections, "-d%ds" % duration,
                             "--latency", "-s", script, url],
                            capture_output=True, text=True, check=True)
    elapsed = time.monotonic() - start
    out = result.stdout
    rate = int(re.search(r"(\d+) requests in", out).group(1)) / elapsed
    p99 = re.search(r"\s99%\s+([\d.]+)(us|ms|s)", out)
    factor = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, float(p99.group(1)) * factor, int(errors.group(1)) if errors else 0


def setup(api, n_accounts):
    body = {"name": "基准企业", "uscc": make_uscc(7), "legal_representative": "张三",
            "main_account": {"login": "bench", "name": "bench", "password": PASSWORD,
                             "id_number": ID_1}}
    api.post("/enterprises", body)
    r = api.post("/sessions", {"login": "bench", "password": PASSWORD})
    admin = api.as_token(r[2]["token"])
    for i in range(n_accounts):
        admin.post("/accounts", {"login": "user%04d" % i, "name": "员工%d" % i,
                                 "id_number": ID_1 if i == 0 else None})
    return admin


def bind_bodies(admin, pki_dir, pki, account_id, n, path):
    with open(path, "w") as out:
        for i in range(n):
            r = admin.post("/challenges", {"purpose": "bind"})
            with open(os.path.join(pki_dir, "many-%d.der" % i), "rb") as f:
                der = base64.b64encode(f.read()).decode()
            signature = pki.sign_file(os.path.join(pki_dir, "many-%d.key" % i), "SHA256",
                                      r[2]["to_sign"])
            out.write('{"challenge_id":"%s","certificate":"%s","signature":"%s"}\n'
                      % (r[2]["id"], der, signature))


class Signer(Pki):
    """The test key holder, without making the test CA."""

    def __init__(self, helper):
        self.signer = subprocess.Popen([helper, "sign"], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, text=True)
        import threading
        self.lock = threading.Lock()

    def sign_file(self, key, digest, to_sign):
        with self.lock:
            self.signer.stdin.write("%s %s pkcs1 %s\n" % (key, digest, to_sign))
            self.signer.stdin.flush()
            return self.signer.stdout.readline().strip()


def run(backend, args, base):
    exe = os.path.join(args.builddir, "src", "platform", "sealdesk-platform")
    helper = os.path.join(args.builddir, "tests", "platform", "platform-test-pki")
    pg = server = signer = None
    try:
        if backend == "postgresql":
            pg = Postgres(base)
        server = Server(exe, base, pg=pg)
        server.start()
        api = Api(server.port)
        admin = setup(api, args.accounts)
        url = "http://127.0.0.1:%d/api/v1" % server.port

        script = os.path.join(base, "list.lua")
        with open(script, "w") as f:
            f.write(LIST_SCRIPT % {"token": admin.token})
        rate, p99, errors = wrk(url + "/accounts?per_page=10&name=%E5%91%98%E5%B7%A5",
                                script, args.duration, args.connections)
        print("%-10s  GET /accounts (page of 10, name filter)  %8.0f req/s  p99 %7.2f ms%s"
              % (backend, rate, p99, "  (%d errors)" % errors if errors else ""))

        pki_dir = os.path.join(base, "many")
        subprocess.run([helper, "make-many", pki_dir, str(args.binds)], check=True)
        signer = Signer(helper)
        account = admin.get("/accounts?login=user0000")[2]["items"][0]["id"]
        bodies = os.path.join(base, "bodies.txt")
        bind_bodies(admin, pki_dir, signer, account, args.binds, bodies)
        script = os.path.join(base, "bind.lua")
        with open(script, "w") as f:
            f.write(BIND_SCRIPT % {"token": admin.token, "bodies": bodies, "threads": 2})
        rate, p99, errors = wrk(url + "/accounts/%d/certificates" % account, script,
                                args.bind_duration, min(args.connections, 16))
        bound = admin.get("/accounts/%d/certificates" % account)[2]["total"]
        print("%-10s  POST /accounts/{id}/certificates        %8.0f req/s  p99 %7.2f ms"
              "  (%d bound, %d refused%s)"
              % (backend, rate, p99, bound, errors,
                 ": proofs ran out, use --binds" if bound >= args.binds else ""))
    finally:
        if signer is not None:
            signer.close()
        if server is not None:
            server.kill()
        if pg is not None:
            pg.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("builddir")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--bind-duration", type=int, default=3)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--accounts", type=int, default=200)
    parser.add_argument("--binds", type=int, default=6000)
    args = parser.parse_args()
    print("sealdesk-platform benchmark: wrk, %d connections, %d s per run, %d processors"
          % (args.connections, args.duration, os.cpu_count()))
    for backend in ("sqlite", "postgresql"):
        base = tempfile.mkdtemp(prefix="bench-platform-")
        try:
            run(backend, args, base)
        finally:
            remove(base)
    return 0


if __name__ == "__main__":
    sys.exit(main())
