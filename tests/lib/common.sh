# common.sh: helpers for test group scripts (sourced). Run from the repository root.
UKCC=${UKCC:-$PWD/build/bin/ukcc}
PASS=0 FAIL=0
ok()   { echo "ok   $1"; PASS=$((PASS + 1)); }
fail() { echo "FAIL $1: $2"; FAIL=$((FAIL + 1)); }
skip() { echo "skip $1: $2"; }
finish() { [ "$FAIL" -eq 0 ]; }
