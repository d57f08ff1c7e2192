#!/usr/bin/env python3
"""A real SMTP server for Herald's tests (aiosmtpd, a third-party implementation).

It offers STARTTLS with the given certificate, refuses MAIL before TLS and AUTH, accepts AUTH
PLAIN/LOGIN for one user, and writes each accepted message to --dir as a JSON file
({"from", "to", "data"}) named by arrival order. `scripts/test` starts it and tells the tests
where it listens (HERALD_TEST_SMTP) and where messages land (HERALD_TEST_SMTP_DIR).

  smtp-peer.py --port 2525 --dir D --cert C --key K --user U --password P
"""
import argparse
import json
import os
import signal
import ssl
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Store:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            name = os.path.join(self.directory, "%06d.json" % self.count)
        record = {"from": envelope.mail_from, "to": envelope.rcpt_tos,
                  "data": envelope.original_content.decode("utf-8", "replace")}
        with open(name + ".tmp", "w") as f:
            json.dump(record, f)
        os.rename(name + ".tmp", name)
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="localhost")
    parser.add_argument("--port", type=int, default=2525)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and \
            auth_data.login.decode() == args.user and auth_data.password.decode() == args.password
        return AuthResult(success=ok, handled=False)

    controller = Controller(Store(args.dir), hostname=args.host, port=args.port, tls_context=context,
                            require_starttls=True, authenticator=authenticate, auth_required=True,
                            auth_require_tls=True)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
