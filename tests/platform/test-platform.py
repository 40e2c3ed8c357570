#!/usr/bin/env python3
"""The API of sealdesk-platform against a real server and a real database.

Usage: test-platform.py --server EXE --pki-helper EXE --openapi FILE
                        [--localedir DIR] [--backend sqlite|postgresql]

Prints TAP.  The server runs on a free loopback port with a fresh SQLite
directory, or with a PostgreSQL cluster this script starts (as root, no
systemd: initdb and postgres as children, run as the postgres user).
"""

import argparse
import base64
import concurrent.futures
import gettext
import hashlib
import json
import os
import random
import sqlite3
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from platformtest import (ID_1, ID_2, ID_3, PASSWORD, USCC_A, USCC_B, Api, Pki,  # noqa: E402
                          Postgres, Server, Tap, make_uscc, png, proof, remove, workdir)

T = Tap()


# --- helpers ------------------------------------------------------------------------

def register(api, uscc, login, id_number=None, name=None):
    body = {"name": name or ("企业" + login), "uscc": uscc, "legal_representative": "张三",
            "main_account": {"login": login, "name": login, "password": PASSWORD}}
    if id_number:
        body["main_account"]["id_number"] = id_number
    r = api.post("/enterprises", body)
    if r[0] != 201:
        raise RuntimeError("register %s: %s %s" % (login, r[0], r[2]))
    return r[2]


def login(api, name, password=PASSWORD):
    r = api.post("/sessions", {"login": name, "password": password})
    if r[0] != 201:
        raise RuntimeError("login %s: %s %s" % (name, r[0], r[2]))
    return api.as_token(r[2]["token"])


def role_ids(admin):
    return {(r["builtin"] or r["name"]): r["id"] for r in admin.all_pages("/roles")}


def new_account(admin, name, roles=(), id_number=None, display=None):
    """Creates an account, logs in with the temporary password and sets
    PASSWORD; returns (id, Api)."""
    body = {"login": name, "name": display or name, "role_ids": list(roles)}
    if id_number:
        body["id_number"] = id_number
    r = admin.post("/accounts", body)
    if r[0] != 201:
        raise RuntimeError("create %s: %s %s" % (name, r[0], r[2]))
    account_id = r[2]["account"]["id"]
    api = login(admin, name, r[2]["temporary_password"])
    r = api.put("/accounts/%d/password" % account_id,
                {"current_password": r[2]["temporary_password"], "new_password": PASSWORD})
    if r[0] != 204:
        raise RuntimeError("password %s: %s %s" % (name, r[0], r[2]))
    return account_id, api


def db_exec(server, sql):
    """Runs SQL on the server's database behind its back; True if it worked."""
    if server.pg is not None:
        return server.pg.psql(sql).returncode == 0
    db = sqlite3.connect(os.path.join(server.data, "platform.db"))
    try:
        db.execute(sql)
        db.commit()
        return True
    except sqlite3.DatabaseError:
        return False
    finally:
        db.close()


def etag(api, path):
    r = api.get(path)
    return r[1].get("etag"), r[2]


# --- sections --------------------------------------------------------------------------

def test_meta(server, args):
    api = server.api()
    r = api.raw("GET", "/openapi.yaml")
    with open(args.openapi, "rb") as f:
        T.ok(r[0] == 200 and r[2] == f.read(), "GET /openapi.yaml serves docs/api/openapi.yaml")
    T.status(api.get("/health"), 200, "GET /health")
    T.code(api.get("/nothing"), 404, "not_found", "unknown path")
    r = api.call("PUT", "/accounts", {})
    T.ok(r[0] == 405 and "GET" in r[1].get("allow", ""), "PUT /accounts -> 405 with Allow",
         r[:2])
    T.code(api.get("/accounts"), 401, "authentication_required", "no token")
    T.code(api.as_token("x" * 43).get("/accounts"), 401, "authentication_required",
           "unknown token")


def test_registration(server):
    api = server.api()
    bad = {"name": "x", "uscc": "91350100M000100Y44", "legal_representative": "x",
           "main_account": {"login": "bad-uscc", "name": "x", "password": PASSWORD}}
    T.code(api.post("/enterprises", bad), 422, "invalid_uscc", "register with a wrong check char")
    a = register(api, USCC_A, "a-main", ID_1, name="甲方科技有限公司")
    T.ok(a["account"]["kind"] == "main"
         and [r["builtin"] for r in a["account"]["roles"]] == ["super_admin"]
         and a["enterprise"]["organization_code"] == "M000100Y4",
         "registration makes a main account with 超级管理员", a)
    dup = dict(bad, uscc=USCC_A)
    dup["main_account"] = dict(bad["main_account"], login="dup-main")
    T.code(api.post("/enterprises", dup), 409, "enterprise_exists", "a USCC registers once")
    weak = dict(bad, uscc=make_uscc(900))
    weak["main_account"] = {"login": "weak-main", "name": "x", "password": "short"}
    T.code(api.post("/enterprises", weak), 422, "password_too_weak", "weak password refused")
    taken = dict(bad, uscc=make_uscc(901))
    taken["main_account"] = {"login": "A-MAIN", "name": "x", "password": PASSWORD}
    T.code(api.post("/enterprises", taken), 409, "login_taken", "logins are unique ignoring case")
    register(api, USCC_B, "b-main", ID_1, name="乙方有限公司")


def test_accounts(server):
    admin = login(server.api(), "a-main")
    roles = role_ids(admin)
    T.ok({"super_admin", "quality_manager", "operator"} <= set(roles), "built-in roles exist",
         roles)
    r = admin.post("/accounts", {"login": "you", "name": "有", "role_ids": [roles["operator"]]})
    T.ok(r[0] == 201 and len(r[2]["temporary_password"]) >= 12
         and r[2]["account"]["must_change_password"] and "etag" in r[1],
         "create an account: temporary password shown once, change forced", r[:2])
    temp = r[2]["temporary_password"]
    you_id = r[2]["account"]["id"]
    T.code(admin.post("/accounts", {"login": "YOU", "name": "x"}), 409, "login_taken",
           "duplicate login")
    T.code(admin.post("/accounts", {"login": "mu", "name": "木", "id_number": "110105194912310021"}),
           422, "invalid_id_number", "ID number with a wrong check character")
    admin.post("/accounts", {"login": "mu", "name": "木", "id_number": ID_3,
                             "role_ids": [roles["operator"]]})
    for i in range(12):
        admin.post("/accounts", {"login": "bulk%02d" % i, "name": "批量%d" % i,
                                 "enabled": i % 3 != 0})

    you = login(admin, "you", temp)
    T.code(you.get("/enterprise"), 403, "password_change_required",
           "before the forced change only the password can change")
    T.status(you.get("/sessions/current"), 200, "the session can still read itself")
    T.code(you.put("/accounts/%d/password" % you_id,
                   {"current_password": temp, "new_password": "you"}), 422, "password_too_weak",
           "new password refused when too weak")
    T.code(you.put("/accounts/%d/password" % you_id,
                   {"current_password": "wrong-one", "new_password": PASSWORD}), 400,
           "invalid_field", "wrong current password")
    T.status(you.put("/accounts/%d/password" % you_id,
                     {"current_password": temp, "new_password": PASSWORD}), 204,
             "change the temporary password")
    T.status(you.get("/enterprise"), 200, "then the session works")

    # the seed's list: filters, paging, total
    r = admin.get("/accounts?per_page=10")
    T.ok(r[0] == 200 and r[2]["total"] == 15 and len(r[2]["items"]) == 10
         and r[2]["items"][0]["login"] == "a-main", "list: page of 10, total 15", r[2].get("total"))
    r = admin.get("/accounts?per_page=10&page=2")
    T.ok(r[0] == 200 and len(r[2]["items"]) == 5, "list: second page")
    r = admin.get("/accounts?per_page=10&page=3")
    T.ok(r[0] == 200 and r[2]["items"] == [] and r[2]["total"] == 15,
         "list: a page past the end is empty and keeps the total", r[2])
    r = admin.get("/accounts?login=nobody-has-this")
    T.ok(r[0] == 200 and r[2]["items"] == [] and r[2]["total"] == 0, "list: nothing matches", r[2])
    r = admin.get("/accounts?login=BULK1")
    T.ok(r[2]["total"] == 2 and all("bulk1" in a["login"] for a in r[2]["items"]),
         "login= filters on a substring, ignoring case", r[2].get("total"))
    r = admin.get("/accounts?name=" + "批量")
    T.ok(r[2]["total"] == 12, "name= filters on a substring", r[2].get("total"))
    r = admin.get("/accounts?enabled=false")
    T.ok(r[2]["total"] == 4 and not any(a["enabled"] for a in r[2]["items"]), "enabled=false")
    r = admin.get("/accounts?enabled=true&name=批量")
    T.ok(r[2]["total"] == 8, "filters combine")
    T.code(admin.get("/accounts?per_page=7"), 400, "invalid_parameter", "per_page must be 10/20/50/100")
    T.code(admin.get("/accounts?page=0"), 400, "invalid_parameter", "page starts at 1")
    T.code(admin.get("/accounts?enabled=maybe"), 400, "invalid_parameter", "enabled is true/false")
    r = admin.get("/accounts?login=mu")
    mu = r[2]["items"][0]
    T.ok(mu["id_number"] == ID_3[:6] + "********" + ID_3[-4:], "ID numbers masked in lists",
         mu["id_number"])
    T.ok(admin.get("/accounts/%d" % mu["id"])[2]["id_number"] == ID_3,
         "full ID number for accounts.manage")

    # optimistic concurrency
    tag, account = etag(admin, "/accounts/%d" % you_id)
    T.ok(tag == '"%d"' % account["version"], "ETag is the version", tag)
    T.code(admin.patch("/accounts/%d" % you_id, {"name": "有有"}), 428, "precondition_required",
           "PATCH without If-Match")
    r = admin.patch("/accounts/%d" % you_id, {"name": "有有", "phone": "138 0000 0000"},
                    {"If-Match": tag})
    T.ok(r[0] == 200 and r[2]["name"] == "有有" and r[2]["updated_by"] == "a-main"
         and r[1]["etag"] != tag, "PATCH with the current ETag", r[:2])
    T.code(admin.patch("/accounts/%d" % you_id, {"name": "stale"}, {"If-Match": tag}), 412,
           "version_conflict", "PATCH with a stale ETag")
    tag, _ = etag(admin, "/accounts/%d" % you_id)
    results = []

    def edit(name):
        results.append(admin.patch("/accounts/%d" % you_id, {"name": name}, {"If-Match": tag})[0])
    threads = [threading.Thread(target=edit, args=("并发%d" % i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    T.ok(sorted(results) == [200] + [412] * 7, "8 concurrent edits with one ETag: one wins",
         results)

    # guardrails
    main_id = admin.get("/sessions/current")[2]["account"]["id"]
    tag, _ = etag(admin, "/accounts/%d" % main_id)
    T.code(admin.patch("/accounts/%d" % main_id, {"enabled": False}, {"If-Match": tag}), 409,
           "main_account_cannot_be_disabled", "the main account cannot be disabled")
    T.code(admin.put("/accounts/%d/roles" % main_id, {"role_ids": [roles["quality_manager"]]},
                     {"If-Match": tag}), 409, "main_account_super_admin_required",
           "the main account keeps 超级管理员")
    r = admin.put("/accounts/%d/roles" % main_id,
                  {"role_ids": [roles["super_admin"], roles["quality_manager"]]}, {"If-Match": tag})
    T.ok(r[0] == 200 and len(r[2]["roles"]) == 2, "main account: 超级管理员 + 质量负责人 (seed 000)")
    # the list reads each account's roles in the same statement as the page
    one = r[2]
    listed = [a for a in admin.get("/accounts?per_page=100")[2]["items"] if a["id"] == main_id]
    T.ok(len(listed) == 1 and listed[0]["roles"] == one["roles"]
         and listed[0]["permissions"] == one["permissions"]
         and [x["id"] for x in one["roles"]] == sorted(x["id"] for x in one["roles"]),
         "list: an account with two roles is one item, its roles and permissions as on its own",
         listed)

    # disabling ends sessions; enabling lets back in
    tag, _ = etag(admin, "/accounts/%d" % you_id)
    T.status(admin.patch("/accounts/%d" % you_id, {"enabled": False}, {"If-Match": tag}), 200,
             "disable an account")
    T.code(you.get("/sessions/current"), 401, "authentication_required",
           "a disabled account's sessions end")
    T.code(admin.post("/sessions", {"login": "you", "password": PASSWORD}), 403,
           "account_disabled", "a disabled account cannot log in")
    tag, _ = etag(admin, "/accounts/%d" % you_id)
    admin.patch("/accounts/%d" % you_id, {"enabled": True}, {"If-Match": tag})

    # custom role with two permissions, an account manager that is not admin
    r = admin.post("/roles", {"name": "账号管理员", "permissions": ["accounts.read",
                                                                "accounts.manage"]})
    T.status(r, 201, "create a custom role")
    mgr_id, mgr = new_account(admin, "acct-mgr", [r[2]["id"]])
    T.code(mgr.post("/accounts/%d/password-reset" % main_id), 403, "permission_escalation",
           "nobody resets a stronger account's password")
    T.code(mgr.post("/accounts", {"login": "sneaky", "name": "x",
                                  "role_ids": [roles["super_admin"]]}), 403, "permission_denied",
           "assigning roles needs roles.manage")
    T.code(mgr.post("/accounts/%d/password-reset" % you_id), 403, "permission_escalation",
           "... nor one holding a permission the manager lacks")
    bulk = admin.get("/accounts?login=bulk01")[2]["items"][0]["id"]
    r = mgr.post("/accounts/%d/password-reset" % bulk)
    T.ok(r[0] == 200 and r[2]["account"]["must_change_password"],
         "a manager resets a weaker account's password", r[:2])
    T.code(mgr.patch("/accounts/%d" % mgr_id, {"enabled": False},
                     {"If-Match": etag(mgr, "/accounts/%d" % mgr_id)[0]}), 409,
           "cannot_disable_self", "nobody disables themselves")
    login(admin, "bulk01", r[2]["temporary_password"])


def test_lockout(server):
    api = server.api()
    admin = login(api, "a-main")
    target_id, _ = new_account(admin, "locky")
    for i in range(4):
        T.code(api.post("/sessions", {"login": "locky", "password": "wrong%d" % i}), 401,
               "invalid_credentials", "wrong password %d" % (i + 1))
    r = api.post("/sessions", {"login": "locky", "password": "wrong-5"})
    T.ok(r[0] == 423 and r[2]["code"] == "account_locked" and int(r[1]["retry-after"]) > 0,
         "fifth wrong password locks the account (423, Retry-After)", r[:2])
    T.code(api.post("/sessions", {"login": "locky", "password": PASSWORD}), 423,
           "account_locked", "even the right password waits")
    T.code(api.post("/sessions", {"login": "nobody-here", "password": PASSWORD}), 401,
           "invalid_credentials", "unknown login looks like a wrong password")
    r = admin.post("/accounts/%d/password-reset" % target_id)
    T.status(r, 200, "an admin reset lifts the lock")
    T.status(api.post("/sessions", {"login": "locky", "password": r[2]["temporary_password"]}),
             201, "log in with the temporary password")
    token = api.post("/sessions", {"login": "a-main", "password": PASSWORD})[2]["token"]
    stored = hashlib.sha256(token.encode()).hexdigest()
    T.ok(db_exec(server, "SELECT 1 FROM sessions WHERE token_hash = '%s'" % stored)
         and not db_exec(server, "SELECT token FROM sessions"),
         "only the token's SHA-256 is stored")
    doomed = api.post("/sessions", {"login": "a-main", "password": PASSWORD})[2]["token"]
    db_exec(server, "UPDATE sessions SET expires_at = 1 WHERE token_hash = '%s'"
            % hashlib.sha256(doomed.encode()).hexdigest())
    T.code(api.as_token(doomed).get("/sessions/current"), 401, "authentication_required",
           "an expired session is refused")
    session = api.as_token(token)
    T.status(session.delete("/sessions/current"), 204, "log out")
    T.code(session.get("/sessions/current"), 401, "authentication_required",
           "the token is dead after logout")


def test_roles(server):
    admin = login(server.api(), "a-main")
    roles = role_ids(admin)
    T.code(admin.patch("/roles/%d" % roles["operator"], {"name": "x"},
                       {"If-Match": '"1"'}), 409, "builtin_role", "built-in roles do not change")
    T.code(admin.delete("/roles/%d" % roles["super_admin"]), 409, "builtin_role",
           "built-in roles are not deleted")
    r = admin.post("/roles", {"name": "审计员", "description": "只看日志",
                              "permissions": ["audit.read"]})
    T.ok(r[0] == 201 and r[2]["permissions"] == ["audit.read"] and r[2]["builtin"] is None,
         "custom role", r[:2])
    role = r[2]
    T.code(admin.post("/roles", {"name": "审计员", "permissions": []}), 409, "role_name_taken",
           "role names are unique")
    T.code(admin.post("/roles", {"name": "x", "permissions": ["fly"]}), 400, "invalid_field",
           "unknown permission")
    r = admin.patch("/roles/%d" % role["id"], {"permissions": ["audit.read", "accounts.read"]},
                    {"If-Match": '"%d"' % role["version"]})
    T.ok(r[0] == 200 and r[2]["permissions"] == ["accounts.read", "audit.read"], "edit a role",
         r[:2])
    holder_id, holder = new_account(admin, "auditor-1", [role["id"]])
    T.code(admin.delete("/roles/%d" % role["id"]), 409, "role_in_use",
           "a role held by an account is not deleted")
    r = admin.post("/roles", {"name": "临时", "permissions": []})
    T.status(admin.delete("/roles/%d" % r[2]["id"]), 204, "delete an unused custom role")
    T.code(admin.get("/roles/%d" % r[2]["id"]), 404, "not_found", "gone")
    T.code(holder.post("/roles", {"name": "x", "permissions": []}), 403, "permission_denied",
           "roles.manage needed to create roles")
    r = admin.get("/permissions")
    T.ok(len(r[2]["items"]) == 8 and all(i["description"] for i in r[2]["items"]),
         "GET /permissions describes all 8")


def test_account_sort(server):
    """账号管理's sortable columns: the server sorts, then pages."""
    admin = login(server.api(), "a-main")
    everyone = admin.all_pages("/accounts")
    keys = {"login": lambda a: a["login"].lower(), "name": lambda a: a["name"],
            "kind": lambda a: a["kind"], "enabled": lambda a: a["enabled"],
            "created_at": lambda a: a["created_at"], "updated_at": lambda a: a["updated_at"]}
    for column, key in keys.items():
        for order in ("asc", "desc"):
            seen, page = [], 1
            while True:
                r = admin.get("/accounts?sort=%s&order=%s&per_page=10&page=%d"
                              % (column, order, page))
                if r[0] != 200 or not r[2]["items"]:
                    break
                seen += [a["id"] for a in r[2]["items"]]
                page += 1
            want = [a["id"] for a in sorted(everyone, key=lambda a: (key(a), a["id"]),
                                            reverse=order == "desc")]
            T.ok(seen == want, "sort=%s&order=%s: the server's order across %d pages"
                 % (column, order, page - 1), (seen[:12], want[:12]))
    r = admin.get("/accounts?order=desc&per_page=10")
    T.ok(r[0] == 200 and [a["id"] for a in r[2]["items"]]
         == sorted((a["id"] for a in everyone), reverse=True)[:10],
         "order=desc alone: newest first")
    r = admin.get("/accounts?sort=name&name=批量&enabled=true&per_page=10")
    T.ok(r[0] == 200 and r[2]["total"] == 8
         and [a["name"] for a in r[2]["items"]] == sorted(a["name"] for a in r[2]["items"]),
         "sorting and filters combine", r[2].get("total"))
    T.code(admin.get("/accounts?sort=password_hash"), 400, "invalid_parameter",
           "sort= takes only the listed columns")
    r = admin.get("/accounts?sort=name%3BDROP%20TABLE%20accounts")
    T.ok(r[0] == 400 and r[2].get("field") == "sort", "sort= with SQL in it is refused, by name",
         r[:3:2])
    T.code(admin.get("/accounts?sort=name&order=up"), 400, "invalid_parameter",
           "order= is asc or desc")

    roles = role_ids(admin)
    holders = admin.all_pages("/accounts?role_id=%d" % roles["operator"])
    T.ok(sorted(a["login"] for a in holders) == ["mu", "you"]
         and all(any(r["id"] == roles["operator"] for r in a["roles"]) for a in holders),
         "role_id= lists the holders of a role", [a["login"] for a in holders])
    T.code(admin.get("/accounts?role_id=x"), 400, "invalid_parameter", "role_id is an id")
    if server.pg is None:
        db = sqlite3.connect(os.path.join(server.data, "platform.db"))
        try:
            plan = " ".join(str(row) for row in db.execute(
                "EXPLAIN QUERY PLAN SELECT a.id FROM accounts a WHERE a.enterprise_id = 1"
                " ORDER BY a.name DESC, a.id DESC LIMIT 10 OFFSET 10"))
        finally:
            db.close()
        T.ok("accounts_enterprise_name" in plan and "TEMP B-TREE" not in plan,
             "a sorted page is read in index order", plan)


def test_bindings(server, pki):
    api = server.api()
    admin = login(api, "a-main")
    roles = role_ids(admin)
    main_id = admin.get("/sessions/current")[2]["account"]["id"]
    sub1_id, sub1 = new_account(admin, "qm-1", [roles["quality_manager"]], ID_1, "质量负责人")
    sub2_id, _ = new_account(admin, "no-id", [roles["operator"]])
    sub3_id, sub3 = new_account(admin, "lisi", [roles["operator"]], ID_2, "李四")
    path = "/accounts/%d/certificates"

    def bind(account_id, name, as_api=admin, **kw):
        return as_api.post(path % account_id, proof(as_api, pki, name, "bind", **kw))

    r = bind(main_id, "org-rsa")
    T.ok(r[0] == 201 and r[2]["type"] == "organization"
         and r[2]["enterprise_code"] == USCC_A and r[2]["key_type"] == "rsa"
         and r[2]["updated_by"] == "a-main" and r[2]["account_login"] == "a-main",
         "organization certificate (USCC in serialNumber) binds to the main account", r[:3:2])
    org_binding = r[2]
    T.code(bind(main_id, "org-ec"), 409, "main_account_organization_limit",
           "main account: one organization certificate")
    r = bind(main_id, "personal-pss", digest="SHA256", scheme="pss")
    T.ok(r[0] == 201 and r[2]["type"] == "personal",
         "personal certificate (CFCA CN, RSA-PSS proof) on the main account (seed 000)", r)
    T.code(bind(main_id, "employee-ec"), 409, "main_account_personal_limit",
           "main account: one personal certificate")
    r = admin.get(path % main_id)
    T.ok(r[2]["total"] == 2, "the main account holds 2 certificates", r[2].get("total"))
    T.ok(admin.get("/accounts/%d" % main_id)[2]["certificate_count"] == 2,
         "certificate_count (数字证书个数)")

    T.code(bind(sub1_id, "org-sm2"), 422, "sub_account_organization_certificate",
           "sub-accounts take no organization certificate")
    T.code(bind(sub2_id, "personal-ec"), 422, "account_id_number_missing",
           "personal certificate for an account without ID number")
    T.code(bind(sub1_id, "personal-sm2"), 422, "id_number_mismatch",
           "personal certificate of someone else")
    r = bind(sub3_id, "personal-sm2")
    T.ok(r[0] == 201 and r[2]["key_type"] == "sm2" and r[2]["service_number"] == "SF" + ID_2,
         "SM2 certificate with the GM ID proof; service number from BJCA's unique ID", r)
    r = bind(sub1_id, "employee-ec")
    T.ok(r[0] == 201 and r[2]["type"] == "employee" and r[2]["key_type"] == "ec",
         "employee certificate (ECDSA proof) on a sub-account", r)
    T.code(bind(sub1_id, "employee-b"), 422, "enterprise_code_mismatch",
           "employee certificate of another enterprise (企业代码不一致)")
    r = bind(sub1_id, "personal-ec", as_api=sub1)
    T.status(r, 201, "an account binds its own certificate (certificates.bind_own)")
    own_binding = r[2]
    T.code(bind(sub1_id, "personal-pss"), 409, "certificate_already_bound",
           "a certificate binds to one account only")
    b_admin = login(api, "b-main")
    b_main = b_admin.get("/sessions/current")[2]["account"]["id"]
    T.code(b_admin.post(path % b_main, proof(b_admin, pki, "personal-pss", "bind",
                                             digest="SHA256", scheme="pss")),
           409, "certificate_already_bound", "... on the whole platform (other enterprise)")
    T.code(bind(sub1_id, "expired"), 422, "certificate_expired", "expired certificate")
    T.code(bind(sub1_id, "notyet"), 422, "certificate_not_yet_valid", "not yet valid certificate")
    T.code(bind(sub1_id, "encryption"), 422, "certificate_not_signing",
           "encryption-only certificate")
    T.code(bind(sub1_id, "noidentity"), 422, "certificate_identity_missing",
           "certificate without codes")
    T.code(bind(sub1_id, "personal-id3"), 422, "id_number_mismatch", "wrong ID number")
    body = proof(admin, pki, "personal-rsa", "bind", sign_with="personal-id3")
    T.code(admin.post(path % sub1_id, body), 422, "proof_of_possession_failed",
           "signature by another key")
    T.code(admin.post(path % sub1_id, body), 400, "challenge_invalid", "a challenge serves once")
    body = proof(api, pki, "personal-rsa", "login")
    T.code(admin.post(path % sub1_id, body), 400, "challenge_invalid",
           "a login challenge does not bind")
    body = proof(sub1, pki, "personal-rsa", "bind")
    T.code(admin.post(path % sub1_id, body), 400, "challenge_invalid",
           "another session's challenge does not bind")
    body = proof(admin, pki, "personal-rsa", "bind")
    T.code(admin.post(path % sub1_id, dict(body, certificate=base64.b64encode(b"\x30\x03junk")
                                           .decode())),
           422, "certificate_invalid", "garbage certificate")
    T.code(admin.post(path % sub1_id, dict(body, certificate="@@@")), 400, "invalid_field",
           "certificate that is not base64")

    # organization code alone (inside the USCC) also matches
    T.status(admin.delete("%s/%d" % (path % main_id, org_binding["id"])), 204,
             "unbind (解绑)")
    r = bind(main_id, "org-sm2")
    T.ok(r[0] == 201 and r[2]["enterprise_code"] == "M000100Y4",
         "organization code alone matches the USCC's (企业代码一致)", r)
    T.code(bind(main_id, "org-b"), 409, "main_account_organization_limit",
           "limit checked before the enterprise code")

    # per-binding admin flag and permissions
    tag, binding = etag(admin, "%s/%d" % (path % sub1_id, own_binding["id"]))
    T.code(sub1.patch("%s/%d" % (path % sub1_id, own_binding["id"]), {"is_admin": True},
                      {"If-Match": tag}), 403, "permission_denied",
           "a binding cannot widen itself (bind_own is not enough)")
    r = admin.patch("%s/%d" % (path % sub1_id, own_binding["id"]),
                    {"is_admin": True, "permissions": ["seals.use", "audit.read"]},
                    {"If-Match": tag})
    T.ok(r[0] == 200 and r[2]["is_admin"] and r[2]["permissions"] == ["seals.use", "audit.read"],
         "是否管理员 / 权限管理 per binding", r)
    r = admin.get("/certificates?login=qm")
    T.ok(r[0] == 200 and r[2]["total"] == 2, "enterprise-wide bindings list (CA管理)",
         r[2].get("total"))
    return {"main_id": main_id, "sub1_id": sub1_id, "own_binding": own_binding}


def test_ca_login(server, pki, state):
    api = server.api()
    r = api.post("/sessions/ca", proof(api, pki, "personal-pss", "login", digest="SHA256",
                                       scheme="pss"))
    T.ok(r[0] == 201 and r[2]["method"] == "certificate" and r[2]["account"]["login"] == "a-main"
         and "accounts.manage" not in r[2]["permissions"],
         "CA login; a non-admin binding drops the managing permissions", r)
    ca = api.as_token(r[2]["token"])
    T.code(ca.post("/accounts", {"login": "x", "name": "x"}), 403, "permission_denied",
           "the CA session cannot manage accounts")
    r = api.post("/sessions/ca", proof(api, pki, "personal-ec", "login"))
    T.ok(r[0] == 201 and sorted(r[2]["permissions"]) == ["audit.read", "seals.use"],
         "the binding's 权限管理 narrows the session", r)
    qm_ca = api.as_token(r[2]["token"])
    T.code(api.post("/sessions/ca", proof(api, pki, "personal-id3", "login")), 401,
           "certificate_not_bound", "unbound certificate (该证书未绑定账号)")
    T.code(api.post("/sessions/ca", proof(api, pki, "expired", "login")), 422,
           "certificate_expired", "expired certificate cannot log in")
    T.code(api.post("/sessions/ca", proof(api, pki, "personal-ec", "login",
                                          sign_with="personal-rsa")),
           422, "proof_of_possession_failed", "CA login needs the key")
    admin = login(api, "a-main")
    T.status(admin.delete("/accounts/%d/certificates/%d" % (state["sub1_id"],
                                                             state["own_binding"]["id"])),
             204, "unbind the certificate of a CA session")
    T.code(qm_ca.get("/sessions/current"), 401, "authentication_required",
           "the CA session ends with its binding")


def test_seals(server):
    admin = login(server.api(), "a-main")
    roles = role_ids(admin)
    op_id, op = new_account(admin, "op-seal", [roles["operator"]])
    image = png()
    r = admin.post("/seals", {"name": "合同专用章", "type": "contract",
                              "image": base64.b64encode(image).decode()})
    T.ok(r[0] == 201 and r[2]["width"] == 64 and r[2]["status"] == "active", "create a seal", r)
    seal = r[2]
    T.code(admin.post("/seals", {"name": "x", "type": "contract",
                                 "image": base64.b64encode(b"GIF89a....").decode()}),
           422, "invalid_seal_image", "not a PNG")
    T.code(admin.post("/seals", {"name": "x", "type": "stamp", "image": "AAAA"}), 400,
           "invalid_field", "unknown seal type")
    r = admin.raw("GET", "/seals/%d/image" % seal["id"])
    T.ok(r[0] == 200 and r[2] == image and r[1]["content-type"] == "image/png",
         "the image comes back as stored")
    T.ok(op.get("/seals")[2]["total"] == 0, "an operator sees no seal without a grant")
    T.code(op.get("/seals/%d" % seal["id"]), 404, "not_found", "... nor by id")
    now = time.time()
    iso = lambda t: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))  # noqa: E731
    T.code(admin.post("/seals/%d/grants" % seal["id"],
                      {"account_id": op_id, "valid_from": iso(now), "valid_until": iso(now - 60)}),
           422, "invalid_grant_period", "a grant ends after it starts")
    r = admin.post("/seals/%d/grants" % seal["id"],
                   {"account_id": op_id, "valid_from": iso(now - 60),
                    "valid_until": iso(now + 86400)})
    T.ok(r[0] == 201 and r[2]["status"] == "active", "grant with a validity period (授权使用期限)",
         r)
    grant = r[2]
    T.ok(op.get("/seals")[2]["total"] == 1, "the grantee sees the seal")
    usage = {"document_name": "采购合同.pdf", "document_hash": "ab" * 32,
             "hash_algorithm": "sha256", "pages": [1, 3]}
    r = op.post("/seals/%d/usage" % seal["id"], usage)
    T.ok(r[0] == 201 and r[2]["pages"] == [1, 3] and r[2]["account_login"] == "op-seal",
         "record a use (使用记录)", r)
    T.code(op.post("/seals/%d/usage" % seal["id"], dict(usage, document_hash="ab" * 31)), 400,
           "invalid_field", "hash of the wrong length")
    T.code(admin.post("/seals/%d/usage" % seal["id"], usage), 403, "seal_not_granted",
           "managers also need a grant to sign")
    r = admin.get("/seals/%d/usage" % seal["id"])
    T.ok(r[2]["total"] == 1, "usage records listed")
    tag = '"%d"' % seal["version"]
    r = admin.patch("/seals/%d" % seal["id"], {"status": "disabled"}, {"If-Match": tag})
    T.ok(r[0] == 200 and r[2]["status"] == "disabled", "disable a seal")
    T.code(op.post("/seals/%d/usage" % seal["id"], usage), 409, "seal_disabled",
           "a disabled seal cannot be used")
    admin.patch("/seals/%d" % seal["id"], {"status": "active"}, {"If-Match": r[1]["etag"]})
    T.status(admin.delete("/seals/%d/grants/%d" % (seal["id"], grant["id"])), 204,
             "revoke a grant")
    T.code(admin.delete("/seals/%d/grants/%d" % (seal["id"], grant["id"])), 409, "grant_revoked",
           "revoke twice")
    T.code(op.post("/seals/%d/usage" % seal["id"], usage), 403, "seal_not_granted",
           "a revoked grant allows no signing")
    r = admin.get("/seals/%d/grants?status=revoked" % seal["id"])
    T.ok(r[2]["total"] == 1 and r[2]["items"][0]["revoked_by"] == "a-main",
         "revoked grants stay listed")
    r = op.get("/seals/%d/grants" % seal["id"])
    T.ok(op.get("/seals/%d" % seal["id"])[0] == 200 and r[2]["total"] == 1
         and r[2]["items"][0]["status"] == "revoked",
         "the grantee still sees the seal and why it may not sign with it")
    T.ok(op.get("/seals/%d/usage" % seal["id"])[2]["total"] == 1,
         "... and its own usage records of it")
    # a grant that has ended, and one that has not begun
    r = admin.post("/seals", {"name": "财务专用章", "type": "finance",
                              "image": base64.b64encode(png()).decode()})
    ended = r[2]
    admin.post("/seals/%d/grants" % ended["id"],
               {"account_id": op_id, "valid_from": iso(now - 86400), "valid_until": iso(now - 60)})
    r = op.get("/seals?type=finance")
    T.ok(r[2]["total"] == 1 and r[2]["items"][0]["id"] == ended["id"],
         "an expired grant keeps the seal in the grantee's list")
    r = op.get("/seals/%d/grants" % ended["id"])
    T.ok(r[2]["total"] == 1 and r[2]["items"][0]["status"] == "expired", "its grant says expired",
         r)
    T.code(op.post("/seals/%d/usage" % ended["id"], usage), 403, "seal_not_granted",
           "an expired grant allows no signing")
    admin.post("/seals/%d/grants" % ended["id"],
               {"account_id": op_id, "valid_from": iso(now + 86400),
                "valid_until": iso(now + 2 * 86400)})
    r = op.get("/seals/%d/grants?status=pending" % ended["id"])
    T.ok(r[2]["total"] == 1, "a grant that has not begun is listed as pending")
    T.code(op.post("/seals/%d/usage" % ended["id"], usage), 403, "seal_not_granted",
           "nor does one that has not begun")


def test_audit(server, args):
    admin = login(server.api(), "a-main")
    r = admin.get("/audit?action=session.login_failed&per_page=100")
    T.ok(r[0] == 200 and r[2]["total"] >= 5, "failed logins are audited", r[2].get("total"))
    r = admin.get("/audit?category=certificate&per_page=100")
    T.ok(any(e["action"] == "certificate.bind" for e in r[2]["items"])
         and any(e["action"] == "certificate.unbind" for e in r[2]["items"]),
         "binding and unbinding are audited")
    r = admin.get("/audit?actor=a-main&per_page=10")
    T.ok(r[2]["total"] > 10 and all(e["actor_login"] == "a-main" for e in r[2]["items"])
         and r[2]["items"][0]["source_address"] == "127.0.0.1", "filter by actor", r[2]["items"][0])
    today = time.strftime("%Y-%m-%d", time.gmtime())
    r1 = admin.get("/audit?from=%s&to=%s" % (today, today))
    r2 = admin.get("/audit?to=2000-01-01")
    T.ok(r1[2]["total"] == admin.get("/audit")[2]["total"] and r2[2]["total"] == 0,
         "filter by date range")
    T.code(admin.get("/audit?from=yesterday"), 400, "invalid_parameter", "bad date")
    b = login(server.api(), "b-main")
    T.ok(all(e["actor_login"] != "a-main" for e in b.all_pages("/audit")),
         "one enterprise never sees another's audit log")
    # append-only, whatever talks to the database
    changed = db_exec(server, "UPDATE audit_log SET action = 'x'")
    deleted = db_exec(server, "DELETE FROM audit_log")
    T.ok(not changed and not deleted, "the audit table refuses UPDATE and DELETE")


def test_matrix(server):
    """Every endpoint x every role."""
    api = server.api()
    reg = register(api, make_uscc(100), "m-admin")
    admin = login(api, "m-admin")
    roles = role_ids(admin)
    auditor_role = admin.post("/roles", {"name": "审计员", "permissions": ["audit.read"]})[2]["id"]
    mgr_role = admin.post("/roles", {"name": "账号管理员",
                                     "permissions": ["accounts.read", "accounts.manage"]})[2]["id"]
    callers = {"admin": admin}
    for name, role in (("qm", roles["quality_manager"]), ("op", roles["operator"]),
                       ("auditor", auditor_role), ("acctmgr", mgr_role), ("norole", None)):
        callers[name] = new_account(admin, "m-" + name, [role] if role else [])[1]
    target = admin.post("/accounts", {"login": "m-target", "name": "目标"})[2]["account"]["id"]
    seal = admin.post("/seals", {"name": "公章", "type": "official",
                                 "image": base64.b64encode(png()).decode()})[2]["id"]
    ALL = set(callers)
    read_accounts = {"admin", "qm", "acctmgr"}
    # audit.read (the quality manager has it too) sees seals read-only
    seal_viewers = {"admin": 200, "auditor": 200, "qm": 200, "op": 404}
    rows = [
        ("GET", "/enterprise", None, {c: 200 for c in ALL}),
        ("GET", "/permissions", None, {c: 200 for c in ALL}),
        ("GET", "/sessions/current", None, {c: 200 for c in ALL}),
        ("GET", "/accounts", None, {c: 200 for c in read_accounts}),
        ("POST", "/accounts", {}, {"admin": 400, "acctmgr": 400}),
        ("GET", "/accounts/%d" % target, None, {c: 200 for c in read_accounts}),
        ("PATCH", "/accounts/%d" % target, {}, {"admin": 400, "acctmgr": 400}),
        ("PUT", "/accounts/%d/roles" % target, {}, {"admin": 400}),
        ("POST", "/accounts/%d/password-reset" % target, None, {"admin": 200, "acctmgr": 200}),
        ("PUT", "/accounts/%d/password" % target,
         {"current_password": "x", "new_password": PASSWORD}, {}),
        ("GET", "/accounts/%d/certificates" % target, None, {"admin": 200}),
        ("POST", "/accounts/%d/certificates" % target, {}, {"admin": 400}),
        ("GET", "/accounts/%d/certificates/999999" % target, None, {"admin": 404}),
        ("PATCH", "/accounts/%d/certificates/999999" % target, {"is_admin": True},
         {"admin": 404}),
        ("DELETE", "/accounts/%d/certificates/999999" % target, None, {"admin": 404}),
        ("GET", "/certificates", None, {"admin": 200}),
        ("POST", "/challenges", {"purpose": "bind"}, {"admin": 201, "qm": 201, "op": 201}),
        ("GET", "/roles", None, {c: 200 for c in read_accounts}),
        ("POST", "/roles", {}, {"admin": 400}),
        ("GET", "/roles/%d" % auditor_role, None, {c: 200 for c in read_accounts}),
        ("PATCH", "/roles/%d" % auditor_role, {}, {"admin": 400}),
        ("DELETE", "/roles/%d" % roles["operator"], None, {"admin": 409}),
        ("GET", "/seals", None, {"admin": 200, "qm": 200, "op": 200, "auditor": 200}),
        ("POST", "/seals", {}, {"admin": 400}),
        ("GET", "/seals/%d" % seal, None, seal_viewers),
        ("PATCH", "/seals/%d" % seal, {}, {"admin": 400}),
        ("GET", "/seals/%d/image" % seal, None, seal_viewers),
        ("GET", "/seals/%d/grants" % seal, None, seal_viewers),
        ("POST", "/seals/%d/grants" % seal, {}, {"admin": 400}),
        ("DELETE", "/seals/%d/grants/999999" % seal, None, {"admin": 404}),
        ("GET", "/seals/%d/usage" % seal, None, seal_viewers),
        ("POST", "/seals/%d/usage" % seal, {}, {"admin": 400, "qm": 400, "op": 400}),
        ("GET", "/audit", None, {"admin": 200, "qm": 200, "auditor": 200}),
    ]
    for method, path, body, allowed in rows:
        for name, caller in callers.items():
            want = allowed.get(name, 403)
            r = caller.call(method, path, body)
            T.ok(r[0] == want, "matrix: %s %s as %s -> %d" % (method, path, name, want),
                 "got %s %s" % (r[0], str(r[2])[:200]))
    anonymous = server.api()
    for method, path, body, _ in rows:
        if path == "/challenges":
            continue
        T.code(anonymous.call(method, path, body), 401, "authentication_required",
               "matrix: %s %s without a session" % (method, path))
    for name, caller in callers.items():
        T.status(caller.delete("/sessions/current"), 204, "matrix: DELETE /sessions/current as "
                 + name)
    return reg


def test_cross_tenant(server):
    """Enterprise B's super administrator against enterprise A's objects."""
    a = login(server.api(), "a-main")
    b = login(server.api(), "b-main")
    account = a.get("/accounts?login=qm-1")[2]["items"][0]["id"]
    binding = a.get("/certificates?per_page=10")[2]["items"][0]
    role = a.post("/roles", {"name": "跨租户", "permissions": []})[2]["id"]
    seal = a.get("/seals")[2]["items"][0]["id"]
    grant = a.get("/seals/%d/grants" % seal)[2]["items"][0]["id"]
    paths = [
        ("GET", "/accounts/%d" % account, None),
        ("PATCH", "/accounts/%d" % account, {"name": "x"}),
        ("PUT", "/accounts/%d/roles" % account, {"role_ids": []}),
        ("POST", "/accounts/%d/password-reset" % account, None),
        ("PUT", "/accounts/%d/password" % account, {"current_password": "x",
                                                    "new_password": PASSWORD}),
        ("GET", "/accounts/%d/certificates" % account, None),
        ("GET", "/accounts/%d/certificates/%d" % (binding["account_id"], binding["id"]), None),
        ("PATCH", "/accounts/%d/certificates/%d" % (binding["account_id"], binding["id"]),
         {"is_admin": True}),
        ("DELETE", "/accounts/%d/certificates/%d" % (binding["account_id"], binding["id"]), None),
        ("GET", "/roles/%d" % role, None),
        ("PATCH", "/roles/%d" % role, {"name": "x"}),
        ("DELETE", "/roles/%d" % role, None),
        ("GET", "/seals/%d" % seal, None),
        ("PATCH", "/seals/%d" % seal, {"name": "x"}),
        ("GET", "/seals/%d/image" % seal, None),
        ("GET", "/seals/%d/grants" % seal, None),
        ("POST", "/seals/%d/grants" % seal, {"account_id": account,
                                             "valid_from": "2020-01-01T00:00:00Z",
                                             "valid_until": "2030-01-01T00:00:00Z"}),
        ("DELETE", "/seals/%d/grants/%d" % (seal, grant), None),
        ("GET", "/seals/%d/usage" % seal, None),
        ("POST", "/seals/%d/usage" % seal, {"document_name": "x", "document_hash": "a" * 64,
                                            "hash_algorithm": "sha256", "pages": [1]}),
    ]
    for method, path, body in paths:
        headers = {"If-Match": "*"} if method in ("PATCH", "PUT") else None
        T.code(b.call(method, path, body, headers), 404, "not_found",
               "cross-tenant %s %s" % (method, path))
    b_main = b.get("/sessions/current")[2]["account"]["id"]
    T.code(b.post("/seals/%d/grants" % b.post("/seals", {
        "name": "乙章", "type": "official", "image": base64.b64encode(png()).decode()})[2]["id"],
        {"account_id": account, "valid_from": "2020-01-01T00:00:00Z",
         "valid_until": "2030-01-01T00:00:00Z"}), 404, "not_found",
        "cross-tenant grant to another enterprise's account")
    ids = {x["id"] for x in b.all_pages("/accounts")}
    T.ok(account not in ids and b_main in ids, "lists hold only one's own enterprise")


def test_race(server, pki, other=None):
    """100 concurrent attempts to bind one certificate to 100 accounts (half
    of them through a second server process sharing the database, when
    there is one)."""
    admin = login(server.api(), "a-main")
    admins = [admin] + ([other.api(admin.token)] if other is not None else [])
    accounts = []
    for i in range(100):
        r = admin.post("/accounts", {"login": "race%03d" % i, "name": "张三", "id_number": ID_1})
        accounts.append(r[2]["account"]["id"])
    bodies = [proof(admin, pki, "race", "bind") for _ in accounts]
    barrier = threading.Barrier(len(accounts))

    def attempt(i):
        barrier.wait(timeout=60)
        return admins[i % len(admins)].post("/accounts/%d/certificates" % accounts[i], bodies[i])
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(accounts)) as pool:
        results = list(pool.map(attempt, range(len(accounts))))
    statuses = sorted(r[0] for r in results)
    codes = {r[2].get("code") for r in results if r[0] != 201}
    T.ok(statuses.count(201) == 1 and statuses.count(409) == 99
         and codes == {"certificate_already_bound"},
         "100 concurrent binds of one certificate: exactly one succeeds",
         "%s %s" % ({s: statuses.count(s) for s in set(statuses)}, codes))
    bound = [b for b in admin.all_pages("/certificates") if b["account_login"].startswith("race")]
    T.ok(len(bound) == 1, "and one binding exists", len(bound))


def test_bad_input(server):
    api = server.api()
    admin = login(api, "a-main")
    cases = [
        (b'{"login":', "invalid_json", "malformed JSON"),
        (b'[1, 2]', "invalid_json", "JSON that is not an object"),
        (b'', "invalid_json", "empty body"),
        (b'{"login":"\xff\xfe","password":"x"}', "invalid_json", "invalid UTF-8"),
        (b'{"login":"a\\u0000b","password":"x"}', "invalid_json", "\\u0000 in a string"),
        (b'[' * 100000, "invalid_json", "nesting 100000 deep"),
        (b'{"login":5,"password":"x"}', "invalid_field", "number for a string"),
        (b'{"login":"a","password":"x","admin":true}', "invalid_field", "unknown member"),
        (b'{"login":"a"}', "invalid_field", "missing member"),
        (b'{"login":"a\\nb","password":"x"}', "invalid_field", "control character"),
        (b'{"login":"\\ud800","password":"x"}', ("invalid_field", "invalid_json"),
         "lone surrogate"),
    ]
    for body, code, name in cases:
        r = api.raw("POST", "/sessions", body, {"Content-Type": "application/json"})
        codes = code if isinstance(code, tuple) else (code,)
        T.ok(r[0] == 400 and r[2].get("code") in codes, "bad input: %s -> 400" % name,
             "got %s %s" % (r[0], str(r[2])[:200]))
    T.code(api.raw("POST", "/sessions", b'{"login":"a","password":"b"}',
                   {"Content-Type": "text/plain"}), 415, "unsupported_media_type",
           "bad input: text/plain body")
    r = api.raw("POST", "/sessions", b"{" + b" " * (5 * 1024 * 1024) + b"}",
                {"Content-Type": "application/json"})
    T.ok(r[0] == 413 and r[2]["code"] == "body_too_large", "bad input: 5 MiB body -> 413",
         r[0])
    import http.client
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        conn.putrequest("POST", "/api/v1/sessions")
        conn.putheader("Content-Type", "application/json")
        conn.putheader("Transfer-Encoding", "chunked")
        conn.endheaders()
        chunk = b" " * 65536
        status = None
        try:
            for _ in range(5 * 16 + 1):
                conn.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            conn.send(b"0\r\n\r\n")
            status = conn.getresponse().status
        except (BrokenPipeError, ConnectionResetError):
            status = conn.getresponse().status
    finally:
        conn.close()
    T.ok(status == 413, "bad input: 5 MiB chunked body -> 413", status)
    T.code(admin.get("/accounts?login=%FF"), 400, "invalid_parameter",
           "bad input: invalid UTF-8 in the query")
    r = admin.get("/accounts?login=%27%20OR%201%3D1--")
    T.ok(r[0] == 200 and r[2]["total"] == 0, "SQL metacharacters in a filter are just text")
    r = admin.get("/accounts?login=%25")
    T.ok(r[0] == 200 and r[2]["total"] == 0, "LIKE wildcards in a filter are just text")
    r = admin.post("/accounts", {"login": "robert", "name": "Robert'); DROP TABLE accounts;--"})
    T.ok(r[0] == 201 and r[2]["account"]["name"] == "Robert'); DROP TABLE accounts;--",
         "SQL metacharacters stored verbatim")
    T.code(admin.post("/accounts", {"login": "x' OR '1'='1", "name": "x"}), 400, "invalid_field",
           "logins are plain")
    for path in ("/accounts/0", "/accounts/-1", "/accounts/99999999999999999999",
                 "/accounts/1x", "/accounts/%2e%2e"):
        r = admin.get(path)
        T.ok(r[0] in (400, 404), "bad path %s -> 4xx" % path, r[0])

    # fuzz: mutated bodies at every writing endpoint; nothing may be a 5xx
    random.seed(5)
    seeds = [b'{"login":"fuzz-nobody","password":"x"}', b'{"purpose":"bind"}',
             b'{"name":"x","permissions":["audit.read"]}',
             b'{"login":"f","name":"f","role_ids":[]}', b'{"role_ids":[1,2]}',
             b'{"document_name":"a","document_hash":"aa","hash_algorithm":"sha256","pages":[1]}']
    targets = ["/sessions", "/challenges", "/roles", "/accounts", "/accounts/1/roles",
               "/seals/1/usage", "/sessions/ca", "/enterprises", "/accounts/1/certificates"]
    worst = 0
    for i in range(400):
        body = bytearray(random.choice(seeds))
        for _ in range(random.randint(1, 6)):
            op = random.randint(0, 3)
            pos = random.randint(0, len(body))
            if op == 0 and body:
                body[min(pos, len(body) - 1)] = random.randint(0, 255)
            elif op == 1:
                body[pos:pos] = bytes(random.choice([b'"', b'{', b'}', b'[', b']', b',', b':',
                                                     b'\\', b'null', b'1e999', b'-0', b'\xc3',
                                                     b'\\u', b'true']))
            elif op == 2 and body:
                del body[pos:pos + random.randint(1, 8)]
            else:
                body[pos:pos] = body[:random.randint(0, len(body))]
        method = "PUT" if targets[i % len(targets)].endswith("roles") else "POST"
        r = admin.raw(method, targets[i % len(targets)], bytes(body),
                      {"Content-Type": "application/json", "If-Match": "*"})
        worst = max(worst, r[0])
        if r[0] >= 500:
            T.note("fuzz 5xx: %r -> %s %s" % (bytes(body), r[0], r[2]))
            break
    T.ok(worst < 500 and server.alive(), "fuzz: 400 mutated requests, no 5xx, server alive",
         worst)


def test_languages(server, args):
    zh = server.api(language="zh-CN")
    r = zh.post("/sessions", {"login": "a-main", "password": PASSWORD})
    admin = zh.as_token(r[2]["token"])
    en = admin.as_token(r[2]["token"], "en")
    seed = {
        "certificate_already_bound": "该证书已经被绑定过了",
        "enterprise_code_mismatch": "企业代码不一致",
        "certificate_not_bound": "该证书未绑定账号",
    }
    english = {
        "certificate_already_bound": "This certificate is already bound.",
        "enterprise_code_mismatch": "The enterprise code does not match.",
        "certificate_not_bound": "This certificate is not bound to an account.",
    }
    catalog = None
    if args.localedir:
        catalog = gettext.translation("sealdesk", args.localedir, languages=["zh_CN"],
                                      fallback=True)
    r_zh = zh.post("/sessions", {"login": "a-main", "password": "wrong"})
    r_en = en.post("/sessions", {"login": "a-main", "password": "wrong"})
    T.ok(r_zh[1].get("content-language") == "zh-CN" and r_en[1].get("content-language") == "en"
         and r_en[2]["message"] == "The login or the password is wrong.",
         "Accept-Language picks the message language", (r_zh[2], r_en[2]))
    T.ok(zh.as_token(None, "en;q=0.2, zh-CN;q=0.9").post("/sessions", {})[1]
         .get("content-language") == "zh-CN", "q-values are honoured")
    sample = {"certificate_already_bound": None, "enterprise_code_mismatch": None,
              "certificate_not_bound": None}
    # the responses of the binding tests again, in Chinese
    roles = role_ids(admin)
    qm = admin.get("/accounts?login=qm-1")[2]["items"][0]["id"]
    sample["certificate_already_bound"] = admin.post(
        "/accounts/%d/certificates" % qm, proof(admin, PKI, "personal-pss", "bind",
                                                 digest="SHA256", scheme="pss"))
    sample["enterprise_code_mismatch"] = admin.post(
        "/accounts/%d/certificates" % qm, proof(admin, PKI, "employee-b", "bind"))
    sample["certificate_not_bound"] = zh.post("/sessions/ca",
                                              proof(zh, PKI, "personal-id3", "login"))
    del roles
    for code, response in sample.items():
        message = response[2].get("message")
        translated = catalog.gettext(english[code]) if catalog else english[code]
        if translated != english[code]:
            T.ok(response[2].get("code") == code and message == seed[code],
                 "zh-CN wording of %s is the seeds' 「%s」" % (code, seed[code]), message)
        else:
            T.ok(response[2].get("code") == code and message == english[code],
                 "%s: untranslated yet, English until zh_CN.po has 「%s」" % (code, seed[code]),
                 message)


def test_cluster(server, other):
    """Two stateless servers on one PostgreSQL database: a session opened on
    one works on the other, and ends on both."""
    token = login(server.api(), "a-main").token
    T.status(other.api(token).get("/sessions/current"), 200, "a session works on every server")
    T.status(other.api(token).delete("/sessions/current"), 204, "log out on the second server")
    T.code(server.api(token).get("/sessions/current"), 401, "authentication_required",
           "... and the session is over on the first")


def test_tls(args, base):
    """HTTPS with --tls-cert/--tls-key; plain HTTP only on loopback."""
    import http.client
    import ssl
    dirname = os.path.join(base, "tls")
    os.makedirs(dirname)
    cert, key = os.path.join(dirname, "server.pem"), os.path.join(dirname, "server.key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                    "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1", "-addext",
                    "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    refused = subprocess.run([args.server, "--data", os.path.join(dirname, "data"), "--listen",
                              "0.0.0.0:0"], capture_output=True, text=True, timeout=60)
    T.ok(refused.returncode == 1 and "loopback" in refused.stderr,
         "plain HTTP is refused on a non-loopback address", refused.stderr)
    server = Server(args.server, dirname, extra=["--tls-cert", cert, "--tls-key", key])
    try:
        server.start()
        T.ok(any("ready at https://" in l for l in server.stdout_lines),
             "the ready line says https", server.stdout_lines)
        context = ssl.create_default_context(cafile=cert)
        conn = http.client.HTTPSConnection("127.0.0.1", server.port, context=context, timeout=30)
        conn.request("GET", "/api/v1/health")
        response = conn.getresponse()
        T.ok(response.status == 200 and json.loads(response.read())["status"] == "ok",
             "HTTPS with a verified server certificate")
        conn.close()
    finally:
        server.kill()


def test_durability(server, args):
    """kill -9 in the middle of a stream of writes: after restart every
    acknowledged write is there, and nothing half-written."""
    api = server.api()
    register(api, make_uscc(200), "d-admin")
    admin = login(api, "d-admin")
    acknowledged = []
    lock = threading.Lock()
    stop = threading.Event()

    def writer(n):
        i = 0
        while not stop.is_set():
            name = "持久%d-%d" % (n, i)
            try:
                r = admin.post("/roles", {"name": name, "permissions": ["audit.read"]})
            except (OSError, ValueError):
                return
            if r[0] == 201:
                with lock:
                    acknowledged.append(name)
            i += 1
    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    time.sleep(1.5)
    server.kill()   # SIGKILL
    stop.set()
    for t in threads:
        t.join()
    server.start()
    admin = login(server.api(), "d-admin")
    names = {r["name"] for r in admin.all_pages("/roles")}
    audited = {e["target_label"] for e in admin.all_pages("/audit?action=role.create")}
    missing = [n for n in acknowledged if n not in names]
    custom = {n for n in names if n.startswith("持久")}
    T.ok(len(acknowledged) > 20 and not missing,
         "kill -9: all %d acknowledged writes survive" % len(acknowledged), missing[:5])
    T.ok(custom == audited, "kill -9: every role has its audit entry and every entry its role",
         (sorted(custom - audited)[:5], sorted(audited - custom)[:5]))
    if args.backend == "sqlite":
        db = sqlite3.connect(os.path.join(server.data, "platform.db"))
        check = db.execute("PRAGMA integrity_check").fetchone()[0]
        fk = db.execute("PRAGMA foreign_key_check").fetchall()
        db.close()
        T.ok(check == "ok" and not fk, "SQLite integrity and foreign keys after kill -9",
             (check, fk))


def test_demo(args, base):
    """--demo: seed 000's enterprise, once, and its login on one line."""
    dirname = os.path.join(base, "demo")
    os.makedirs(dirname)
    server = Server(args.server, dirname, localedir=args.localedir)
    try:
        server.start(demo=True)
        lines = [l for l in server.stdout_lines if l.startswith("demo: ")]
        T.ok(len(lines) == 1 and lines[0].startswith("demo: login=zirol password="),
             "--demo prints one line with the login", server.stdout_lines)
        password = lines[0].split("password=", 1)[1]
        admin = login(server.api(), "zirol", password)
        accounts = admin.get("/accounts")[2]
        shape = [(a["login"], a["name"], a["kind"], a["certificate_count"])
                 for a in accounts["items"]]
        T.ok(shape == [("zirol", "zirol", "main", 2), ("you", "有", "sub", 0),
                       ("mu", "木", "sub", 0)], "the demo enterprise looks like seed 000", shape)
        roles = sorted(r["name"] for r in accounts["items"][0]["roles"])
        T.ok(roles == sorted(["超级管理员", "质量负责人"]), "zirol: 超级管理员 + 质量负责人", roles)
        types = sorted(b["type"] for b in admin.all_pages("/certificates"))
        T.ok(types == ["employee", "organization"], "organization + employee certificate", types)
        T.ok(admin.get("/seals")[2]["total"] == 3, "three demo seals")
        T.ok(all(os.path.exists(os.path.join(server.data, "demo", n))
                 for n in ("ca.pem", "organization.pem", "organization.key", "employee.key")),
             "the demo keys are written for the client")
        T.ok(server.stop() == 0, "SIGTERM: clean exit")
        server.start(demo=True)
        password2 = [l for l in server.stdout_lines if l.startswith("demo: ")][0].split("=")[-1]
        admin = login(server.api(), "zirol", password2)
        T.ok(admin.get("/accounts")[2]["total"] == 3 and password2 != password,
             "a second --demo creates nothing and prints a new password")
    finally:
        server.kill()


def test_rate_limit(args, base):
    """--login-rate: unauthenticated POST /challenges and password logins,
    per source address, each answered 429 rate_limited beyond the limit."""
    dirname = os.path.join(base, "rate")
    os.makedirs(dirname)
    server = Server(args.server, dirname, localedir=args.localedir, extra=["--login-rate", "3"])
    try:
        server.start()
        api = server.api()
        register(api, make_uscc(300), "r-admin")
        statuses = [api.post("/challenges", {"purpose": "login"})[0] for _ in range(3)]
        T.ok(statuses == [201] * 3, "three login challenges within the limit", statuses)
        r = api.post("/challenges", {"purpose": "login"})
        T.code(r, 429, "rate_limited", "the fourth challenge in a minute -> 429")
        T.ok(r[2].get("retry_after", 0) >= 1 and r[1].get("retry-after") == str(r[2]["retry_after"]),
             "429 says when to come back (Retry-After)", (r[1].get("retry-after"), r[2]))
        english = "Too many attempts from your address; wait a moment and try again."
        T.ok(r[2].get("message") == english, "rate_limited: the English message", r[2])
        zh = server.api(language="zh-CN").post("/challenges", {"purpose": "login"})
        expected = english
        if args.localedir:
            expected = gettext.translation("sealdesk", args.localedir, languages=["zh_CN"],
                                           fallback=True).gettext(english)
        T.ok(zh[0] == 429 and zh[2].get("message") == expected
             and zh[1].get("content-language") == "zh-CN",
             "rate_limited in zh-CN through gettext", zh[2])

        statuses = [api.post("/sessions", {"login": "r-admin", "password": "wrong"})[0]
                    for _ in range(3)]
        T.ok(statuses == [401] * 3, "three wrong passwords within the limit", statuses)
        T.code(api.post("/sessions", {"login": "r-admin", "password": PASSWORD}), 429,
               "rate_limited", "the fourth login in a minute -> 429, before the password")
        T.code(api.post("/sessions", {"login": "x"}), 429,
               "rate_limited", "... counted before the body is looked at")
    finally:
        server.kill()
    # a session made before: authenticated challenges are not limited
    server = Server(args.server, dirname, localedir=args.localedir, extra=["--login-rate", "1"])
    try:
        server.start()
        admin = login(server.api(), "r-admin")
        statuses = [admin.post("/challenges", {"purpose": "bind"})[0] for _ in range(5)]
        T.ok(statuses == [201] * 5, "challenges with a session are not rate limited", statuses)
        T.code(server.api().post("/sessions", {"login": "r-admin", "password": PASSWORD}), 429,
               "rate_limited", "--login-rate 1: the second login in a minute -> 429")
    finally:
        server.kill()


PKI = None


def main():
    global PKI
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--pki-helper", required=True)
    parser.add_argument("--openapi", required=True)
    parser.add_argument("--localedir")
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()

    base = workdir("platform-%s-" % args.backend)
    pg = None
    server = None
    other = None
    try:
        PKI = Pki(args.pki_helper, base)
        if args.backend == "postgresql":
            pg = Postgres(base)
        server = Server(args.server, base, pg=pg, localedir=args.localedir)
        server.start()
        T.note("server on port %d (%s)" % (server.port, args.backend))
        test_meta(server, args)
        test_registration(server)
        test_accounts(server)
        test_lockout(server)
        test_roles(server)
        test_account_sort(server)
        state = test_bindings(server, PKI)
        test_ca_login(server, PKI, state)
        test_seals(server)
        test_matrix(server)
        test_cross_tenant(server)
        if pg is not None:
            other = Server(args.server, workdir("platform-second-"), pg=pg,
                           localedir=args.localedir)
            other.start()
            test_cluster(server, other)
        test_race(server, PKI, other)
        if other is not None:
            other.kill()
        test_bad_input(server)
        test_languages(server, args)
        test_audit(server, args)
        test_durability(server, args)
        T.ok(server.stop() == 0, "the server shuts down cleanly on SIGTERM")
        if args.backend == "sqlite":
            test_demo(args, base)
            test_tls(args, base)
            test_rate_limit(args, base)
    except Exception as e:   # a broken harness is a failure too
        import traceback
        T.ok(False, "the test run completes", traceback.format_exc())
        del e
    finally:
        if server is not None:
            server.kill()
        if other is not None:
            other.kill()
            remove(other.workdir)
        if PKI is not None:
            PKI.close()
        if pg is not None:
            pg.stop()
    status = T.finish()
    if status == 0:
        remove(base)
    else:
        print("# work directory kept: " + base)
    return status


if __name__ == "__main__":
    sys.exit(main())
