"""Builders of the modelled muscles, grouped by region (see ``muscle_specs``)."""
