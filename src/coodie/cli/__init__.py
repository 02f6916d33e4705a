"""The ``coodie`` command line.

Examples::

    coodie demo                      # a product-catalog story on the embedded engine
    coodie serve --port 9042         # a CQL server backed by the embedded engine
    coodie repair-data --path DIR    # keep a copy, then drop damaged records of a data dir
    coodie convert-legacy-data --path DIR  # convert an old pickle data dir (kept as backup)
    coodie migrate --status          # versioned migrations (see docs/migrations.md)
    coodie makemigration --name x    # write one from the models' differences
    coodie schema-diff               # exit 1 when the database differs from the models
    coodie --version
    coodie serve --cassandra 4.0 --materialized-views false --sasi false   # a stock 4.0 node
"""

from __future__ import annotations

import argparse
import importlib.metadata
import sys
from collections.abc import Sequence

from coodie.cli import common, makemigration, migrate


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coodie", description="The coodie command line.")
    parser.add_argument("--version", action="version", version=f"coodie {_version()}")
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help="run the product-catalog demo on the embedded engine")
    common.add_output_flags(demo, json=False)

    serve = commands.add_parser("serve", help="serve the embedded engine over the CQL protocol")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=9042)
    serve.add_argument("--path", default=None, help="directory for persistent data")
    serve.add_argument(
        "--auth-file", default=None, metavar="FILE", help="require the login USER:PASSWORD in FILE"
    )
    serve.add_argument(
        "--auth", default=None, metavar="USER:PASSWORD", help="visible in ps: prefer --auth-file "
        "or the COODIE_SERVE_AUTH environment variable"
    )  # fmt: skip
    serve.add_argument("--tls-cert", default=None, metavar="PEM", help="serve TLS with this cert")
    serve.add_argument("--tls-key", default=None, metavar="PEM", help="private key of --tls-cert")
    serve.add_argument("--tls-client-ca", default=None, metavar="PEM", help="require client certs")
    serve.add_argument("--max-connections", type=int, default=None, metavar="N")
    serve.add_argument("--max-frame-size", type=int, default=None, metavar="BYTES")
    serve.add_argument("--idle-timeout", type=float, default=None, metavar="SECONDS")
    serve.add_argument(
        "--cassandra",
        choices=("4.0", "5.0"),
        default="5.0",
        help="the Cassandra release to imitate (SAI and vector search from 5.0)",
    )
    serve.add_argument(
        "--materialized-views",
        choices=("true", "false"),
        default="true",
        help="materialized_views_enabled (default true)",
    )
    serve.add_argument(
        "--sasi", choices=("true", "false"), default="true", help="sasi_indexes_enabled"
    )
    repair = commands.add_parser(
        "repair-data", help="repair a damaged data directory (a copy is kept first)"
    )
    repair.add_argument("--path", required=True, help="the data directory")
    legacy = commands.add_parser(
        "convert-legacy-data",
        help="convert a data directory of the old pickle format (the old files are kept)",
    )
    legacy.add_argument("--path", required=True, help="the data directory")
    migrate.add_parser(commands)
    makemigration.add_parsers(commands)
    return parser


def _version() -> str:
    try:
        return importlib.metadata.version("coodie")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - not installed
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``coodie`` console script; returns the exit status."""
    args = _build_parser().parse_args(argv)
    if args.command == "migrate":
        return migrate.run(args)
    if args.command == "makemigration":
        return makemigration.run_makemigration(args)
    if args.command == "schema-diff":
        return makemigration.run_schema_diff(args)
    if args.command == "demo":
        from coodie.cli.demo import run_demo

        return run_demo(color=not args.no_color and sys.stdout.isatty())
    if args.command == "convert-legacy-data":
        from coodie.embedded.legacy import convert_legacy

        for line in convert_legacy(args.path):
            print(line)
        return 0
    if args.command == "repair-data":
        from coodie.embedded.repair import repair_data

        for line in repair_data(args.path):
            print(line)
        return 0
    from coodie.embedded import EngineSettings
    from coodie.server import Limits, serve_forever

    limits = {
        "max_connections": args.max_connections,
        "max_frame_size": args.max_frame_size,
        "idle_timeout": args.idle_timeout,
    }
    settings = EngineSettings(
        args.cassandra, args.materialized_views == "true", args.sasi == "true"
    )
    return serve_forever(
        settings=settings,
        host=args.host,
        port=args.port,
        path=args.path,
        auth=args.auth,
        auth_file=args.auth_file,
        certfile=args.tls_cert,
        keyfile=args.tls_key,
        client_ca=args.tls_client_ca,
        limits=Limits(**{k: v for k, v in limits.items() if v is not None}),
    )


if __name__ == "__main__":
    raise SystemExit(main())
