"""Property-based (fuzz) tests: every form, every query parameter, the importer and the OpenAPI document.

Two Hypothesis profiles, chosen by HYPOTHESIS_PROFILE: "ci" (the default) runs each test's `fuzz(n)`
examples, derandomized so CI sends the same requests every time and the whole directory costs about a
minute of CPU on SQLite; "long" runs LONG_FACTOR times as many, freshly random (Hypothesis prints the
seed of any failure, to replay it with @seed or --hypothesis-seed).
"""
import os

from hypothesis import HealthCheck, Phase, settings

LONG_FACTOR = 10
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,  # nothing written under .hypothesis/; regressions live in @example(...)
    deadline=None,  # requests hit a real database; timing is not the property under test
    print_blob=True,
    # No "explain" phase: on a failure it replays hundreds of requests to annotate the example.
    phases=(Phase.explicit, Phase.generate, Phase.target, Phase.shrink),
    # The app and database fixtures are shared by a test's examples on purpose: each example
    # compares what is stored before and after itself rather than relying on an empty database.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large, HealthCheck.filter_too_much, HealthCheck.nested_given],
)
settings.register_profile("long", settings.get_profile("ci"), derandomize=False)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")


def fuzz(examples: int) -> settings:
    """Settings for one fuzz test: `examples` in the ci profile, LONG_FACTOR times more (random) in the long one."""
    scale = LONG_FACTOR if PROFILE == "long" else 1
    return settings(settings.get_profile(PROFILE), max_examples=examples * scale)
