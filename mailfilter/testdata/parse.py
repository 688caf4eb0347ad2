#!/usr/bin/env python3
"""Reads a message on stdin with Python's email package and prints its leaf
parts as JSON: type, file name, Content-ID and SHA-256 of the decoded body.
TestPythonReadsOutput uses it to check Filter's output with a second,
independent MIME parser."""
import hashlib
import json
import sys
from email import policy
from email.parser import BytesParser

msg = BytesParser(policy=policy.default).parse(sys.stdin.buffer)
out = []
for part in msg.walk():
    if part.is_multipart():
        continue
    payload = part.get_payload(decode=True) or b""
    out.append({
        "type": part.get_content_type(),
        "filename": part.get_filename() or "",
        "cid": (part.get("Content-ID") or "").strip().strip("<>"),
        "sha256": hashlib.sha256(payload).hexdigest(),
        "defects": [type(d).__name__ for d in part.defects],
    })
print(json.dumps({"parts": out, "defects": [type(d).__name__ for d in msg.defects]}))
