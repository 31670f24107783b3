"""Migrates a fresh SQLite database and serves the project on 127.0.0.1 with a threaded WSGI server.

Prints one JSON line on stdout once listening: {"port", "versions"}. Exits when stdin closes, so a test runner that
dies never leaves this process behind.
"""
import json
import os
import socketserver
import sys
import threading
from importlib.metadata import version
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402


class ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    # A burst of concurrent requests must not overflow the default backlog of 5.
    request_queue_size = 128


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def versions():
    names = {"django": "Django", "djangorestframework": "djangorestframework", "simplejwt": "djangorestframework-simplejwt", "pyjwt": "PyJWT"}
    found = {key: version(dist) for key, dist in names.items()}
    found["python"] = sys.version.split()[0]
    return found


def watch_stdin():
    sys.stdin.read()
    os._exit(0)


def main():
    call_command("migrate", interactive=False, verbosity=0)
    server = make_server("127.0.0.1", 0, get_wsgi_application(), server_class=ThreadingWSGIServer, handler_class=QuietHandler)
    threading.Thread(target=watch_stdin, daemon=True).start()
    print(json.dumps({"port": server.server_port, "versions": versions()}), flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
