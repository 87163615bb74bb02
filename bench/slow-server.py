#!/usr/bin/env python3
"""A slow HTTP server for bench/online.sh: every answer (HEAD or GET, 200) comes after DELAY
seconds. It listens on 127.0.0.1 … 127.0.0.N (N hosts, one port), so a checker sees N hosts.

    slow-server.py PORT HOSTS DELAY
"""
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, HOSTS, DELAY = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
COUNT = [0]
LOCK = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    def answer(self, body):
        with LOCK:
            COUNT[0] += 1
        time.sleep(DELAY)
        data = b"ok\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def do_HEAD(self):
        self.answer(False)

    def do_GET(self):
        if self.path == "/__count":
            data = f"{COUNT[0]}\n".encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        self.answer(True)

    def log_message(self, *args):
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256


servers = [Server((f"127.0.0.{i}", PORT), Handler) for i in range(1, HOSTS + 1)]
for s in servers[1:]:
    threading.Thread(target=s.serve_forever, daemon=True).start()
print("ready", flush=True)
servers[0].serve_forever()
