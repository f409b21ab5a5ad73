"""Start-up rows use the median of three start-ups, taken in rounds over every configuration."""

from __future__ import annotations

from explorer.bench.startup_samples import add_samples, take_medians


def test_each_configuration_starts_twice_more_in_rounds_and_keeps_the_median():
    configs = {
        "explorer": {"startup_ms": 3000.0, "startup_cpu_ms": 2900.0, "click": 1},
        "floor": {"startup_ms": 2500.0, "startup_cpu_ms": 2600.0},
    }
    launches = {"explorer": ("explorer", ("--atlas", "a")), "floor": ("floor", ("--renders", "5"))}
    answers = {
        "explorer": iter([(2000.0, 2100.0), (2600.0, 2500.0)]),
        "floor": iter([(2700.0, 2800.0), (2400.0, 2300.0)]),
    }
    order = []

    def start(kind, options):
        order.append((kind, tuple(options)))
        wall, cpu = next(answers[kind])
        return {"startup_ms": wall, "startup_cpu_ms": cpu}

    add_samples(configs, launches, start)
    assert order == [
        ("explorer", ("--atlas", "a")),
        ("floor", ("--renders", "5")),
        ("explorer", ("--atlas", "a")),
        ("floor", ("--renders", "5")),
    ]
    assert configs["explorer"]["startup_ms_samples"] == [3000.0, 2000.0, 2600.0]
    assert configs["explorer"]["startup_ms"] == 2600.0
    assert configs["explorer"]["startup_cpu_ms"] == 2500.0
    assert configs["floor"]["startup_ms"] == 2500.0
    assert configs["floor"]["startup_cpu_ms"] == 2600.0
    assert configs["explorer"]["click"] == 1


def test_a_failed_configuration_is_not_restarted_and_a_failed_sample_is_left_out():
    configs = {
        "broken": {"error": "exit code 1"},
        "floor": {"startup_ms": 2000.0, "startup_cpu_ms": 1.0},
    }
    launches = {"broken": ("explorer", ()), "floor": ("floor", ())}
    samples = iter([{"error": "timed out"}, {"startup_ms": 1000.0, "startup_cpu_ms": 3.0}])
    started = []

    def start(kind, options):
        started.append(kind)
        return next(samples)

    add_samples(configs, launches, start)
    assert started == ["floor", "floor"]
    assert configs["broken"] == {"error": "exit code 1"}
    assert configs["floor"]["startup_sample_errors"] == ["timed out"]
    assert configs["floor"]["startup_ms_samples"] == [2000.0, 1000.0]
    assert configs["floor"]["startup_ms"] == 1500.0


def test_figures_without_samples_are_left_as_they_are():
    figures = {"startup_ms": 1234.0}
    take_medians(figures)
    assert figures == {"startup_ms": 1234.0}
