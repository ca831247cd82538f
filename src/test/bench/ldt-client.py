#!/usr/bin/env python3
"""Closed-loop client for strongSwan's load-tester control socket.

  ldt-client.py SOCKET COUNT CONCURRENCY TIMEOUT_S

CONCURRENCY control connections each ask the load-tester plugin for one IKE SA
at a time ("1 0\\n") and wait until it is done, so that CONCURRENCY IKE SAs are
in flight; COUNT in total, and never past TIMEOUT_S. The plugin answers one
character per event: '.' initiated, '!' initiate failed, '+' IKE SA established,
'-' IKE SA failed, '*' retransmit, and a newline when the request is finished.
Prints one line of key=value results.
"""
import select
import socket
import sys
import threading
import time

path, count, conc, timeout = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
counts = {k: 0 for k in ".!+-*"}
lock = threading.Lock()
t0 = time.monotonic()
deadline = t0 + timeout
todo = [count]
finished = [0]


def one():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    s.sendall(b"1 0\n")
    done = False
    while not done and time.monotonic() < deadline:
        r, _, _ = select.select([s], [], [], 0.5)
        if not r:
            continue
        data = s.recv(4096)
        if not data:
            done = True
        with lock:
            for ch in data.decode(errors="replace"):
                if ch in counts:
                    counts[ch] += 1
                elif ch == "\n":
                    done = True
    s.close()
    return done


def worker():
    while True:
        with lock:
            if todo[0] <= 0 or time.monotonic() >= deadline:
                return
            todo[0] -= 1
        if one():
            with lock:
                finished[0] += 1


threads = [threading.Thread(target=worker, daemon=True) for _ in range(max(1, conc))]
for t in threads:
    t.start()
for t in threads:
    t.join(max(0.1, deadline - time.monotonic()))
elapsed = time.monotonic() - t0
print(f"established={counts['+']} failed={counts['-']} initiate_errors={counts['!']} "
      f"retransmits={counts['*']} requested={count} elapsed_s={elapsed:.3f} "
      f"ike_sa_per_s={counts['+'] / elapsed:.1f} completed={'yes' if finished[0] == count else 'timeout'}")
