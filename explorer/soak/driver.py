"""The soak driver: random visitor behaviour against a live :class:`KioskWindow`.

Each interaction is one thing a visitor (or a prankster) might do. Idle
periods long enough for the attract tour and the reset are mixed in, with
the kiosk's timers shortened by the caller. Errors are counted by the
kiosk's own crash guard (that is what is under test); an exception that
escapes to the driver is counted too, separately.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from explorer.soak import gestures
from explorer.soak.memory import rss_mb

#: Key combinations a visitor might try to escape with (all must do nothing).
ESCAPE_KEYS = (
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_Tab, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_Q, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier),
)


@dataclass
class Sample:
    """The kiosk after ``interaction`` interactions."""

    interaction: int
    seconds: float
    rss_mb: float
    exceptions: int
    resets: int
    attracts: int


@dataclass
class SoakResult:
    """Everything the soak measured."""

    interactions: int
    seed: int
    samples: list[Sample] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    driver_errors: list[str] = field(default_factory=list)
    escaped: bool = False

    @property
    def exceptions(self) -> int:
        """Errors the kiosk logged plus errors that reached the driver."""
        return (self.samples[-1].exceptions if self.samples else 0) + len(self.driver_errors)

    def rss_growth(self, baseline_interaction: int = 1000) -> float | None:
        """Relative RSS growth from the sample at ``baseline_interaction`` to the last one."""
        base = next((s for s in self.samples if s.interaction >= baseline_interaction), None)
        if base is None or base is self.samples[-1]:
            return None
        return (self.samples[-1].rss_mb - base.rss_mb) / base.rss_mb


class SoakDriver:
    """Sends random interactions to ``window`` (a shown :class:`KioskWindow`)."""

    def __init__(self, window, seed: int, idle_every: int = 250) -> None:
        self.window, self.rng = window, random.Random(seed)
        self.seed, self.idle_every = seed, idle_every
        self.counts: dict[str, int] = {}
        self.actions: list[tuple[float, Callable[[], None]]] = [
            (20, self.tap_marker), (8, self.tap_anywhere), (4, self.click_marker),
            (10, self.turn_touch), (5, self.turn_mouse), (7, self.pinch), (4, self.pan),
            (5, self.wheel), (8, self.nav_button), (4, self.view_button), (8, self.paint),
            (6, self.region_button), (3, self.pain_panel_button), (2, self.start_again),
            (3, self.escape_key), (1, self.corner_tap), (2, self.scroll_panel),
        ]  # fmt: skip

    # Running ---------------------------------------------------------------

    def run(self, interactions: int, sample_every: int = 500, log=print) -> SoakResult:
        """Do ``interactions`` interactions; sample memory and counters every ``sample_every``."""
        result = SoakResult(interactions, self.seed, counts=self.counts)
        start = time.monotonic()
        weights = [weight for weight, _ in self.actions]
        for number in range(1, interactions + 1):
            if number % self.idle_every == 0:
                action = self.idle
            else:
                action = self.rng.choices(self.actions, weights)[0][1]
            self.counts[action.__name__] = self.counts.get(action.__name__, 0) + 1
            try:
                action()
            except Exception as error:  # the kiosk must not let any through; record if it does
                result.driver_errors.append(f"{number} {action.__name__}: {error!r}")
            if not self.window.isVisible():
                result.escaped = True
            if number == 1 or number % sample_every == 0 or number == interactions:
                result.samples.append(self._sample(number, time.monotonic() - start))
                log(_progress(result.samples[-1]))
        return result

    def _sample(self, number: int, seconds: float) -> Sample:
        window = self.window
        return Sample(
            number, round(seconds, 1), rss_mb(), window.guard.exception_count,
            window.reset_count, window.attract_count,
        )  # fmt: skip

    # Where things are ----------------------------------------------------------

    @property
    def viewport(self):
        """The 3D widget."""
        return self.window.viewport

    def _random_point(self) -> QPoint:
        size = self.viewport.size()
        return QPoint(
            self.rng.randrange(5, size.width() - 5), self.rng.randrange(5, size.height() - 5)
        )

    def _marker_point(self) -> QPoint | None:
        scene = self.window.scene
        visible = [
            tp for tp, shown in zip(scene.marker_ids, scene.visible_markers(), strict=True) if shown
        ]
        if not visible:
            return None
        x, y = scene.display_position(self.rng.choice(visible))
        ratio = self.viewport.devicePixelRatioF()
        point = QPoint(round(x / ratio), round(self.viewport.height() - 1 - y / ratio))
        inside = 0 <= point.x() < self.viewport.width() and 0 <= point.y() < self.viewport.height()
        return point if inside else None

    # Interactions ----------------------------------------------------------------

    def tap_marker(self) -> None:
        """Tap the screen position of a random visible marker (it may be hidden behind skin)."""
        gestures.tap(self.viewport, self._marker_point() or self._random_point())

    def tap_anywhere(self) -> None:
        """Tap a random point of the viewport (skin, background)."""
        gestures.tap(self.viewport, self._random_point())

    def click_marker(self) -> None:
        """The same with a mouse."""
        gestures.mouse_click(self.viewport, self._marker_point() or self._random_point())

    def turn_touch(self) -> None:
        """One-finger drag."""
        start = self._random_point()
        gestures.drag(
            self.viewport,
            start,
            start + QPoint(self.rng.randint(-300, 300), self.rng.randint(-200, 200)),
        )

    def turn_mouse(self) -> None:
        """Mouse drag."""
        start = self._random_point()
        gestures.mouse_drag(
            self.viewport,
            start,
            start + QPoint(self.rng.randint(-300, 300), self.rng.randint(-150, 150)),
        )

    def pinch(self) -> None:
        """Two fingers closing or spreading around a point."""
        centre, spread = self._random_point(), self.rng.randint(40, 200)
        grow = self.rng.choice((0.5, 1.8))
        starts = [centre + QPoint(-spread, 0), centre + QPoint(spread, 0)]
        ends = [centre + QPoint(round(-spread * grow), 0), centre + QPoint(round(spread * grow), 0)]
        gestures.two_finger(self.viewport, starts, ends)

    def pan(self) -> None:
        """Two fingers moving together."""
        centre = self._random_point()
        shift = QPoint(self.rng.randint(-150, 150), self.rng.randint(-150, 150))
        starts = [centre + QPoint(-60, 0), centre + QPoint(60, 0)]
        gestures.two_finger(self.viewport, starts, [point + shift for point in starts])

    def wheel(self) -> None:
        """Mouse wheel in or out."""
        gestures.wheel(self.viewport, self._random_point(), self.rng.choice((-2, -1, 1, 2)))

    def nav_button(self) -> None:
        """Explore / Where does it hurt? / About headaches."""
        self._click(self.rng.choice(list(self.window.nav_buttons.values())))

    def view_button(self) -> None:
        """Front / Back / Left / Right."""
        self._click(self.rng.choice(list(self.window.view_buttons.values())))

    def paint(self) -> None:
        """A finger stroke in the pain-drawing mode (switching to it first)."""
        self._click(self.window.nav_buttons["pain"])
        panel = self.window.pain_mode.panel
        self._click(panel.tool_buttons[self.rng.choice(("paint", "paint", "erase"))])
        self.turn_touch()

    def region_button(self) -> None:
        """A region preset (forehead left, temples both...)."""
        self._click(self.window.nav_buttons["pain"])
        self._click(self.rng.choice(list(self.window.pain_mode.panel.region_buttons.values())))

    def pain_panel_button(self) -> None:
        """Undo, Clear, top three, a result, a tool or a brush size."""
        panel = self.window.pain_mode.panel
        self._click(self.window.nav_buttons["pain"])
        choices = [
            panel.undo_button,
            panel.clear_button,
            panel.top_three,
            *panel.size_buttons.values(),
            panel.tool_buttons["turn"],
        ]
        self._click(self.rng.choice(choices))
        if panel.results.count() and self.rng.random() < 0.5:
            item = panel.results.item(self.rng.randrange(panel.results.count()))
            rect = panel.results.visualItemRect(item)
            gestures.mouse_click(panel.results.viewport(), rect.center())

    def start_again(self) -> None:
        """The "Start again" button."""
        self._click(self.window.start_again)

    def escape_key(self) -> None:
        """A key combination that must not close or leave the kiosk."""
        key, modifiers = self.rng.choice(ESCAPE_KEYS)
        gestures.key(self.window, key, modifiers)

    def corner_tap(self) -> None:
        """A short press in the hidden corner (too short to open the PIN pad)."""
        gestures.mouse_click(self.window, QPoint(4, 4))

    def scroll_panel(self) -> None:
        """A finger drag on the side panel (scrolls the card)."""
        widget = self.window.side.currentWidget()
        gestures.drag(widget, QPoint(200, 500), QPoint(200, 150))

    def idle(self) -> None:
        """Nobody there: long enough for the tour, and every other time for the reset too."""
        timings = self.window.timings
        wait = timings.reset_ms if self.rng.random() < 0.5 else timings.attract_ms
        QTest.qWait(wait + 300)

    def _click(self, button) -> None:
        if button.isVisible() and button.isEnabled():
            QTest.mouseClick(button, Qt.MouseButton.LeftButton)
            QApplication.processEvents()


def _progress(sample: Sample) -> str:
    return (
        f"[soak] {sample.interaction:>6} interactions  {sample.seconds:>7.1f} s  "
        f"RSS {sample.rss_mb:7.1f} MB  exceptions {sample.exceptions}  resets {sample.resets}"
    )
