#!/usr/bin/env bash
# End-to-end check of `concord audit`: a steward sets up keys, entries are written, a checkpoint
# is exported, a third party checks proofs with the checkpoint alone, and altering the database
# makes `verify` fail (exit 1, naming the entry) while a missing key is a different error (exit 2).
# usage: Tests/AuditCLI/audit_cli.sh path/to/concord path/to/concord-audit-crash-writer
set -uo pipefail
CONCORD=$(realpath "$1")
WRITER=$(realpath "$2")
PEER=$(realpath "$(dirname "$0")/checkpoint_peer.py")
# Debian's python3 with python3-cryptography (scripts/install-deps.sh) checks our checkpoints.
PYTHON=${PYTHON:-/usr/bin/python3}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
failures=0
check() {  # check NAME EXPECTED-STATUS COMMAND… : runs the command, compares its exit status
  local name=$1 want=$2; shift 2
  "$@" > out.txt 2> err.txt
  local got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL $name: exit $got, expected $want"; head -20 out.txt err.txt; failures=$((failures + 1))
  else
    echo "ok   $name"
  fi
}
expect_output() {  # expect_output NAME TEXT : the last command's stdout or stderr contains TEXT
  if ! grep -qF -- "$2" out.txt err.txt; then
    echo "FAIL $1: output lacks \"$2\""; head -20 out.txt err.txt; failures=$((failures + 1))
  fi
}

check "keys init" 0 "$CONCORD" audit keys init --data d --origin cli.test/audit
check "keys init refuses to overwrite" 1 "$CONCORD" audit keys init --data d
expect_output "keys init refuses to overwrite" "keys are never overwritten"
{ timeout -s KILL 1 "$WRITER" d d/audit.key w 4 > acks.txt; } 2>/dev/null
[ -s acks.txt ] || { echo "FAIL writer acknowledged nothing"; failures=$((failures + 1)); }
check "verify" 0 "$CONCORD" audit verify --data d
check "checkpoint export" 0 "$CONCORD" audit checkpoint --data d --out exported.txt
size=$(sed -n 2p exported.txt)
check "keys verifier" 0 "$CONCORD" audit keys verifier --data d
cp out.txt vkey.txt
check "prove" 0 "$CONCORD" audit prove --data d --index 3 --size "$size" --json
cp out.txt proof.json
check "verify-proof inclusion" 0 "$CONCORD" audit verify-proof --proof proof.json --checkpoint exported.txt --verifier-key vkey.txt
check "checkpoint export (early)" 0 "$CONCORD" audit checkpoint --data d --out early.txt
check "consistency" 0 "$CONCORD" audit consistency --data d --from 2 --to "$size" --json
cp out.txt consistency.json
{ timeout -s KILL 1 "$WRITER" d d/audit.key w 4 >> acks.txt; } 2>/dev/null
check "checkpoint export (later)" 0 "$CONCORD" audit checkpoint --data d --out later.txt
later=$(sed -n 2p later.txt)
early=$(sed -n 2p early.txt)
check "consistency between exported checkpoints" 0 "$CONCORD" audit consistency --data d --from "$early" --to "$later" --json
cp out.txt early-later.json
check "verify-proof consistency" 0 "$CONCORD" audit verify-proof --proof early-later.json --old-checkpoint early.txt --checkpoint later.txt --verifier-key vkey.txt
check "prove at the later size" 0 "$CONCORD" audit prove --data d --index 1 --size "$later" --json
cp out.txt later-proof.json
check "peer (Python cryptography + C2SP algorithms) accepts checkpoints and proofs" 0 "$PYTHON" "$PEER" vkey.txt later.txt later-proof.json early.txt early-later.json
cat out.txt
check "query --json" 0 "$CONCORD" audit query --data d --user w --action R --json
expect_output "query --json" '"userID" : "w"'
check "show one entry" 0 "$CONCORD" audit show --data d --index 1
expect_output "show one entry" "#1 "
check "reading the log is audited" 0 "$CONCORD" audit query --data d --action R --user "${CONCORD_USER:-${USER:-$(id -un)}}" --json
expect_output "reading the log is audited" '"meaning" : "Audit Log Used"'
cp -r d tampered
check "keys rotate" 0 "$CONCORD" audit keys rotate --data d
check "keys destroy needs --confirm" 64 "$CONCORD" audit keys destroy --data d --key-id 1
check "keys destroy" 0 "$CONCORD" audit keys destroy --data d --key-id 1 --confirm
check "verify after shredding" 0 "$CONCORD" audit verify --data d --checkpoint exported.txt
check "master key rotation" 0 "$CONCORD" audit keys rotate --data d --master --new-key-file new.key
check "old key file no longer opens the log" 1 "$CONCORD" audit show --data d
expect_output "old key file no longer opens the log" "wrong key"
check "new key file opens it" 0 "$CONCORD" audit query --data d --key-file new.key --user w --json
check "verify after master rotation" 0 "$CONCORD" audit verify --data d --key-file new.key --checkpoint exported.txt

check "verify-proof rejects a proof for another checkpoint" 1 "$CONCORD" audit verify-proof --proof consistency.json --checkpoint exported.txt --old-checkpoint exported.txt --verifier-key vkey.txt
expect_output "verify-proof rejects a proof for another checkpoint" "the proof is from size"
check "missing key file" 1 "$CONCORD" audit show --data d --key-file nowhere.key
expect_output "missing key file" "cannot read the key file"
mkdir other && "$CONCORD" audit keys init --data other > /dev/null
check "wrong key" 1 "$CONCORD" audit show --data d --key-file other/audit.key
expect_output "wrong key" "wrong key"

"$PYTHON" - <<'PY'
import sqlite3
db = sqlite3.connect("tampered/audit.sqlite")
sealed = bytearray(db.execute("SELECT sealed FROM entries WHERE seq = 5").fetchone()[0])
sealed[0] ^= 1
db.execute("UPDATE entries SET sealed = ? WHERE seq = 5", (bytes(sealed),))
db.commit()
PY
check "verify detects a changed entry" 1 "$CONCORD" audit verify --data tampered
expect_output "verify detects a changed entry" "FAILED: entry 5:"
check "verify --json names the first bad entry" 1 "$CONCORD" audit verify --data tampered --json
expect_output "verify --json names the first bad entry" '"firstBadEntry" : 5'
check "show reports tampering, not a key problem" 1 "$CONCORD" audit show --data tampered
expect_output "show reports tampering, not a key problem" "entry 5: the entry differs"
check "verify of a missing log" 2 "$CONCORD" audit verify --data nowhere --verifier-key "$(cat vkey.txt)"

if [ "$failures" -ne 0 ]; then echo "$failures audit CLI checks failed"; exit 1; fi
echo "all audit CLI checks passed"
