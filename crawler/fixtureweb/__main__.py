"""Run the fixture web as a process: prints ``PORT=<n>`` first, then serves until killed.

Control it over HTTP: ``POST /__fixture__/edition/<n>``, ``GET /__fixture__/state``,
``GET /__fixture__/truth?edition=n``, ``GET /__fixture__/changes?from=1&to=2``,
``GET /__fixture__/sources?outlets=a,b``.
"""

from __future__ import annotations

import argparse
import signal
import sys
from types import FrameType

from .web import FixtureWeb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.fixtureweb", description=__doc__)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--edition", type=int, default=1)
    parser.add_argument("--slow-seconds", type=float, default=4.0)
    parser.add_argument("--corpus-copies", type=int, default=0)
    parser.add_argument("--sources", help="also write the demo sources file here")
    args = parser.parse_args(argv)
    web = FixtureWeb(seed=args.seed, edition=args.edition, slow_seconds=args.slow_seconds, port=args.port,
                     corpus_copies=args.corpus_copies)
    if args.sources:
        web.write_sources(args.sources)
    print(f"PORT={web.port}", flush=True)

    def _stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    try:
        web.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        web._server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
