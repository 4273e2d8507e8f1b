"""``python -m tests.fakebox [--port 0] [--host 127.0.0.1] [--tls DIR] [--unix-socket PATH]``: the emulator in the
foreground.

The first line on stdout is the base address (``http://127.0.0.1:PORT``, ``https://`` with --tls), printed once
connections are accepted; SIGTERM or SIGINT stops it cleanly (exit 0) and removes its temporary storage.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
from pathlib import Path
from typing import Any

from . import tls
from .server import FakeBoxServer, loop_factory
from .settings import MiB

WAN_PROFILE = {"latency": 0.04, "bandwidth": 12 * MiB}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.fakebox", description="A local emulator of Box uploads.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port to listen on (default 0: any free port)")
    parser.add_argument("--latency", type=float, help="seconds added to every request")
    parser.add_argument("--bandwidth", help="cap per connection, bytes/s or e.g. 12MiB")
    parser.add_argument("--total-bandwidth", help="cap over all connections, bytes/s or e.g. 100MiB")
    parser.add_argument("--wan", action="store_true", help="the WAN profile: 40 ms per request, 12 MiB/s")
    parser.add_argument("--min-chunked-size", help="smallest file a chunked session accepts (default 20MiB)")
    parser.add_argument("--part-size", help="fixed part size instead of Box's tiers, e.g. 8MiB")
    parser.add_argument(
        "--set", action="append", default=[], metavar="NAME=JSON", help="any setting, e.g. plan_scope='\"none\"'"
    )
    parser.add_argument("--data-dir", type=Path, help="keep parts and files here instead of a temporary directory")
    parser.add_argument(
        "--tls", type=Path, metavar="DIR", help="serve HTTPS with the CA and certificate in DIR (made there if absent)"
    )
    parser.add_argument("--unix-socket", type=Path, metavar="PATH", help="listen on this Unix socket as well")
    parser.add_argument("--log-level", default="warning", help="uvicorn log level (default warning)")
    return parser.parse_args(argv)


def settings_from(args: argparse.Namespace) -> dict[str, Any]:
    settings: dict[str, Any] = dict(WAN_PROFILE) if args.wan else {}
    flags = {
        "latency": args.latency,
        "bandwidth": args.bandwidth,
        "total_bandwidth": args.total_bandwidth,
        "min_chunked_size": args.min_chunked_size,
        "part_size": args.part_size,
    }
    settings |= {name: value for name, value in flags.items() if value is not None}
    for item in args.set:
        name, _, raw = item.partition("=")
        try:
            settings[name] = json.loads(raw)
        except ValueError:
            settings[name] = raw
    return settings


async def run(server: FakeBoxServer) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, server.request_stop)

    def announce() -> None:
        print(server.base_url, flush=True)

    await server.serve(announce)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        server = FakeBoxServer(
            args.host,
            args.port,
            settings=settings_from(args),
            data_dir=args.data_dir,
            log_level=args.log_level,
            tls=tls.load(args.tls) if args.tls else None,
            unix_socket=args.unix_socket,
        )
    except (OSError, ValueError) as exc:
        print(f"fakebox: {exc}", file=sys.stderr)
        return 2
    try:
        with asyncio.Runner(loop_factory=loop_factory()) as runner:
            runner.run(run(server))
    finally:
        server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
