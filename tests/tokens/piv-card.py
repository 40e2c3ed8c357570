#!/usr/bin/python3
# piv-card.py: a small PIV card (NIST SP 800-73) for the tests, inserted into
# vsmartcard's virtual reader through vicc's card hook.  OpenSC's PIV driver
# reads it and signs with it: SELECT, GET DATA (discovery, CHUID, CCC,
# certificates), VERIFY with a retry counter, GENERAL AUTHENTICATE (RSA-2048
# and ECDSA P-256), GET RESPONSE (61xx), command chaining and extended APDUs.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage (Debian's vicc needs its package path and pycryptodome as "Crypto"):
#   PYTHONPATH=/usr/lib/python3/site-packages/virtualsmartcard \
#   /usr/bin/python3 piv-card.py --port 35963 --pin 123456 --tries 3 \
#       --rsa-key rsa.pem --rsa-cert rsa.der [--ec-key p256.pem --ec-cert p256.der]
# The card lives until the process ends: killing it pulls the card out.

import argparse
import logging
import os
import secrets
import socket
import sys

import Cryptodome
import Cryptodome.PublicKey.ECC as ECC
import Cryptodome.PublicKey.RSA as RSA

sys.modules.setdefault("Crypto", Cryptodome)

from virtualsmartcard.VirtualSmartcard import Iso7816OS, SmartcardOS, VirtualICC  # noqa: E402

PIV_AID = bytes.fromhex("A000000308000010000100")
SW_OK = b"\x90\x00"
SW_NOT_FOUND = b"\x6a\x82"
SW_WRONG_DATA = b"\x6a\x80"
SW_INS_NOT_SUPPORTED = b"\x6d\x00"
SW_SECURITY = b"\x69\x82"
SW_BLOCKED = b"\x69\x83"
SW_WRONG_P1P2 = b"\x6a\x86"

# GET DATA tags of the objects, and which key's certificate they hold
OBJ_PIV_AUTH = bytes.fromhex("5FC105")   # key 9A
OBJ_SIGNATURE = bytes.fromhex("5FC10A")  # key 9C
OBJ_CHUID = bytes.fromhex("5FC102")
OBJ_CCC = bytes.fromhex("5FC107")
OBJ_DISCOVERY = bytes.fromhex("7E")


def tlv(tag, value):
    """BER-TLV with a one- or two-byte tag given as bytes"""
    n = len(value)
    if n < 0x80:
        length = bytes([n])
    elif n < 0x100:
        length = bytes([0x81, n])
    else:
        length = bytes([0x82, n >> 8, n & 0xFF])
    return tag + length + value


def parse_tlvs(data):
    """{tag (int, one byte): value} of a flat TLV list"""
    out = {}
    i = 0
    while i + 1 < len(data):
        tag = data[i]
        n = data[i + 1]
        i += 2
        if n == 0x81:
            n = data[i]
            i += 1
        elif n == 0x82:
            n = (data[i] << 8) | data[i + 1]
            i += 2
        out[tag] = data[i:i + n]
        i += n
    return out


class PivOS(SmartcardOS):
    def __init__(self, args):
        self.pin = args.pin.encode().ljust(8, b"\xff")
        self.max_tries = args.tries
        self.tries = args.tries
        self.verified = False
        self.selected = False
        self.chain = b""
        self.pending = b""
        self.keys = {}
        self.objects = {}
        guid = bytes.fromhex(args.guid)
        fascn = bytes.fromhex("D4E739DA739CED39CE739D836858210842108421C84210C3EB")
        self.objects[OBJ_CHUID] = tlv(b"\x30", fascn) + tlv(b"\x34", guid) + \
            tlv(b"\x35", b"20301231") + tlv(b"\x3e", b"") + tlv(b"\xfe", b"")
        self.objects[OBJ_CCC] = tlv(b"\xf0", bytes.fromhex("a0000001160000000000000000000000000000")) + \
            tlv(b"\xf1", b"\x21") + tlv(b"\xf2", b"\x21") + tlv(b"\xf3", b"") + \
            tlv(b"\xf4", b"\x00") + tlv(b"\xf5", b"\x10") + tlv(b"\xf6", b"") + \
            tlv(b"\xf7", b"") + tlv(b"\xfa", b"") + tlv(b"\xfb", b"") + \
            tlv(b"\xfc", b"") + tlv(b"\xfd", b"") + tlv(b"\xfe", b"")
        # PIN usage policy: the PIV PIN only
        self.objects[OBJ_DISCOVERY] = tlv(b"\x4f", PIV_AID) + tlv(b"\x5f\x2f", b"\x40\x00")
        with open(args.rsa_key) as f:
            self.keys[0x9A] = ("rsa", RSA.import_key(f.read()))
        with open(args.rsa_cert, "rb") as f:
            self.objects[OBJ_PIV_AUTH] = self.cert_object(f.read())
        if args.ec_key:
            with open(args.ec_key) as f:
                self.keys[0x9C] = ("ec", ECC.import_key(f.read()))
            with open(args.ec_cert, "rb") as f:
                self.objects[OBJ_SIGNATURE] = self.cert_object(f.read())
        self.atr = Iso7816OS.makeATR(T=1, directConvention=True, TA1=0x13,
                                     histChars=b"SealDeskPIV")

    @staticmethod
    def cert_object(der):
        return tlv(b"\x70", der) + tlv(b"\x71", b"\x00") + tlv(b"\xfe", b"")

    # vicc's card interface
    def getATR(self):
        return self.atr

    def powerUp(self):
        self.reset()

    def powerDown(self):
        self.reset()

    def reset(self):
        self.verified = False
        self.selected = False
        self.chain = b""
        self.pending = b""

    def execute(self, msg):
        try:
            return self.dispatch(bytes(msg))
        except Exception:  # a bug in the test card must show, not kill it
            logging.exception("piv-card: command failed")
            return b"\x6f\x00"

    # APDUs
    @staticmethod
    def parse(apdu):
        cla, ins, p1, p2 = apdu[0], apdu[1], apdu[2], apdu[3]
        body = apdu[4:]
        data, le = b"", 0
        if len(body) == 1:
            le = body[0] or 256
        elif len(body) > 1 and body[0] != 0:
            n = body[0]
            data = body[1:1 + n]
            if len(body) > 1 + n:
                le = body[1 + n] or 256
        elif len(body) == 3:
            le = ((body[1] << 8) | body[2]) or 65536
        elif len(body) > 3:
            n = (body[1] << 8) | body[2]
            data = body[3:3 + n]
            if len(body) > 3 + n:
                le = ((body[3 + n] << 8) | body[4 + n]) or 65536
        return cla, ins, p1, p2, data, le

    def respond(self, data, le):
        limit = 256 if le <= 256 else le
        if len(data) <= limit:
            return data + SW_OK
        self.pending = data[limit:]
        return data[:limit] + bytes([0x61, min(len(self.pending), 256) & 0xFF])

    def dispatch(self, apdu):
        cla, ins, p1, p2, data, le = self.parse(apdu)
        if ins == 0xC0:  # GET RESPONSE
            out, self.pending = self.pending, b""
            return self.respond(out, le)
        self.pending = b""
        if cla & 0x10:  # command chaining: more to come
            self.chain += data
            return SW_OK
        data, self.chain = self.chain + data, b""

        if ins == 0xA4:
            return self.select(p1, data)
        if not self.selected:
            return SW_NOT_FOUND if ins == 0xCB else SW_INS_NOT_SUPPORTED
        if ins == 0xCB:
            return self.get_data(p1, p2, data, le)
        if ins == 0x20:
            return self.verify(p1, p2, data)
        if ins == 0x87:
            return self.general_authenticate(p1, p2, data, le)
        return SW_INS_NOT_SUPPORTED

    def select(self, p1, data):
        if p1 == 0x04 and len(data) >= 5 and PIV_AID.startswith(data):
            self.selected = True
            apt = tlv(b"\x4f", PIV_AID[5:]) + tlv(b"\x79", tlv(b"\x4f", PIV_AID[:5])) + \
                tlv(b"\x50", b"SealDesk test PIV")
            return tlv(b"\x61", apt) + SW_OK
        return SW_NOT_FOUND

    def get_data(self, p1, p2, data, le):
        if (p1, p2) != (0x3F, 0xFF):
            return SW_WRONG_P1P2
        fields = parse_tlvs(data)
        obj = self.objects.get(fields.get(0x5C))
        if obj is None:
            return SW_NOT_FOUND
        return self.respond(tlv(b"\x53", obj), le)

    def verify(self, p1, p2, data):
        if p2 != 0x80:
            return SW_NOT_FOUND
        if p1 == 0xFF:  # reset the security status
            self.verified = False
            return SW_OK
        if not data:  # ask the status
            if self.verified:
                return SW_OK
            return SW_BLOCKED if self.tries == 0 else bytes([0x63, 0xC0 | self.tries])
        if self.tries == 0:
            return SW_BLOCKED
        if data == self.pin:
            self.tries = self.max_tries
            self.verified = True
            return SW_OK
        self.tries -= 1
        self.verified = False
        return SW_BLOCKED if self.tries == 0 else bytes([0x63, 0xC0 | self.tries])

    def general_authenticate(self, alg, ref, data, le):
        key = self.keys.get(ref)
        if key is None:
            return SW_NOT_FOUND
        if not self.verified:
            return SW_SECURITY
        template = parse_tlvs(data)
        fields = parse_tlvs(template.get(0x7C, b""))
        challenge = fields.get(0x81)
        if challenge is None:
            return SW_WRONG_DATA
        kind, k = key
        if kind == "rsa":
            if alg not in (0x06, 0x07) or len(challenge) != k.size_in_bytes():
                return SW_WRONG_DATA
            out = pow(int.from_bytes(challenge, "big"), k.d, k.n)
            response = out.to_bytes(k.size_in_bytes(), "big")
        else:
            if alg != 0x11:
                return SW_WRONG_DATA
            response = self.ecdsa(k, challenge)
        return self.respond(tlv(b"\x7c", tlv(b"\x82", response)), le)

    @staticmethod
    def ecdsa(key, digest):
        """ECDSA over a digest the host computed; DER Ecdsa-Sig-Value"""
        n = int(key._curve.order)
        z = int.from_bytes(digest[:32], "big")
        while True:
            k = secrets.randbelow(n - 1) + 1
            r = int((key._curve.G * k).x) % n
            s = (pow(k, -1, n) * (z + r * int(key.d))) % n
            if r and s:
                break

        def integer(v):
            b = v.to_bytes((v.bit_length() + 8) // 8, "big")
            return tlv(b"\x02", b)
        return tlv(b"\x30", integer(r) + integer(s))


class QuickAckSocket:
    """vpcd writes the length and the APDU apart: with delayed ACKs each
    APDU would cost ~50 ms.  Ask for quick ACKs before every read."""

    def __init__(self, sock):
        self._sock = sock

    def recv(self, n):
        if hasattr(socket, "TCP_QUICKACK"):
            self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        return self._sock.recv(n)

    def __getattr__(self, name):
        return getattr(self._sock, name)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=35963)
    parser.add_argument("--pin", default="123456")
    parser.add_argument("--tries", type=int, default=3)
    parser.add_argument("--guid", default="53ea1de5c0de4a1b8f00aa55cc33ee11")
    parser.add_argument("--rsa-key", required=True)
    parser.add_argument("--rsa-cert", required=True)
    parser.add_argument("--ec-key")
    parser.add_argument("--ec-cert")
    args = parser.parse_args()

    card = PivOS(args)
    icc = VirtualICC(None, "iso7816", "localhost", args.port, logginglevel=logging.WARNING)
    icc.os = card
    icc.sock = QuickAckSocket(icc.sock)
    sys.stdout.write("inserted\n")
    sys.stdout.flush()
    icc.run()


if __name__ == "__main__":
    sys.exit(main())
