"""Streamlit sessions driven over the websocket protocol, without a browser.

Used by bench/browser_bench.py for the concurrency benchmark: on a 2-core machine, 20 headless
Chromium instances spend far more CPU drawing than the server spends answering them (section
[4] of docs/benchmarks.md), so the round trips measure the client machine. A ProtocolSession
opens a real session on the server and sends the same BackMsg a browser sends when the sidebar
分野 filter changes (rerun_script with the widget states, the page's script hash and the
browser's context info), then waits for script_finished. The server does exactly the work it
does for a browser; only the drawing, which real users do on their own computers, is left out.

tests/browser/test_admin_security.py uses the same class as an attacker: `existing_session_id`
reconnects to a session whose id leaked (e.g. from an upload URL in an access log), exactly as
Streamlit's frontend reconnects after a dropped websocket, but with none of the victim's cookies.
"""

from __future__ import annotations

import time

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

FIELD_WIDGET_SUFFIX = "-field"  # the sidebar 分野 multiselect (key "field")


class ProtocolSession:
    """One Streamlit session on the server, driven like a browser that never draws."""

    def __init__(
        self,
        url: str,
        locale: str = "ja-JP",
        existing_session_id: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self.locale = locale
        self.existing_session_id = existing_session_id
        self.headers = headers or {}
        self.widgets: dict[str, str] = {}  # widget id → element type
        self.page_script_hash = ""
        self.session_id = ""  # the server's id for this session (from new_session)
        self.pages: dict[str, str] = {}  # url path ("" for the default page) → script hash
        self.texts: list[str] = []  # headings, markdown and alerts drawn by the last run
        self._ws: websockets.ClientConnection | None = None

    def _message(
        self,
        query_string: str = "",
        fields: list[str] | None = None,
        widget_states: list | None = None,
        page_name: str = "",
    ) -> bytes:
        msg = BackMsg()
        rerun = msg.rerun_script
        rerun.query_string = query_string
        rerun.page_script_hash = "" if page_name else self.page_script_hash
        rerun.page_name = page_name
        rerun.widget_states.SetInParent()
        if fields is not None:
            widget = rerun.widget_states.widgets.add()
            widget.id = self.field_widget
            widget.string_array_value.data.extend(fields)
        for state in widget_states or []:
            rerun.widget_states.widgets.append(state)
        info = rerun.context_info
        info.timezone, info.locale, info.color_scheme = "UTC", self.locale, "light"
        info.url = self.url + "/"
        return msg.SerializeToString()

    @property
    def field_widget(self) -> str:
        return next(w for w in self.widgets if w.endswith(FIELD_WIDGET_SUFFIX))

    async def _run(self, message: bytes) -> float:
        """Send one rerun request; return ms until its script_finished arrives."""
        assert self._ws is not None
        began = time.perf_counter()
        await self._ws.send(message)
        self.texts = []
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(await self._ws.recv())
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.page_script_hash = msg.new_session.page_script_hash
                self.session_id = msg.new_session.initialize.session_id
                self.pages = {p.url_pathname: p.page_script_hash for p in msg.new_session.app_pages}
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                inner = getattr(element, element.WhichOneof("type"))
                if getattr(inner, "id", ""):
                    self.widgets[inner.id] = element.WhichOneof("type")
                text = getattr(inner, "body", "")
                if isinstance(text, str) and text:
                    self.texts.append(text)
            elif kind == "script_finished":
                return (time.perf_counter() - began) * 1000

    async def open(self) -> float:
        """Connect and run the app once (the first visit); return ms."""
        # Streamlit's frontend sends [subprotocol, XSRF token, session id to resume]; a client
        # without the browser's XSRF cookie can only send a placeholder token.
        protocols = ["streamlit"]
        if self.existing_session_id:
            protocols += ["no-xsrf-token", self.existing_session_id]
        self._ws = await websockets.connect(
            self.url.replace("http", "ws", 1) + "/_stcore/stream",
            subprotocols=protocols,  # type: ignore[arg-type]
            additional_headers=self.headers,
            max_size=None,
        )
        return await self._run(self._message())

    async def run_page(self, path: str, widget_states: list | None = None) -> float:
        """Run the page at url path `path` ("admin"), with the given WidgetState protos; ms.

        A page hidden from the navigation is not in `pages`; it is asked for by its url path,
        as the browser does for a typed address."""
        return await self._run(self._message(widget_states=widget_states, page_name=path))

    def widget(self, key: str) -> str:
        """The id of the widget drawn with this user key in the last runs."""
        return next(w for w in self.widgets if w.endswith(f"-{key}"))

    async def toggle(self, step: int, cycle: tuple[str, ...]) -> float:
        """Even steps select the next 分野 of `cycle`, odd steps clear it: like the browser."""
        if step % 2 == 0:
            field = cycle[(step // 2) % len(cycle)]
            return await self._run(self._message(f"field={field}", [field]))
        return await self._run(self._message("", []))

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
