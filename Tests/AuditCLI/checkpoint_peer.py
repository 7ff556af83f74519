"""Checks Concord's exported checkpoint and proofs without Concord: Ed25519 from the
`cryptography` package, SHA-256 from hashlib, and the proof verification algorithms as C2SP
merkle-tree.md states them (the iterative forms, not Concord's recursive ones).

usage: checkpoint_peer.py VERIFIER-KEY-FILE CHECKPOINT-FILE INCLUSION-PROOF.json
                          [OLD-CHECKPOINT-FILE CONSISTENCY-PROOF.json]
Prints one line per check and exits 1 if any fails.
"""
import base64
import hashlib
import json
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def verifier_key(text):
    """name+hash+base64(0x01 || key): check the hash, return (name, key hash, public key)."""
    name, key_hash, encoded = text.strip().split("+", 2)
    raw = base64.b64decode(encoded)
    assert raw[0] == 1 and len(raw) == 33, "not an Ed25519 verifier key"
    expected = hashlib.sha256(name.encode() + b"\n" + raw).digest()[:4]
    assert bytes.fromhex(key_hash) == expected, "key hash does not match"
    return name, expected, Ed25519PublicKey.from_public_bytes(raw[1:])


def checkpoint(note, key):
    """Verifies the signed note and returns (origin, size, root)."""
    name, key_hash, public_key = key
    text, signatures = note.split("\n\n", 1)
    text += "\n"
    for line in signatures.splitlines():
        dash, signer, blob = line.split(" ")
        blob = base64.b64decode(blob)
        if dash == "\u2014" and signer == name and blob[:4] == key_hash:
            public_key.verify(blob[4:], text.encode())  # raises InvalidSignature
            origin, size, root = text.splitlines()[:3]
            return origin, int(size), base64.b64decode(root)
    raise InvalidSignature("no signature by " + name)


def verify_inclusion(index, size, leaf, proof, root):
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(m, n, old_root, new_root, proof):
    if m > n or m == 0:
        return False
    if m == n:
        return not proof and old_root == new_root
    if not proof:
        return False
    if m & (m - 1) == 0:
        proof = [old_root] + proof
    fn, sn = m - 1, n - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = proof[0]
    for p in proof[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node(p, fr), node(p, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node(sr, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == old_root and sr == new_root


def main(args):
    key = verifier_key(open(args[0]).read())
    origin, size, root = checkpoint(open(args[1]).read(), key)
    print(f"ok   checkpoint signature ({origin}, size {size})")
    failures = 0
    inclusion = json.load(open(args[2]))["inclusion"]
    leaf = hashlib.sha256(b"\x00" + base64.b64decode(inclusion["entry"])).digest()
    hashes = [base64.b64decode(h) for h in inclusion["hashes"]]
    if inclusion["treeSize"] == size and verify_inclusion(inclusion["index"], size, leaf, hashes, root):
        print(f"ok   inclusion of entry {inclusion['index']}")
    else:
        print(f"FAIL inclusion of entry {inclusion['index']}")
        failures += 1
    tampered = bytearray(base64.b64decode(inclusion["entry"]))
    tampered[-1] ^= 1
    if verify_inclusion(inclusion["index"], size, hashlib.sha256(b"\x00" + tampered).digest(), hashes, root):
        print("FAIL a changed entry still proves inclusion")
        failures += 1
    if len(args) == 5:
        _, old_size, old_root = checkpoint(open(args[3]).read(), key)
        consistency = json.load(open(args[4]))["consistency"]
        hashes = [base64.b64decode(h) for h in consistency["hashes"]]
        if (consistency["oldSize"], consistency["newSize"]) == (old_size, size) and \
                verify_consistency(old_size, size, old_root, root, hashes):
            print(f"ok   consistency from {old_size} to {size}")
        else:
            print(f"FAIL consistency from {old_size} to {size}")
            failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
