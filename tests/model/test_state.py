"""AppState: signals fire once per real change, never for a no-op; undo works."""

from __future__ import annotations

import pytest

from explorer.model.state import LAYERS, MODES, UNDO_DEPTH, AppState, LayerSettings

A, B, C = "upper_trapezius.tp1.left", "upper_trapezius.tp1.right", "sternocleidomastoid.tp1.left"


class Recorder:
    """Collects every emission of the signals it is connected to."""

    def __init__(self, state: AppState, *names: str) -> None:
        self.calls: list[tuple[str, object]] = []
        for name in names:
            getattr(state, name).connect(lambda value, name=name: self.calls.append((name, value)))


@pytest.fixture
def state() -> AppState:
    return AppState()


def test_select_replaces_and_fires_once(state):
    recorder = Recorder(state, "selection_changed")
    state.select(A)
    state.select(B)
    assert state.selection == (B,)
    assert recorder.calls == [("selection_changed", (A,)), ("selection_changed", (B,))]


def test_no_op_changes_emit_nothing(state):
    state.select(A)
    state.set_mode("lookup")
    state.set_hovered(A)
    state.set_layer_opacity("skin", 0.5)
    state.set_marker_filter("scm")
    state.set_show_only_selected_muscle(True)
    signals = [name for name in vars(AppState) if name.endswith("_changed")]
    recorder = Recorder(state, *signals)
    state.select(A)
    state.set_mode("lookup")
    state.set_hovered(A)
    state.set_layer_visible("skin", True)
    state.set_layer_opacity("skin", 0.5)
    state.set_marker_filter("scm")
    state.set_show_only_selected_muscle(True)
    AppState().clear_selection()
    assert recorder.calls == []


def test_additive_select_toggles_membership(state):
    recorder = Recorder(state, "selection_changed")
    state.select(A)
    state.select(B, additive=True)
    state.select(C, additive=True)
    state.select(B, additive=True)
    assert state.selection == (A, C)
    assert [value for _, value in recorder.calls] == [(A,), (A, B), (A, B, C), (A, C)]
    state.clear_selection()
    assert state.selection == ()
    assert recorder.calls[-1] == ("selection_changed", ())


def test_undo_and_redo_step_through_selections(state):
    state.select(A)
    state.select(B, additive=True)
    state.clear_selection()
    recorder = Recorder(state, "selection_changed")
    assert state.undo() and state.selection == (A, B)
    assert state.undo() and state.selection == (A,)
    assert state.undo() and state.selection == ()
    assert not state.undo()
    assert state.redo() and state.selection == (A,)
    assert [value for _, value in recorder.calls] == [(A, B), (A,), (), (A,)]
    state.select(C)
    assert not state.redo()  # a new change drops the redo history


def test_set_selection_drops_duplicates(state):
    state.set_selection((A, B, A))
    assert state.selection == (A, B)


def test_layers_visibility_and_opacity(state):
    recorder = Recorder(state, "layer_changed")
    assert state.layer("bones") == LayerSettings(visible=True, opacity=1.0)
    state.set_layer_visible("bones", False)
    state.set_layer_opacity("superficial", 1.7)
    assert state.layer("bones").visible is False
    assert state.layer("superficial").opacity == 1.0  # clamped: nothing changed
    state.set_layer_opacity("deep", 0.3)
    assert state.layer("deep") == LayerSettings(True, 0.3)
    assert recorder.calls == [("layer_changed", "bones"), ("layer_changed", "deep")]
    assert set(LAYERS) == {"skin", "superficial", "deep", "bones", "at_risk"}
    with pytest.raises(ValueError, match="unknown layer 'muscles'"):
        state.set_layer_visible("muscles", False)


def test_hover_mode_filter_and_isolation_signals(state):
    names = ("hovered_changed", "mode_changed", "marker_filter_changed")
    recorder = Recorder(state, *names, "show_only_selected_muscle_changed")
    state.set_hovered(A)
    state.set_hovered(None)
    state.set_mode("quiz")
    state.set_marker_filter("trap")
    state.set_show_only_selected_muscle(True)
    assert recorder.calls == [
        ("hovered_changed", A),
        ("hovered_changed", None),
        ("mode_changed", "quiz"),
        ("marker_filter_changed", "trap"),
        ("show_only_selected_muscle_changed", True),
    ]
    with pytest.raises(ValueError, match="unknown mode 'play'"):
        state.set_mode("play")


def test_forget_history_leaves_the_selection_and_nothing_to_step_to(state):
    state.select(A)
    state.select(B)
    state.undo()  # one step each way: undo back to (), redo on to (B,)
    recorder = Recorder(state, "selection_changed")
    state.forget_history()
    assert state.selection == (A,)
    assert not state.undo() and not state.redo()
    assert recorder.calls == []


def test_undo_goes_back_at_most_undo_depth_selections(state):
    assert UNDO_DEPTH == 100
    for number in range(101):  # 101 changes from the empty start
        state.select(f"m.tp{number}.left")
    steps = 0
    while state.undo():
        steps += 1
    assert steps == 100
    assert state.selection == ("m.tp0.left",)  # the empty start fell off the end


def test_opacity_is_clamped_at_zero_too(state):
    state.set_layer_opacity("skin", -0.5)
    assert state.layer("skin") == LayerSettings(True, 0.0)
    state.set_layer_visible("skin", False)
    assert state.layer("skin") == LayerSettings(False, 0.0)
    with pytest.raises(ValueError, match=r"^unknown layer 'x'; expected one of skin, superficial"):
        state.layer("x")


def test_a_fresh_state_starts_empty_in_explore_mode(state):
    recorder = Recorder(state, "hovered_changed", "marker_filter_changed", "mode_changed")
    assert state.hovered is None and state.marker_filter == "" and state.mode == "explore"
    assert state.show_only_selected_muscle is False
    state.set_hovered(None)  # already so: no signal
    state.set_marker_filter("")
    state.set_mode("explore")
    assert recorder.calls == []


def test_undo_after_redo_goes_back_again(state):
    state.select(A)
    state.select(B)
    state.undo()
    state.redo()
    assert state.undo() and state.selection == (A,)
    assert state.undo() and state.selection == ()


def test_an_unknown_mode_names_the_known_ones(state):
    with pytest.raises(ValueError) as caught:
        state.set_mode("play")
    assert str(caught.value) == "unknown mode 'play'; expected one of " + ", ".join(MODES)
    assert MODES[0] == "explore"
