"""What one server lets its clients use: frame sizes, buffered bytes, connections, time.

Every bound has a default suited to a development or test server; ``coodie serve``
exposes the main ones as flags. Example::

    >>> limits = Limits(max_connections=64, handshake_timeout=5.0)
    >>> limits.frame_limit(authenticated=False)
    65536
    >>> limits.frame_limit(authenticated=True) == 16 * 1024 * 1024
    True
"""

from __future__ import annotations

import asyncio
from collections import deque

import attrs

MIB = 1024 * 1024


@attrs.frozen(slots=True)
class Limits:
    """The bounds a :class:`~coodie.server.CqlServer` enforces.

    - ``max_frame_size``: largest request body (Cassandra's ``native_transport_max_frame_size``);
      a larger one is answered with an error and its body skipped unread.
    - ``max_unauthenticated_frame_size``: largest body before the handshake is done (STARTUP,
      OPTIONS and AUTH_RESPONSE are small); a larger one closes the connection.
    - ``max_in_flight`` / ``max_in_flight_bytes``: requests and request bytes one connection may
      have running; reading pauses beyond that.
    - ``max_buffered_bytes``: request bytes buffered by all connections together (read or
      running); a connection waits for room before reading a body.
    - ``max_connections``: open connections; further ones are closed at once.
    - ``handshake_timeout``: seconds to finish TLS, STARTUP and authentication.
    - ``frame_timeout``: seconds to send the rest of a frame once its header arrived.
    - ``idle_timeout``: seconds an authenticated connection may stay silent (``None``: forever;
      drivers send heartbeats every 30 s).
    - ``max_auth_failures`` / ``auth_failure_delay``: wrong passwords one connection may try
      before it is closed, and the pause (seconds, doubled each time) before answering one.
    """

    max_frame_size: int = 16 * MIB
    max_unauthenticated_frame_size: int = 64 * 1024
    max_in_flight: int = 128
    max_in_flight_bytes: int = 32 * MIB
    max_buffered_bytes: int = 256 * MIB
    max_connections: int = 1024
    handshake_timeout: float = 10.0
    frame_timeout: float = 30.0
    idle_timeout: float | None = None
    max_auth_failures: int = 3
    auth_failure_delay: float = 0.25

    def frame_limit(self, *, authenticated: bool) -> int:
        """The largest body accepted from a connection in this phase."""
        if authenticated:
            return self.max_frame_size
        return min(self.max_frame_size, self.max_unauthenticated_frame_size)


class ByteBudget:
    """Bytes shared by all connections: :meth:`acquire` waits (first come, first served).

    >>> async def demo():
    ...     budget = ByteBudget(100)
    ...     await budget.acquire(60)
    ...     waiting = asyncio.ensure_future(budget.acquire(60))
    ...     await asyncio.sleep(0)
    ...     blocked = not waiting.done()
    ...     budget.release(60)
    ...     await waiting
    ...     return blocked, budget.used
    >>> asyncio.run(demo())
    (True, 60)
    """

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.used = 0
        self._waiters: deque[tuple[int, asyncio.Future[None]]] = deque()

    async def acquire(self, size: int) -> None:
        """Wait until ``size`` more bytes fit (a request larger than the whole budget waits
        until nothing else is held)."""
        if not self._waiters and self._fits(size):
            self.used += size
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        entry = (size, future)
        self._waiters.append(entry)
        try:
            await future
        except BaseException:
            if entry in self._waiters:
                self._waiters.remove(entry)
            elif future.done() and not future.cancelled():
                self.release(size)  # granted, but the waiter went away
            raise

    def release(self, size: int) -> None:
        """Give back ``size`` bytes and wake the waiters that now fit, in order."""
        self.used -= size
        while self._waiters:
            wanted, future = self._waiters[0]
            if future.done():
                self._waiters.popleft()
                continue
            if not self._fits(wanted):
                break
            self._waiters.popleft()
            self.used += wanted
            future.set_result(None)

    def _fits(self, size: int) -> bool:
        return self.used == 0 or self.used + size <= self.capacity
