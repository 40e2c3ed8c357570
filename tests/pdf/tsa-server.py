#!/usr/bin/env python3
"""A small RFC 3161 timestamp authority for the tests: TimeStampReq by HTTP
POST on 127.0.0.1, answered by `openssl ts -reply` with a test TSA key.

Usage: tsa-server.py DIR OPENSSL [--mode ok|slow|error|garbage]

DIR holds tsa.key, tsa.pem (extendedKeyUsage critical timeStamping) and
chain.pem.  The port is chosen by the kernel and printed as the first line
on stdout once the server listens; it serves until it is killed.
  ok       answer with a granted timestamp
  slow     wait 30 s before answering (timeouts)
  error    answer HTTP 500
  garbage  answer 200 with bytes that are not a TimeStampResp
"""

import http.server
import os
import subprocess
import sys
import tempfile
import time

CONFIG = """
[tsa]
default_tsa = tsa_config
[tsa_config]
dir = {dir}
serial = {dir}/serial
crypto_device = builtin
signer_cert = {dir}/tsa.pem
certs = {dir}/chain.pem
signer_key = {dir}/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512, sm3
accuracy = secs:1
ordering = no
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


def main():
    d, openssl = sys.argv[1], sys.argv[2]
    mode = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == "--mode" else "ok"
    cnf = os.path.join(d, "tsa.cnf")
    with open(cnf, "w") as f:
        f.write(CONFIG.format(dir=d))
    if not os.path.exists(os.path.join(d, "serial")):
        with open(os.path.join(d, "serial"), "w") as f:
            f.write("01\n")

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def answer(self, code, body, ctype="application/timestamp-reply"):
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            query = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if mode == "slow":
                time.sleep(30)
            if mode == "error":
                self.answer(500, b"internal error", "text/plain")
                return
            if mode == "garbage":
                self.answer(200, b"this is not a timestamp")
                return
            with tempfile.TemporaryDirectory() as tmp:
                q = os.path.join(tmp, "q.tsq")
                r = os.path.join(tmp, "r.tsr")
                with open(q, "wb") as f:
                    f.write(query)
                p = subprocess.run([openssl, "ts", "-reply", "-config", cnf, "-queryfile", q,
                                    "-out", r], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   env=dict(os.environ, OPENSSL_CONF=cnf))
                if p.returncode != 0:
                    self.answer(500, p.stderr, "text/plain")
                    return
                with open(r, "rb") as f:
                    self.answer(200, f.read())

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
