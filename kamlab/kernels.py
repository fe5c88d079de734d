"""A kernel client that never sleeps through a message that has arrived.

With ipykernel 7 on a busy machine, zmq's asyncio poller sometimes misses the wake-up for a
message already waiting on a kernel socket: the client then waits until its timeout runs out
and only then reads the reply (seen building the web edition: a cell's reply sat unread for the
whole 15-minute cell timeout; a run with a 120 s timeout stalled 119 s on one widget cell).
:class:`PatientClient` polls each socket in slices of at most half a second, so such a stall
costs at most 0.5 s.

Used by ``book/build.py`` (``NotebookClient(km=...)`` with ``km.client_factory = PatientClient``)
and by the dashboard's Voilà (``dashboard/voila.json``: ``KernelManager.client_class``).
"""

from __future__ import annotations

import time
from queue import Empty
from typing import Any

from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from traitlets import Type

SLICE = 0.5
"""The longest a channel waits on its socket before looking again (seconds)."""


class PatientChannel(AsyncZMQSocketChannel):
    """An asyncio kernel channel whose ``get_msg`` looks at its socket at least every :data:`SLICE`."""

    async def get_msg(self, timeout: float | None = None) -> dict[str, Any]:  # type: ignore[override]
        """The next message; ``Empty`` when none came within ``timeout`` seconds (``None``: wait)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = SLICE if deadline is None else min(SLICE, max(0.0, deadline - time.monotonic()))
            if await self.socket.poll(int(left * 1000)):
                return await self._recv()
            if deadline is not None and time.monotonic() >= deadline:
                raise Empty


class PatientClient(AsyncKernelClient):
    """:class:`jupyter_client.AsyncKernelClient` with :class:`PatientChannel` for every socket channel."""

    shell_channel_class = Type(PatientChannel)
    iopub_channel_class = Type(PatientChannel)
    stdin_channel_class = Type(PatientChannel)
    control_channel_class = Type(PatientChannel)
