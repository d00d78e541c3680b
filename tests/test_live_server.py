"""The server extension that sends a kernel's answers at once (nabla.figures.live_server)."""

import re
import subprocess
import sys
from pathlib import Path

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from nabla.figures.live_server import prompt


class _Handler:
    def __init__(self, calls):
        self.calls = calls

    def set_nodelay(self, value):
        self.calls.append(("nodelay", value))


class _Connection:
    """Stands for a server's connection class: records that it connected."""

    def __init__(self, calls):
        self.calls, self.websocket_handler = calls, _Handler(calls)

    def connect(self):
        self.calls.append(("connect",))
        return "connected"


def test_the_websocket_sends_at_once_before_the_kernel_connects():
    calls = []
    assert prompt(_Connection)(calls).connect() == "connected"
    assert calls == [("nodelay", True), ("connect",)]


def test_the_servers_own_class_keeps_its_behaviour_and_is_wrapped_once():
    wrapped = prompt(ZMQChannelsWebsocketConnection)
    assert issubclass(wrapped, ZMQChannelsWebsocketConnection)
    assert prompt(wrapped) is wrapped
    assert wrapped.handle_incoming_message is ZMQChannelsWebsocketConnection.handle_incoming_message


def test_installing_nabla_enables_the_extension_in_this_environments_server():
    """As Binder and a hub's single-user server find it: from the installed config."""
    jupyter = Path(sys.executable).parent / "jupyter"
    listed = subprocess.run(
        [jupyter, "server", "extension", "list"], capture_output=True, text=True, check=True
    )
    shown = re.sub(r"\x1b\[[0-9;]*m", "", listed.stdout + listed.stderr)  # colours
    lines = [line.split() for line in shown.splitlines() if "nabla.figures.live_server" in line]
    assert ["nabla.figures.live_server", "enabled"] in lines, shown
    assert ["nabla.figures.live_server", "OK"] in lines, shown  # it imports and loads
