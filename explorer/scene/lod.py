"""Level of detail: while the camera moves, the big meshes are drawn from decimated copies.

With software OpenGL a full frame of the atlas costs a few hundred
milliseconds, most of it in multisampling (4 or 8 samples a pixel) and in
the skin and bones' triangles. While the camera moves (drag, pinch, wheel, flight) each big
actor draws a decimated copy through a second mapper, and the render window
drops multisampling. The actor itself stays the same, so its colour,
opacity, visibility and highlight apply to both copies. The first frame
after the movement draws the full meshes again, with the very mappers and
settings of before, so the still frame is the frame that no level of detail
would have drawn.

The copies are made once, one mesh per call of :meth:`LevelOfDetail.build_next`,
which the GUI calls in idle turns after its first frame: never at click time,
and not before the first frame. Until a copy exists, its actor draws in full.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np
import pyvista as pv
from vtkmodules.vtkRenderingCore import vtkPolyDataMapper

from explorer.scene import decimation

#: Point arrays the coarse copy makes for itself rather than carrying over.
OWN_ARRAYS = frozenset({"Normals"})


@dataclass
class _Part:
    """One actor with its full mesh and, once built, its coarse copy.

    ``full`` is the scene's mesh, whose arrays the scene paints in place;
    the actor's mapper may draw it through a pyvista pipeline stage, whose
    output says which arrays play which role (colours, normals, texture).
    """

    name: str
    actor: pv.Actor
    full: pv.PolyData
    keep: float
    full_mapper: object = None
    roles: tuple[str | None, str | None, str | None] = (None, None, None)
    coarse: pv.PolyData | None = None
    coarse_mapper: vtkPolyDataMapper | None = None
    nearest: np.ndarray | None = None
    synced_at: int = -1
    full_interpolation: int | None = None

    def build(self) -> None:
        """Decimate, carry the per-vertex arrays and make the coarse mapper."""
        self.full_mapper = self.actor.GetMapper()
        self.full_mapper.Update()  # its input, as drawn, names the arrays' roles
        self.roles = _roles(self.full_mapper.GetInput().GetPointData())
        self.coarse, self.nearest = decimation.decimate(self.full, self.keep)
        self.sync()
        self.coarse_mapper = _mapper_like(self.full_mapper, self.coarse)

    def sync(self) -> None:
        """Carry the full mesh's per-vertex arrays (paint, normals) if they changed."""
        stamp = self.full.GetMTime()
        if self.coarse is None or stamp == self.synced_at:
            return
        _carry_point_arrays(self.full, self.coarse, self.nearest, self.roles)
        self.synced_at = stamp

    def show(self, coarse: bool) -> None:
        """Draw the coarse copy (if built) or the full mesh, with its own shading."""
        if self.coarse_mapper is None:
            return
        prop = self.actor.GetProperty()
        # Coarse copies are shaded smooth: flat shading shows their larger facets as crumples.
        if coarse and self.full_interpolation is None:
            self.full_interpolation = prop.GetInterpolation()
            prop.SetInterpolationToGouraud()
        elif not coarse and self.full_interpolation is not None:
            prop.SetInterpolation(self.full_interpolation)
            self.full_interpolation = None
        self.actor.SetMapper(self.coarse_mapper if coarse else self.full_mapper)


def _roles(point_data) -> tuple[str | None, str | None, str | None]:
    """Names of the active scalars, normals and texture coordinates of ``point_data``."""
    arrays = (point_data.GetScalars(), point_data.GetNormals(), point_data.GetTCoords())
    return tuple(None if array is None else array.GetName() for array in arrays)


def _carry_point_arrays(
    full: pv.PolyData, coarse: pv.PolyData, nearest: np.ndarray, roles: tuple
) -> None:
    """The point arrays of ``full`` onto ``coarse`` (taken at ``nearest``), in ``roles``."""
    for name in list(full.point_data.keys()):
        if name in OWN_ARRAYS:
            continue
        coarse.point_data.set_array(np.asarray(full.point_data[name])[nearest], name)
    target = coarse.GetPointData()
    for name, activate in zip(
        roles,
        (target.SetActiveScalars, target.SetActiveNormals, target.SetActiveTCoords),
        strict=True,
    ):
        if name:
            activate(name)
    coarse.Modified()


def _mapper_like(full_mapper, coarse: pv.PolyData) -> vtkPolyDataMapper:
    """A mapper drawing ``coarse`` with ``full_mapper``'s colouring settings."""
    mapper = vtkPolyDataMapper()
    # Scalar and colour modes, lookup table, range, interpolation before mapping...
    mapper.ShallowCopy(full_mapper)
    # ...but not which array colours it: ShallowCopy leaves that out.
    mapper.SetArrayAccessMode(full_mapper.GetArrayAccessMode())
    mapper.SetArrayName(full_mapper.GetArrayName())
    mapper.SetArrayId(full_mapper.GetArrayId())
    mapper.SetArrayComponent(full_mapper.GetArrayComponent())
    mapper.SetInputData(coarse)
    return mapper


class LevelOfDetail:
    """Decimated stand-ins for the big actors, shown while :attr:`showing_coarse`.

    Parameters
    ----------
    plotter
        The scene's plotter (its render window's multisampling is dropped while coarse).
    parts
        ``(name, actor, mesh, keep)`` for every actor to decimate, largest
        first: ``mesh`` is what the actor draws, ``keep`` the fraction of its
        triangles kept.
    """

    def __init__(
        self, plotter: pv.Plotter, parts: list[tuple[str, pv.Actor, pv.PolyData, float]]
    ) -> None:
        self.plotter = plotter
        self._parts = [_Part(*part) for part in parts]
        self._unbuilt = list(self._parts)
        self._coarse = False
        self._enabled = True
        self._samples: int | None = None
        _observe_renders(plotter, self)

    @classmethod
    def for_scene(cls, scene) -> LevelOfDetail:
        """The big actors of an :class:`~explorer.scene.anatomy_scene.AnatomyScene`."""
        candidates = [("skin", "skin", scene.skin_actor, scene.skin_mesh)]
        for sid, actor in scene.structures.actors.items():
            kind = scene.atlas.structures[sid].kind
            candidates.append((sid, kind, actor, scene.structures.meshes[sid]))
        parts = []
        for name, kind, actor, mesh in candidates:
            keep = decimation.keep_fraction(kind, mesh.n_cells)
            if keep is not None:
                parts.append((name, actor, mesh, keep))
        parts.sort(key=lambda part: -part[2].n_cells)
        return cls(scene.plotter, parts)

    # Building ------------------------------------------------------------

    @property
    def ready(self) -> bool:
        """Whether every coarse copy is built."""
        return not self._unbuilt

    @property
    def pending(self) -> int:
        """How many coarse copies are still to build."""
        return len(self._unbuilt)

    def build_next(self) -> bool:
        """Build one coarse copy (the largest left); return whether more remain."""
        if self._unbuilt:
            part = self._unbuilt.pop(0)
            part.build()
            part.show(self.showing_coarse)
        return bool(self._unbuilt)

    def build_all(self) -> None:
        """Build every coarse copy now (off-screen renders and tests)."""
        while self.build_next():
            pass

    def triangles(self, coarse: bool) -> int:
        """Triangles of the parts, full or (where built) coarse."""
        return sum(
            (part.coarse if coarse and part.coarse is not None else part.full).n_cells
            for part in self._parts
        )

    # Switching -----------------------------------------------------------

    @property
    def showing_coarse(self) -> bool:
        """Whether the next frame draws the coarse copies."""
        return self._coarse and self._enabled

    @property
    def enabled(self) -> bool:
        """False draws every frame in full, moving or not (the benchmark's full-detail frames)."""
        return self._enabled

    @enabled.setter
    def enabled(self, enabled: bool) -> None:
        self._enabled = bool(enabled)
        self.set_coarse(self._coarse)

    def set_coarse(self, coarse: bool) -> None:
        """Draw the next frames coarse (the camera moves) or in full (it stopped)."""
        self._coarse = bool(coarse)
        showing = self.showing_coarse
        for part in self._parts:
            part.show(showing)
        self._set_multisampling(not showing)

    def _set_multisampling(self, on: bool) -> None:
        window = self.plotter.render_window
        if window is None:
            return
        if not on and self._samples is None:
            self._samples = window.GetMultiSamples()
            window.SetMultiSamples(0)
        elif on and self._samples is not None:
            window.SetMultiSamples(self._samples)
            self._samples = None

    def _before_render(self) -> None:
        # The pattern may have changed (a selection during a flight): carry it over.
        if self.showing_coarse:
            for part in self._parts:
                part.sync()


def _observe_renders(plotter: pv.Plotter, lod: LevelOfDetail) -> int | None:
    """Call ``lod._before_render`` at the start of every render of ``plotter``'s window.

    The observer holds the level of detail weakly: VTK keeps its callbacks
    alive from C++, where Python's collector cannot see a cycle.
    """
    window = plotter.render_window
    if window is None:
        return None
    target = weakref.ref(lod)

    def before_render(*_args) -> None:
        alive = target()
        if alive is not None:
            alive._before_render()

    return window.AddObserver("StartEvent", before_render)
