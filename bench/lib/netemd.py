#!/usr/bin/python3
"""A userspace netem between two TUN devices, for kernels without sch_netem (this project's test
machines run a Firecracker kernel that has tbf and htb but no netem).

bench/lib/netns.ts starts it: it creates TUN devices HOST_IF and NS_IF (the caller moves NS_IF
into the namespace and gives both addresses), prints "ready", then forwards IP packets between
them. Packets read from HOST_IF go "down" (towards the namespace), packets from NS_IF go "up".
Each direction is a bottleneck like netem's: random loss, a FIFO of `limit` packets drained at
`rate` kbit/s, then a fixed one-way `delay`. Shapes arrive as JSON lines on stdin:
  {"down": {"rateKbit": 400, "delayMs": 75, "lossPct": 3, "limitPackets": 30}, "up": {...}}
It exits when stdin closes (its parent died), and the kernel removes both devices with it.
"""
import fcntl
import heapq
import json
import os
import random
import select
import struct
import sys
import time

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000


def open_tun(name):
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
    return fd


class Direction:
    def __init__(self, out_fd):
        self.out_fd = out_fd
        self.shape = {}
        self.last_departure = 0.0
        self.waiting = []  # departure times of packets still in the bottleneck queue
        self.passed = 0
        self.dropped = 0

    def take(self, packet, now, heap, seq):
        s = self.shape
        if random.random() * 100 < s.get("lossPct", 0):
            self.dropped += 1
            return
        rate = s.get("rateKbit", 0) * 1000
        self.waiting = [d for d in self.waiting if d > now]
        limit = s.get("limitPackets", 1000)
        if len(self.waiting) >= limit:
            self.dropped += 1  # tail drop: the bottleneck's queue is full
            return
        departure = now
        if rate > 0:
            departure = max(now, self.last_departure) + len(packet) * 8 / rate
            self.last_departure = departure
            self.waiting.append(departure)
        heapq.heappush(heap, (departure + s.get("delayMs", 0) / 1000, seq, self, packet))


def main():
    host_if, ns_if = sys.argv[1], sys.argv[2]
    host_fd, ns_fd = open_tun(host_if), open_tun(ns_if)
    down, up = Direction(ns_fd), Direction(host_fd)
    sources = {host_fd: down, ns_fd: up}
    heap = []
    seq = 0
    stdin = sys.stdin.fileno()
    os.set_blocking(stdin, False)
    pending = b""
    print("ready", flush=True)
    while True:
        now = time.monotonic()
        while heap and heap[0][0] <= now:
            _, _, d, packet = heapq.heappop(heap)
            try:
                os.write(d.out_fd, packet)
                d.passed += 1
            except OSError:
                d.dropped += 1  # the device is down (namespace removed): nothing to deliver to
        timeout = max(0.0, heap[0][0] - now) if heap else 1.0
        readable, _, _ = select.select([host_fd, ns_fd, stdin], [], [], timeout)
        now = time.monotonic()
        for fd in readable:
            if fd == stdin:
                chunk = os.read(stdin, 65536)
                if not chunk:
                    return
                pending += chunk
                while b"\n" in pending:
                    line, pending = pending.split(b"\n", 1)
                    if line.strip():
                        shape = json.loads(line)
                        down.shape, up.shape = shape.get("down", {}), shape.get("up", {})
                        print(json.dumps({"down": [down.passed, down.dropped], "up": [up.passed, up.dropped]}), flush=True)
                continue
            for _ in range(64):
                try:
                    packet = os.read(fd, 65536)
                except BlockingIOError:
                    break
                seq += 1
                sources[fd].take(packet, now, heap, seq)


if __name__ == "__main__":
    main()
