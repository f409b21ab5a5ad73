"""Isolate one muscle: only it (one side or both) and its markers, the skeleton faint.

Isolating takes a snapshot of everything it changes: every structure actor's
visibility, opacity and back-face culling, the layer settings, and the
marker filter. :meth:`MuscleIsolation.restore` puts the layers, the
visibility and the filter back; opacity and culling follow from the layers
(so a look another view laid over them, such as the needle view's, is
never frozen in by a restore). The
skin layer goes fully see-through, which leaves only the painted pattern
showing, so the student still sees where the isolated muscle sends its pain.

Layers change through :class:`~explorer.model.state.AppState` when there is
one, so the layer panel follows; a layer changed while isolated is
re-isolated at once and restored with the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explorer.model.state import LAYERS, LayerSettings

#: How much of the skeleton shows while a muscle is isolated.
FAINT_BONES = 0.25
#: Layer settings while isolated (the muscle's own layer is always shown).
ISOLATED_LAYERS = {
    "skin": LayerSettings(True, 0.0),
    "superficial": LayerSettings(True, 1.0),
    "deep": LayerSettings(True, 1.0),
    "bones": LayerSettings(True, FAINT_BONES),
}
MASK_NAME = "isolate"


@dataclass(frozen=True)
class ActorLook:
    """What isolating changes on one actor."""

    visible: bool
    opacity: float
    culling: bool


@dataclass(frozen=True)
class IsolationSnapshot:
    """Everything :class:`MuscleIsolation` changes, as it was before."""

    layers: dict[str, LayerSettings]
    actors: dict[str, ActorLook]


class MuscleIsolation:
    """Shows one muscle alone in ``scene``; ``state`` (optional) holds the layer settings.

    Parameters
    ----------
    scene
        The :class:`~explorer.scene.anatomy_scene.AnatomyScene`.
    state
        The app state whose layer settings the layer panel shows; without
        one, layers are set on the scene directly.
    """

    def __init__(self, scene, state=None) -> None:
        self.scene, self.state = scene, state
        self.snapshot: IsolationSnapshot | None = None
        #: (muscle id, sides) isolated now, or None.
        self.isolated: tuple[str, tuple[str, ...]] | None = None
        if state is not None:
            state.layer_changed.connect(self._on_layer_changed)

    @property
    def active(self) -> bool:
        """Whether a muscle is isolated."""
        return self.isolated is not None

    def isolate(self, tp_id: str, both_sides: bool = False) -> None:
        """Show only the muscle of trigger point ``tp_id`` (its side, or ``both_sides``)."""
        point = self.scene.catalog.get(tp_id)
        sides = ("left", "right") if both_sides else (point.side,)
        if self.snapshot is None:
            self.snapshot = self._take_snapshot()
        self.isolated = (point.muscle.id, sides)
        self._apply_layers()
        self._apply_actors()
        mask = np.array(
            [p.muscle.id == point.muscle.id and p.side in sides for p in self.scene.points]
        )
        self.scene.set_marker_mask(MASK_NAME, mask)

    def restore(self) -> None:
        """Put back every layer, actor and marker exactly as before :meth:`isolate`."""
        if self.snapshot is None:
            return
        snapshot, self.snapshot, self.isolated = self.snapshot, None, None
        for layer in LAYERS:
            self._set_layer(layer, snapshot.layers[layer])
        actors = self._actors()
        for name, look in snapshot.actors.items():
            # Visibility only: opacity and culling follow the layers just restored. A
            # snapshot's opacity may be stale, e.g. the needle view's fading, turned off
            # while the muscle was isolated.
            actors[name].SetVisibility(look.visible)
        self.scene.set_marker_mask(MASK_NAME, None)

    def structure_ids(self) -> set[str]:
        """The structures shown while isolated (empty when nothing is)."""
        if self.isolated is None:
            return set()
        muscle = self.scene.catalog.muscle(self.isolated[0])
        return {f"{base}_{side}" for base in muscle.structures for side in self.isolated[1]}

    # Internals -----------------------------------------------------------

    def _actors(self) -> dict:
        return {"skin": self.scene.skin_actor, **self.scene.structures.actors}

    def _take_snapshot(self) -> IsolationSnapshot:
        layers = {layer: self._layer(layer) for layer in LAYERS}
        looks = {
            name: ActorLook(
                bool(actor.GetVisibility()),
                float(actor.GetProperty().GetOpacity()),
                bool(actor.GetProperty().GetBackfaceCulling()),
            )
            for name, actor in self._actors().items()
        }
        return IsolationSnapshot(layers, looks)

    def _layer(self, layer: str) -> LayerSettings:
        if self.state is not None:
            return self.state.layer(layer)
        return self.scene.layer_settings(layer)

    def _set_layer(self, layer: str, settings: LayerSettings) -> None:
        if self.state is not None:
            self.state.set_layer_visible(layer, settings.visible)
            self.state.set_layer_opacity(layer, settings.opacity)
        else:
            self.scene.set_layer(layer, settings.visible, settings.opacity, render=False)

    def _apply_layers(self) -> None:
        for layer, settings in ISOLATED_LAYERS.items():
            self._set_layer(layer, settings)

    def _apply_actors(self) -> None:
        """Hide every muscle but the isolated one (layers may have just shown them)."""
        keep = self.structure_ids()
        atlas = self.scene.atlas.structures
        for sid, actor in self.scene.structures.actors.items():
            if atlas[sid].kind == "muscle" and sid not in keep:
                actor.SetVisibility(False)
        self.scene.render()

    def _on_layer_changed(self, _layer: str) -> None:
        if self.isolated is not None:
            self._apply_actors()
