"""Trigger Point Explorer: a 3D atlas of the trigger points behind tension-type headache."""

#: The one place the version is written: packaging reads it (pyproject's dynamic
#: version) and ``--version`` prints it, from a checkout, a wheel or a frozen build.
__version__ = "0.1.0"
