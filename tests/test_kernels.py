"""kamlab.kernels: a channel that returns a waiting message, and says Empty when none comes."""

from __future__ import annotations

import asyncio
from queue import Empty

import pytest
import zmq
import zmq.asyncio
from jupyter_client.session import Session

from kamlab.kernels import SLICE, PatientChannel, PatientClient


def _pair(ctx: zmq.asyncio.Context) -> tuple[zmq.asyncio.Socket, zmq.asyncio.Socket]:
    a, b = ctx.socket(zmq.PAIR), ctx.socket(zmq.PAIR)
    port = a.bind_to_random_port("tcp://127.0.0.1")
    b.connect(f"tcp://127.0.0.1:{port}")
    return a, b


def test_a_message_is_read_and_silence_is_empty():
    async def run() -> str:
        ctx = zmq.asyncio.Context()
        a, b = _pair(ctx)
        session = Session()
        channel = PatientChannel(b, session)
        try:
            with pytest.raises(Empty):  # nothing sent: it gives up after the timeout, sliced or not
                await channel.get_msg(timeout=2 * SLICE)
            session.send(a, "kernel_info_reply", {"status": "ok"})
            msg = await channel.get_msg(timeout=60)
            return msg["msg_type"]
        finally:
            a.close(linger=0)
            b.close(linger=0)
            ctx.term()

    assert asyncio.run(run()) == "kernel_info_reply"


def test_the_client_uses_the_patient_channel_everywhere():
    for name in ("shell", "iopub", "stdin", "control"):
        assert getattr(PatientClient, f"{name}_channel_class").default_value is PatientChannel
