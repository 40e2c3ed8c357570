#!/usr/bin/env python3
# test-cli-tokens.py: `sealdesk-cli tokens`, `sealdesk-cli sign --token` and
# `sealdesk-cli pin change`
# against a SoftHSM2 token and the software SKF token, both set up here in a
# temporary directory; the SKF library is found through a CA provider table
# in the user's configuration (how a user adds a library by path).
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Environment (meson sets it): SEALDESK_CLI, SDSKF_SOFT_ADMIN,
# SDSKF_SOFT_LIBRARY.  Prints TAP.

import json
import os
import pty
import select
import shutil
import subprocess
import sys
import tempfile
import time

CLI = os.environ.get("SEALDESK_CLI")
ADMIN = os.environ.get("SDSKF_SOFT_ADMIN")
SKF_LIBRARY = os.environ.get("SDSKF_SOFT_LIBRARY")
SOFTHSM = next((p for p in ("/usr/lib/softhsm/libsofthsm2.so",
                            "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")
                if os.path.exists(p)), None)
PIN = "864209"
SO_PIN = "97531246"
LABEL = "CLI 测试"

results = []


def check(name, ok, detail=""):
    results.append((name, ok, detail))


def run(args, env, **kwargs):
    return subprocess.run(args, env=env, capture_output=True, text=True, **kwargs)


def must(args, env, cwd=None):
    p = run(args, env, cwd=cwd)
    if p.returncode != 0:
        raise RuntimeError("%s failed (%d):\n%s%s" % (" ".join(args), p.returncode,
                                                      p.stdout, p.stderr))
    return p


def make_pdf(path):
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f\r\n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n\r\n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1,
                                                                              xref)
    with open(path, "wb") as f:
        f.write(out)


def setup(work, env):
    tokens = os.path.join(work, "tokens")
    os.mkdir(tokens)
    with open(env["SOFTHSM2_CONF"], "w") as f:
        f.write("directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n"
                % tokens)
    must(["softhsm2-util", "--init-token", "--free", "--label", LABEL, "--so-pin", SO_PIN,
          "--pin", PIN], env)
    must(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "rsa.key",
          "-out", "rsa.crt", "-subj", "/CN=CLI RSA Signer", "-days", "30", "-addext",
          "keyUsage=critical,digitalSignature,nonRepudiation"], env, cwd=work)
    must(["openssl", "x509", "-in", "rsa.crt", "-outform", "DER", "-out", "rsa.der"], env,
         cwd=work)
    must(["softhsm2-util", "--import", os.path.join(work, "rsa.key"), "--token", LABEL,
          "--label", "signing", "--id", "0a", "--pin", PIN], env)
    must(["pkcs11-tool", "--module", SOFTHSM, "--token-label", LABEL, "--login", "--pin", PIN,
          "--write-object", os.path.join(work, "rsa.der"), "--type", "cert", "--id", "0a",
          "--label", "signing"], env)

    # The software SKF token: an SM2 signing and an SM2 encryption certificate
    gm = "distid:1234567812345678"
    usages = {"sign": "digitalSignature,nonRepudiation",
              "enc": "keyEncipherment,dataEncipherment"}
    for name, usage in usages.items():
        must(["openssl", "genpkey", "-algorithm", "SM2", "-out", name + ".key"], env, cwd=work)
        must(["openssl", "req", "-x509", "-new", "-key", name + ".key", "-sm3", "-sigopt", gm,
              "-subj", "/CN=某某科技有限公司/O=某某科技有限公司/serialNumber=91350100M000100Y43",
              "-utf8", "-days", "30",
              "-addext", "basicConstraints=CA:FALSE",
              "-addext", "keyUsage=critical," + usage, "-out", name + ".crt"], env, cwd=work)
    with open(os.path.join(work, "pin"), "w") as f:
        f.write(PIN + "\n")
    with open(os.path.join(work, "admin-pin"), "w") as f:
        f.write("11223344\n")
    must([ADMIN, "init-device", "UKEY9", "--label", "CLI UKey", "--serial", "CLI0009"], env)
    must([ADMIN, "create-app", "UKEY9", "APP", "--pin-file", os.path.join(work, "pin"),
          "--admin-pin-file", os.path.join(work, "admin-pin")], env)
    must([ADMIN, "import", "UKEY9", "APP", "容器1", "--pin-file", os.path.join(work, "pin"),
          "--sign-key", "sign.key", "--sign-cert", "sign.crt", "--enc-key", "enc.key",
          "--enc-cert", "enc.crt"], env, cwd=work)

    # The user adds the SKF library through their own provider table
    conf = os.path.join(env["XDG_CONFIG_HOME"], "sealdesk")
    os.makedirs(conf)
    with open(os.path.join(conf, "ca-providers.ini"), "w") as f:
        f.write("[key:test-skf]\nname=Test key\nskf=%s\n" % SKF_LIBRARY)

    make_pdf(os.path.join(work, "in.pdf"))
    must([CLI, "make-seal", "--round", "--name", "某某科技有限公司", "-o",
          os.path.join(work, "seal.png")], env)


def sign_args(work, out, *extra):
    return [CLI, "sign", os.path.join(work, "in.pdf"), "-o", os.path.join(work, out),
            "--seal", os.path.join(work, "seal.png"), "--at", "20,30", "--size", "40",
            "--force"] + list(extra)


def pdfsig_valid(path, env):
    p = run(["pdfsig", path], env)
    return "Signature Validation: Signature is Valid." in p.stdout


def test_listing(work, env):
    p = run([CLI, "tokens", "--json", "--module", SOFTHSM], env)
    check("tokens --json runs", p.returncode == 0, p.stderr)
    data = json.loads(p.stdout)
    check("pcscd is checked", any(c["component"] == "pcscd" for c in data["checks"]))
    by_label = {t["label"]: t for t in data["tokens"]}
    check("the SoftHSM token is listed", LABEL in by_label, list(by_label))
    check("the SKF library of the user's table is used", "CLI UKey" in by_label, list(by_label))
    if "CLI UKey" in by_label:
        skf = by_label["CLI UKey"]
        check("SKF PIN tries shown", skf["pin"]["tries_left"] == 5, skf["pin"])
        certs = skf["certificates"]
        signing = [c for c in certs if c["usage"] == "signing"]
        enc = [c for c in certs if c["usage"] == "encryption"]
        check("SKF signing certificate can sign", len(signing) == 1 and signing[0]["can_sign"])
        check("an organisation certificate, with its checked enterprise code",
              len(signing) == 1 and signing[0]["holder"] == "organization"
              and signing[0]["enterprise_code"] == "91350100M000100Y43", signing)
        check("its CA provider (the issuer's O), and no person's name",
              len(signing) == 1 and signing[0]["ca_provider"] == "某某科技有限公司"
              and signing[0]["person_name"] is None, signing)
        check("SKF encryption certificate listed, cannot sign, with a reason",
              len(enc) == 1 and not enc[0]["can_sign"] and enc[0]["reason"])
        check("certificate URIs are skf: URIs",
              all(c["uri"].startswith("skf:") for c in certs))
    if LABEL in by_label:
        certs = by_label[LABEL]["certificates"]
        check("PKCS#11 certificate with its URI",
              len(certs) == 1 and certs[0]["key_id"] == "0a"
              and certs[0]["uri"].startswith("pkcs11:") and "id=%0a" in certs[0]["uri"].lower(),
              certs)
    return by_label


def test_text(env):
    p = run([CLI, "tokens", "--module", SOFTHSM], env)
    check("tokens text marks the encryption certificate",
          p.returncode == 0 and "cannot sign" in p.stdout and "URI: skf:" in p.stdout,
          p.stdout[-2000:])
    check("tokens text names the CA provider",
          "CA provider: 某某科技有限公司" in p.stdout, p.stdout[-2000:])


def test_sign(work, env, tokens):
    pin = os.path.join(work, "pin")
    # PKCS#11 by module, label and key ID
    p = run(sign_args(work, "p11.pdf", "--token", "--module", SOFTHSM, "--token-label", LABEL,
                      "--key-id", "0a", "--pin-file", pin), env)
    check("sign --token --module --key-id", p.returncode == 0, p.stderr)
    check("pdfsig validates the PKCS#11 signature",
          p.returncode == 0 and pdfsig_valid(os.path.join(work, "p11.pdf"), env))

    # SKF by the certificate's URI (found through the user's table), SM2/SM3
    if "CLI UKey" in tokens:
        uri = [c["uri"] for c in tokens["CLI UKey"]["certificates"] if c["can_sign"]][0]
        p = run(sign_args(work, "skf.pdf", "--token=" + uri, "--pin-file", pin,
                          "--digest", "sm3"), env)
        check("sign --token=skf:… (SM2)", p.returncode == 0, p.stderr)

        # The encryption certificate is refused with the reason
        enc = [c["uri"] for c in tokens["CLI UKey"]["certificates"] if not c["can_sign"]][0]
        p = run(sign_args(work, "enc.pdf", "--token=" + enc.replace("usage=encrypt",
                                                                    "usage=sign"),
                          "--pin-file", pin, "--digest", "sm3"), env)
        check("the SM2 URI selects the signing, never the encryption certificate",
              p.returncode == 0, p.stderr)

        # A wrong PIN from a file: reported with the tries left, not retried
        wrong = os.path.join(work, "wrong-pin")
        with open(wrong, "w") as f:
            f.write("000000\n")
        p = run(sign_args(work, "wrong.pdf", "--token=" + uri, "--pin-file", wrong,
                          "--digest", "sm3"), env)
        check("wrong PIN file: exit 1, tries left said, nothing written",
              p.returncode == 1 and "4 PIN tries left" in p.stderr
              and not os.path.exists(os.path.join(work, "wrong.pdf")), p.stderr)

    # Several keys and no choice: told which
    p = run(sign_args(work, "any.pdf", "--token", "--pin-file", pin), env)
    check("--token with several keys names them", p.returncode == 1 and LABEL in p.stderr,
          p.stderr)

    # PINs never on the command line
    p = run(sign_args(work, "x.pdf", "--token", "--pin", PIN), env)
    check("no --pin option", p.returncode == 2, p.stderr)
    p = run(sign_args(work, "x.pdf", "--p12", "x.p12", "--pin-file", pin), env)
    check("--pin-file without --token is a usage error", p.returncode == 2, p.stderr)


def test_terminal_pin(work, env):
    """The PIN typed on a terminal is not echoed"""
    args = sign_args(work, "tty.pdf", "--token", "--module", SOFTHSM, "--key-id", "0a")
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(args[0], args, env)
    out = b""
    deadline = time.time() + 30
    sent = False
    status = None
    while time.time() < deadline:
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        if not sent and b"PIN for" in out:
            time.sleep(0.2)
            os.write(fd, (PIN + "\n").encode())
            sent = True
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
    if status is None or not os.WIFEXITED(status):
        _, status = os.waitpid(pid, 0)
    check("PIN asked on the terminal", sent, out.decode(errors="replace"))
    check("the typed PIN is not echoed", PIN.encode() not in out, out.decode(errors="replace"))
    check("signed with the PIN from the terminal",
          os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, out.decode(errors="replace"))


def run_on_terminal(args, env, answers):
    """Runs @args on a pseudo-terminal, typing each answer after its prompt
    (a list of (prompt bytes, text)); returns (exit status, output)."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(args[0], args, env)
    out = b""
    deadline = time.time() + 30
    pending = list(answers)
    seen = 0
    status = None
    while time.time() < deadline:
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        if pending and out.find(pending[0][0], seen) >= 0:
            seen = out.find(pending[0][0], seen) + len(pending[0][0])
            time.sleep(0.2)
            os.write(fd, (pending.pop(0)[1] + "\n").encode())
        done, waited = os.waitpid(pid, os.WNOHANG)
        if done:
            status = waited
            break
    if status is None:
        _, status = os.waitpid(pid, 0)
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else -1
    return code, out.decode(errors="replace")


def write_pin(work, name, pin):
    path = os.path.join(work, name)
    with open(path, "w") as f:
        f.write(pin + "\n")
    return path


def test_pin_change(work, env, tokens):
    """sealdesk-cli pin change, from files and from the terminal"""
    pin = os.path.join(work, "pin")
    new = write_pin(work, "new-pin", "24681357")
    wrong = write_pin(work, "wrong-pin", "000000")
    p11 = ["--token", "--module", SOFTHSM, "--token-label", LABEL]

    p = run([CLI, "pin", "change", "--pin-file", pin, "--new-pin-file", new], env)
    check("pin change without --token is a usage error", p.returncode == 2, p.stderr)
    p = run([CLI, "pin", "change"] + p11 + ["--pin-file", wrong, "--new-pin-file", new], env)
    check("PKCS#11 pin change with a wrong current PIN: exit 1, said",
          p.returncode == 1 and "current PIN" in p.stderr and "wrong" in p.stderr, p.stderr)
    p = run([CLI, "pin", "change"] + p11 + ["--pin-file", pin, "--new-pin-file", new], env)
    check("PKCS#11 pin change (C_SetPIN)", p.returncode == 0 and "was changed" in p.stdout,
          p.stderr)
    p = run(sign_args(work, "p11-new.pdf", "--key-id", "0a", "--pin-file", new, *p11), env)
    check("PKCS#11: the new PIN signs", p.returncode == 0, p.stderr)
    p = run(sign_args(work, "p11-old.pdf", "--key-id", "0a", "--pin-file", pin, *p11), env)
    check("PKCS#11: the old PIN no longer does", p.returncode == 1, p.stderr)

    # On the terminal: current PIN, new PIN twice, nothing echoed
    code, out = run_on_terminal([CLI, "pin", "change"] + p11, env,
                                [(b"Current PIN for", "24681357"), (b"New PIN for", PIN),
                                 (b"again", PIN)])
    check("PKCS#11 pin change on the terminal, back to the first PIN",
          code == 0 and "was changed" in out, out)
    check("PINs typed for pin change are not echoed",
          PIN not in out and "24681357" not in out, out)
    code, out = run_on_terminal([CLI, "pin", "change"] + p11, env,
                                [(b"Current PIN for", PIN), (b"New PIN for", "11111111"),
                                 (b"again", "22222222")])
    check("two different new PINs: nothing changed", code == 1 and "differ" in out, out)

    if "CLI UKey" not in tokens:
        return
    uri = [c["uri"] for c in tokens["CLI UKey"]["certificates"] if c["can_sign"]][0]
    # The wrong PIN of test_sign left 4 tries; the prompt says so, in words
    code, out = run_on_terminal([CLI, "pin", "change", "--token=" + uri], env,
                                [(b"Current PIN for", "000000"), (b"New PIN for", "24681357"),
                                 (b"again", "24681357")])
    check("SKF pin change on the terminal: the prompt shows the tries left",
          "4 tries left before the key locks" in out, out)
    check("SKF wrong current PIN: exit 1, tries counted down",
          code == 1 and "3 PIN tries left" in out, out)
    p = run([CLI, "pin", "change", "--token=" + uri, "--pin-file", pin, "--new-pin-file", new],
            env)
    check("SKF pin change (SKF_ChangePIN)", p.returncode == 0, p.stderr)
    p = run([CLI, "tokens", "--json"], env)
    skf = {t["label"]: t for t in json.loads(p.stdout)["tokens"]}.get("CLI UKey", {})
    check("SKF: the right PIN restores the tries", skf.get("pin", {}).get("tries_left") == 5,
          skf.get("pin"))
    p = run(sign_args(work, "skf-new.pdf", "--token=" + uri, "--pin-file", new,
                      "--digest", "sm3"), env)
    check("SKF: the new PIN signs", p.returncode == 0, p.stderr)
    p = run(sign_args(work, "skf-old.pdf", "--token=" + uri, "--pin-file", pin,
                      "--digest", "sm3"), env)
    check("SKF: the old PIN no longer does", p.returncode == 1, p.stderr)

    # Down to the last try: the prompt says it is the last one
    for _ in range(3):
        run([CLI, "pin", "change", "--token=" + uri, "--pin-file", wrong, "--new-pin-file", pin],
            env)
    code, out = run_on_terminal([CLI, "pin", "change", "--token=" + uri], env,
                                [(b"Current PIN for", "24681357"), (b"New PIN for", PIN),
                                 (b"again", PIN)])
    check("SKF last try: the prompt says so", "Last try before the key locks" in out, out)
    check("SKF: the right PIN on the last try changes it", code == 0, out)
    for _ in range(5):
        run([CLI, "pin", "change", "--token=" + uri, "--pin-file", wrong, "--new-pin-file", new],
            env)
    p = run([CLI, "pin", "change", "--token=" + uri, "--pin-file", pin, "--new-pin-file", new],
            env)
    check("SKF locked: no change, told to ask the CA",
          p.returncode == 1 and "locked" in p.stderr, p.stderr)


def main():
    if not (CLI and ADMIN and SKF_LIBRARY):
        print("1..0 # SKIP run from meson (SEALDESK_CLI, SDSKF_SOFT_ADMIN, SDSKF_SOFT_LIBRARY)")
        return 0
    if SOFTHSM is None or not all(shutil.which(t) for t in ("softhsm2-util", "pkcs11-tool",
                                                              "pdfsig", "openssl")):
        print("1..0 # SKIP SoftHSM2, OpenSC's pkcs11-tool, pdfsig or openssl is missing")
        return 0
    work = tempfile.mkdtemp(prefix="sealdesk-cli-tokens-")
    env = dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="",
               SOFTHSM2_CONF=os.path.join(work, "softhsm2.conf"),
               SDSKF_SOFT_DIR=os.path.join(work, "store"),
               XDG_CONFIG_HOME=os.path.join(work, "config"),
               HOME=work)
    try:
        setup(work, env)
        tokens = test_listing(work, env)
        test_text(env)
        test_sign(work, env, tokens)
        test_terminal_pin(work, env)
        test_pin_change(work, env, tokens)
    except Exception as e:  # a broken setup is one failure, with the reason
        check("setup and run", False, str(e))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print("1..%d" % len(results))
    failed = 0
    for i, (name, ok, detail) in enumerate(results, 1):
        print("%s %d %s" % ("ok" if ok else "not ok", i, name))
        if not ok:
            failed += 1
            for line in str(detail).splitlines()[:30]:
                print("# " + line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
