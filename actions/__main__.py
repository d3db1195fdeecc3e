"""Runs the action server: `python -m actions [--port 5055] [--host 127.0.0.1]`.

Same server as `python -m rasa_sdk --actions actions`, with two differences that matter here: it binds to
loopback by default (only Rasa talks to it), and it loads the knowledge base and builds its search indexes
right after start-up, so the first person does not wait for them.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os

from rasa_sdk.endpoint import create_app

logger = logging.getLogger("actions")
ACTION_SERVER_KEEP_ALIVE_S = 75


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m actions")
    parser.add_argument("--port", type=int, default=int(os.environ.get("ACTIONS_PORT", "5055")))
    parser.add_argument("--host", default=os.environ.get("ACTIONS_HOST", "127.0.0.1"))
    args = parser.parse_args(argv)
    # One BLAS thread: the nearest-meaning lookups are small matrix-vector products, which multi-threaded
    # OpenBLAS makes ~15x slower on a busy 2-core machine (docs/PERFORMANCE.md). Set before numpy loads.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s  %(message)s")

    app = create_app("actions", cors_origins=None)
    # Rasa's HTTP client keeps connections to the action server alive for 15 s (aiohttp's default); Sanic
    # closes idle ones after 5 s, so under load Rasa reuses a connection the server is closing ("Cannot write
    # to closing transport") and the action's reply is lost. Keep them open longer than the client does.
    app.config.KEEP_ALIVE_TIMEOUT = ACTION_SERVER_KEEP_ALIVE_S

    async def warm_up_knowledge_base(app, _loop) -> None:
        from actions.kb import get_kb

        async def warm() -> None:
            try:
                await get_kb().warm_up()
                from understanding.semantic import warm_up as warm_reader

                await asyncio.to_thread(warm_reader)  # the question examples, embedded once
                logger.info("knowledge base loaded")
            except Exception:  # the actions answer "try again" until it can be loaded
                logger.exception("could not load the knowledge base at start-up")

        app.add_task(warm())

    app.register_listener(warm_up_knowledge_base, "after_server_start")
    logger.info("action server on http://%s:%s", args.host, args.port)
    app.run(args.host, args.port, workers=1, access_log=False)


if __name__ == "__main__":
    main()
