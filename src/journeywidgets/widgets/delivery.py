"""Where a document widget handles the page's messages, and in what order it sends its own.

Two facts of a Jupyter kernel shape this module:

- ipykernel 7 with JupyterLab 4.4+ delivers comm messages on a *subshell's* thread (JupyterLab
  opens a subshell per comm target), while the notebook's code runs on the main thread. A browser
  edit then runs concurrently with, say, a Python burst of ``journey.add_card``. :class:`HomeLoop`
  hands such a message to the loop the widget was made on, so every change of a journey happens on
  one thread.
- A journey tells its observers of a change after it released its lock, so changes committed on
  two threads (or a change made by an observer while the others are still being told) can reach a
  widget out of revision order. :class:`ChangeOutbox` sends change messages strictly in revision
  order, holding back one whose predecessor has not been told yet.

Example:
    >>> sent = []
    >>> outbox = ChangeOutbox(sent.append, revision=38)
    >>> outbox.put(40, "38->40"); sent
    []
    >>> outbox.put(39, "38->39"); sent
    ['38->39', '38->40']
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any

from journeywidgets.data.scheduling import kernel_loop

#: most change messages held back waiting for an earlier one before the outbox gives up on it
MAX_HELD = 10_000


class HomeLoop:
    """The event loop a widget was made on, and its thread.

    Args:
        loop: The event loop; the thread that makes the :class:`HomeLoop` is taken to be the loop's.

    Example:
        >>> import asyncio
        >>> loop = asyncio.new_event_loop(); home = HomeLoop(loop); home.here()
        True
        >>> loop.close()
    """

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self._thread = threading.get_ident()

    @classmethod
    def current(cls) -> HomeLoop | None:
        """The running kernel loop of this thread, or None outside a kernel (scripts, tests).

        Returns:
            A :class:`HomeLoop` of the kernel's event loop when one runs in this thread, else ``None``.

        Example:
            >>> HomeLoop.current() is None
            True
        """
        loop = kernel_loop()
        return cls(loop) if loop is not None else None

    def here(self) -> bool:
        """Whether the caller runs on the home loop's thread.

        Returns:
            ``True`` on the thread that made this :class:`HomeLoop`.

        Example:
            >>> import asyncio
            >>> loop = asyncio.new_event_loop(); HomeLoop(loop).here(); loop.close()
            True
        """
        return threading.get_ident() == self._thread

    def call(self, callback: Callable[..., Any], *args: Any) -> None:
        """Run ``callback(*args)`` on the home loop's thread soon (now, if that loop is closed).

        Args:
            callback: What to run.
            *args: Its arguments.

        Example:
            >>> import asyncio
            >>> loop = asyncio.new_event_loop(); loop.close(); seen = []
            >>> HomeLoop(loop).call(seen.append, 1); seen
            [1]
        """
        try:
            self.loop.call_soon_threadsafe(callback, *args)
        except RuntimeError:  # the loop is closed (the kernel is shutting down): nothing else will run it
            callback(*args)


class ChangeOutbox:
    """Send change messages in revision order, whatever order they are put in.

    ``put(revision, message)`` sends the message once every earlier revision's has been sent.
    ``flush(revision)`` gives up on a gap (a change never told) at a full sync, which carries the
    whole document anyway: held messages are dropped and sending resumes after ``revision``.

    Args:
        send: Sends one message.
        revision: The last revision already told; the next message sent is the one of ``revision + 1``.

    Example:
        >>> sent = []; outbox = ChangeOutbox(sent.append, revision=0)
        >>> outbox.put(2, "b"); outbox.flush(2); outbox.put(3, "c"); sent
        ['c']
    """

    def __init__(self, send: Callable[[Any], None], revision: int) -> None:
        self._send = send
        self._next = revision + 1
        self._held: dict[int, Any] = {}
        self._lock = threading.RLock()

    def put(self, revision: int, message: Any) -> None:
        """Send ``message`` (the change that made ``revision``) in its turn.

        Args:
            revision: The revision the change made.
            message: What to send for it; sent once every earlier revision's message was (or was given up on).

        Example:
            >>> sent = []; ChangeOutbox(sent.append, revision=4).put(5, "m"); sent
            ['m']
        """
        with self._lock:
            if revision < self._next:  # older than what was sent (after a flush): the full document had it
                return
            self._held[revision] = message
            if len(self._held) > MAX_HELD:  # a change that is never told: give up on it
                self._next = min(self._held)
            while self._next in self._held:
                self._send(self._held.pop(self._next))
                self._next += 1

    def flush(self, revision: int) -> None:
        """Drop what waits behind a gap and go on after ``revision`` (the document's, sent in full).

        Args:
            revision: The revision the full document just sent has; changes up to it are not sent.

        Example:
            >>> sent = []; outbox = ChangeOutbox(sent.append, revision=0); outbox.flush(7); outbox.put(8, "x"); sent
            ['x']
        """
        with self._lock:
            self._held.clear()
            self._next = max(self._next, revision + 1)

    @property
    def held(self) -> int:
        """How many messages wait for an earlier revision's.

        Example:
            >>> ChangeOutbox(print, revision=0).held
            0
        """
        return len(self._held)
