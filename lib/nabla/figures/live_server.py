"""A Jupyter server extension that sends a kernel's answers to the page at once.

Jupyter Server writes each kernel message to the page's websocket as its own small TCP
segment, with Nagle's algorithm left on. The kernel answers an explorer's input with two or
three messages in a row (status "busy", then the frame); Nagle holds the frame until the
page acknowledges the first, and the page's TCP stack delays that acknowledgement by 40 ms
(Linux; 200 ms on Windows). Measured through a Jupyter server on this machine (comm round
trip, median): 48-50 ms as shipped, 7 ms with this extension (benchmarks/live_speed.py
measures it from the page).

The extension sets TCP_NODELAY on every kernel websocket (tornado's public
``WebSocketHandler.set_nodelay``), whatever connection class the server is configured with.
``pip install`` of nabla enables it for the server of that environment (Binder, a hub's
single-user server, a local ``jupyter lab``) through
``etc/jupyter/jupyter_server_config.d/nabla.json``; a server started before the install
needs a restart.
"""


class _Prompt:
    """Mixed into the server's kernel websocket connection class."""

    def connect(self):
        self.websocket_handler.set_nodelay(True)
        return super().connect()


def prompt(connection_class):
    """``connection_class`` with TCP_NODELAY set on its websocket when it connects."""
    if issubclass(connection_class, _Prompt):
        return connection_class
    return type(f"Prompt{connection_class.__name__}", (_Prompt, connection_class), {})


def _jupyter_server_extension_points():
    return [{"module": "nabla.figures.live_server"}]


def _load_jupyter_server_extension(serverapp):
    settings = serverapp.web_app.settings
    key = "kernel_websocket_connection_class"
    settings[key] = prompt(settings[key])
    serverapp.log.info("nabla: kernel websockets send each message at once (TCP_NODELAY)")
