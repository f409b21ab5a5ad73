"""Actors for the atlas structures: meshes, layers, muscle highlight and dimming."""

from __future__ import annotations

import numpy as np
import pyvista as pv
from vtkmodules.vtkRenderingCore import vtkActor, vtkProp, vtkProperty

from explorer.model.atlas import AT_RISK_KINDS, Atlas, Structure
from explorer.model.state import LAYERS
from explorer.scene.markers import build_locator, hex_to_rgb

#: Bones are drawn ivory whatever the manifest says, so they never read as muscle.
BONE_RGB = (236, 228, 206)
#: Structures at risk keep one colour per kind whatever the manifest says, so a red
#: structure is always an artery: arteries red, veins blue, nerves yellow, organs
#: (pleura, parotid duct) pale blue-grey.
AT_RISK_RGB = {
    "artery": (200, 16, 46),  # #c8102e
    "vein": (43, 95, 180),  # #2b5fb4
    "nerve": (242, 194, 0),  # #f2c200
    "organ": (184, 200, 216),  # #b8c8d8
}
#: The spinal cord and dura: a pale straw yellow, unlike any nerve or organ.
SPINAL_CANAL_RGB = (232, 224, 168)  # #e8e0a8
#: Structures drawn see-through even at full layer opacity (by id without side): the
#: pleural dome would otherwise hide the vessels and nerves around it.
TRANSLUCENT = {"pleural_dome": 0.45}
#: Other muscles fade towards this grey while a trigger point is selected.
DIM_RGB = (170, 165, 160)
DIM_FRACTION = 0.6
#: Opacity below which a surface no longer hides what is behind it (for picking).
OPAQUE = 0.99


def layer_of(structure: Structure) -> str:
    """The user-facing layer (see ``state.LAYERS``) a structure belongs to."""
    if structure.kind == "skin":
        return "skin"
    if structure.kind == "bone":
        return "bones"
    if structure.kind in AT_RISK_KINDS:
        return "at_risk"
    return "superficial" if structure.layer == "superficial" else "deep"


def base_rgb(structure: Structure) -> np.ndarray:
    """The (3,) colour a structure is drawn in before any highlight or dimming."""
    if structure.kind == "bone":
        return np.array(BONE_RGB)
    if structure.id == "spinal_canal":
        return np.array(SPINAL_CANAL_RGB)
    if structure.kind in AT_RISK_RGB:
        return np.array(AT_RISK_RGB[structure.kind])
    return hex_to_rgb(structure.color)


def base_opacity(structure: Structure) -> float:
    """Opacity of ``structure`` when its layer is fully opaque (1, or less for the pleura)."""
    base = structure.id.removesuffix("_left").removesuffix("_right")
    return TRANSLUCENT.get(base, 1.0)


def polydata(structure: Structure) -> pv.PolyData:
    """A VTK mesh of ``structure`` with smooth point normals and the same vertex order."""
    faces = np.column_stack([np.full(len(structure.faces), 3), structure.faces]).ravel()
    mesh = pv.PolyData(np.asarray(structure.vertices, dtype=np.float64), faces)
    # split_vertices=False keeps one point per vertex, so per-vertex fields still line up.
    # The atlas checks every mesh is closed, consistently wound and outward (positive
    # volume), so VTK's re-orienting traversal (two thirds of the cost) is skipped.
    return mesh.compute_normals(
        cell_normals=False,
        split_vertices=False,
        auto_orient_normals=False,
        consistent_normals=False,
    )


def point_normals(mesh: pv.PolyData) -> np.ndarray:
    """Outward unit normals per point of a mesh made by :func:`polydata`."""
    return np.asarray(mesh.point_data["Normals"])


class StructureActors:
    """One actor per non-skin structure, added once; colours and visibility change in place.

    Parameters
    ----------
    plotter
        Any pyvista plotter.
    atlas
        The atlas whose bones and muscles to add (the skin is added by the scene).
    include_at_risk
        Whether to add the structures at risk; the kiosk leaves them out, so
        no state or setting can ever show them there.
    """

    def __init__(self, plotter: pv.Plotter, atlas: Atlas, include_at_risk: bool = True) -> None:
        self.atlas = atlas
        self.meshes: dict[str, pv.PolyData] = {}
        self.actors: dict[str, pv.Actor] = {}
        self.base_rgb: dict[str, np.ndarray] = {}
        for structure in atlas.structures.values():
            if structure.kind == "skin" or (
                structure.kind in AT_RISK_KINDS and not include_at_risk
            ):
                continue
            mesh = polydata(structure)
            rgb = base_rgb(structure)
            # Named afterwards and no camera reset: given a name, pyvista first looks for
            # an actor to replace by listing every actor so far, and it resets the camera
            # for each mesh; both cost ~0.1 s over a hundred structures (start-up, issue
            # 18). The ids are all distinct, and the scene frames its first view itself.
            actor = plotter.add_mesh(
                mesh, color=tuple(int(c) for c in rgb), smooth_shading=False, reset_camera=False
            )
            actor.name = structure.id
            actor.prop.specular = 0.15 if structure.kind == "muscle" else 0.05
            self.meshes[structure.id] = mesh
            self.actors[structure.id] = actor
            self.base_rgb[structure.id] = rgb.astype(float)
        self._locators: dict[str, object] = {}
        #: Last (r, g, b, ambient) given to each muscle, so emphasise() only touches changes.
        self._looks: dict[str, tuple[float, ...]] = {}
        #: Per muscle, its (plain, dimmed, highlighted) looks, worked out once.
        self._muscle_looks = {
            sid: _muscle_looks(self.base_rgb[sid])
            for sid in self.actors
            if atlas.structures[sid].kind == "muscle"
        }

    def ids_in_layer(self, layer: str) -> list[str]:
        """Structure ids (skin excluded) that ``layer`` controls."""
        return [sid for sid in self.actors if layer_of(self.atlas.structures[sid]) == layer]

    def set_layer(self, layer: str, visible: bool, opacity: float) -> None:
        """Show/hide and fade every structure of ``layer``."""
        if layer not in LAYERS:
            raise ValueError(f"unknown layer '{layer}'")
        for sid in self.ids_in_layer(layer):
            structure = self.atlas.structures[sid]
            style_visibility(self.actors[sid], visible, opacity * base_opacity(structure))

    def emphasise(self, highlighted: set[str]) -> None:
        """Dim every muscle except ``highlighted`` (no dimming when it is empty)."""
        for sid, (plain, dimmed, lit) in self._muscle_looks.items():
            look = lit if sid in highlighted else dimmed if highlighted else plain
            if self._looks.get(sid) == look:
                continue  # a click changes a few muscles; leave the rest alone
            self._looks[sid] = look
            # Plain VTK calls: pyvista's Property setters cost ~20 us each, times every muscle.
            prop = self.actors[sid].GetProperty()
            prop.SetColor(*look[:3])
            # A little self-light makes the chosen muscle glow without changing its hue.
            prop.SetAmbient(look[3])

    def occluders(self) -> list[tuple[str, object]]:
        """(id, cell locator) of every visible, opaque structure, for picking."""
        # VTK's own methods, called on the class: every attribute looked up on a
        # pyvista actor passes through its Python ``__getattribute__``, and a pick
        # asks three of them of each of ~100 actors.
        return [
            (sid, self.locator(sid))
            for sid, actor in self.actors.items()
            if vtkProp.GetVisibility(actor)
            and vtkProperty.GetOpacity(vtkActor.GetProperty(actor)) >= OPAQUE
        ]

    def locator(self, sid: str):
        """The cell locator of structure ``sid``, built on first use and kept."""
        if sid not in self._locators:
            self._locators[sid] = build_locator(self.meshes[sid])
        return self._locators[sid]


def draw_directly(actor: pv.Actor, mesh: pv.PolyData, scalars: str) -> None:
    """Let ``actor``'s mapper read ``mesh`` itself, coloured by its point array ``scalars``.

    For an array of colours, pyvista puts a Python stage between the mesh and
    the mapper that makes a shallow copy with ``scalars`` active. Every time
    the mesh changes (a click repaints the skin, the stripes and the markers)
    that stage runs again, and the copy's bounds are computed anew, when the
    camera's clipping range is fitted and again in the render: about a
    millisecond per mesh. Making ``scalars`` active on the mesh itself gives the
    mapper the very arrays the copy held.
    """
    mesh.GetPointData().SetActiveScalars(scalars)
    actor.GetMapper().SetInputData(mesh)


def _muscle_looks(rgb: np.ndarray) -> tuple[tuple[float, ...], ...]:
    """A muscle's (r, g, b, ambient) plain, dimmed (another is chosen) and highlighted."""
    dimmed = rgb + DIM_FRACTION * (np.array(DIM_RGB) - rgb)
    return (*(rgb / 255.0), 0.0), (*(dimmed / 255.0), 0.0), (*(rgb / 255.0), 0.3)


def style_visibility(
    actor: pv.Actor, visible: bool, opacity: float, cull: bool | None = None
) -> None:
    """Apply visibility and opacity; see-through surfaces cull their back faces.

    Culling keeps a translucent closed surface from drawing its far side over
    its near side, which would otherwise need costly depth peeling.
    """
    actor.visibility = bool(visible)
    actor.prop.opacity = float(opacity)
    actor.prop.backface_culling = float(opacity) < OPAQUE if cull is None else cull
