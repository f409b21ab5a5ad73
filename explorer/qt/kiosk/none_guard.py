"""Keep ``None`` alive under PySide6 6.12 on Python 3.11: a refcount bug would abort the kiosk.

With PySide6 6.12.0 on CPython 3.11, every call of a Qt method that returns
``void`` (``widget.update()``, ``QApplication.processEvents()``,
``QTest.keyClick``...) drops the reference count of ``None`` by one
(measured: ``sys.getrefcount(None)`` falls by exactly 1 per call). An
ordinary session never notices, but a kiosk making millions of such calls
reaches zero and CPython aborts with "Fatal Python error: none_dealloc"; the
soak harness hit it after about 1,700 interactions.

CPython 3.12 made ``None`` immortal (PEP 683), which hides the bug there. This
module does the same by hand on older versions: it raises ``None``'s count by
2**40, which lasts for about a trillion leaked decrements (years of use).
``None`` is a static object that is never freed, so a higher count is
harmless. Remove this once PySide6 is fixed or Python >= 3.12 is required.
"""

from __future__ import annotations

import ctypes
import platform
import sys

#: The head start: about 10**12 leaked decrements.
HEADROOM = 2**40


def immortalise_none() -> bool:
    """Give ``None`` :data:`HEADROOM` extra references (CPython < 3.12 only); True if done."""
    if sys.version_info >= (3, 12) or platform.python_implementation() != "CPython":
        return False
    if sys.getrefcount(None) > HEADROOM // 2:
        return False  # already done (several kiosks in one process: tests, the soak)
    # ob_refcnt is the first field of every PyObject, at the object's address.
    counter = ctypes.c_ssize_t.from_address(id(None))
    counter.value += HEADROOM
    return True
