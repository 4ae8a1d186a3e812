#!/usr/bin/env python3
# count-tests.py: counts test cases in meson's testlog.json: every TAP "ok" / "not ok" line of
# every test, and a test that failed without a "not ok" (a crash) counts as one failure.
# Prints "PASSED FAILED".
import json, re, sys

passed = failed = 0
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        if not line.strip():
            continue
        t = json.loads(line)
        out = t.get("stdout") or ""
        ok = len(re.findall(r"^ok \d+(?! # SKIP)", out, re.M))
        not_ok = len(re.findall(r"^not ok \d+(?! # TODO)", out, re.M))
        if ok == 0 and not_ok == 0:
            ok = 1 if t.get("result") in ("OK", "EXPECTEDFAIL") else 0
        if t.get("result") not in ("OK", "SKIP", "EXPECTEDFAIL") and not_ok == 0:
            not_ok = 1
        passed += ok
        failed += not_ok
print(passed, failed)
