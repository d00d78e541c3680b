"""The server extension that sends a kernel's answers at once (nabla.figures.live_server)."""

from jupyter_core.paths import jupyter_config_path
from jupyter_server.extension.config import ExtensionConfigManager
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from nabla.figures import live_server
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


def test_installing_nabla_enables_the_extension_for_this_environments_server():
    """As Binder's and a hub's server find it, from the installed config (the JupyterLab test
    finds the extension's line in a real server's log)."""
    manager = ExtensionConfigManager(read_config_path=jupyter_config_path())
    assert manager.enabled("nabla.figures.live_server")
    assert not manager.enabled("nabla.figures.no_such_extension")
    assert callable(live_server._load_jupyter_server_extension)
