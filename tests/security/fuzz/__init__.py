"""Property-based (fuzz) tests: search parameters, forms, the importer and the OpenAPI document.

`fuzz(n)` gives each test its Hypothesis settings: n examples, derandomized so CI runs the same
examples every time. VERITY_FUZZ_EXAMPLES=2000 makes a deep run instead: that many examples per
test, freshly random (Hypothesis prints the seed of any failure, to replay it).
"""
import os

from hypothesis import HealthCheck, Phase, settings

DEEP_EXAMPLES = os.environ.get("VERITY_FUZZ_EXAMPLES", "").strip()


def fuzz(examples: int) -> settings:
    """Settings for one fuzz test: `examples` in CI, VERITY_FUZZ_EXAMPLES in a deep run."""
    return settings(
        max_examples=int(DEEP_EXAMPLES) if DEEP_EXAMPLES else examples,
        derandomize=not DEEP_EXAMPLES,
        database=None,  # nothing written under .hypothesis/; regressions live in @example(...)
        deadline=None,  # requests hit a real database; timing is not the property under test
        print_blob=True,
        # No "explain" phase: on a failure it replays hundreds of requests to annotate the example.
        phases=(Phase.explicit, Phase.generate, Phase.target, Phase.shrink),
        # The app and database fixtures are shared by a test's examples on purpose: each example
        # counts rows before and after itself rather than relying on an empty database.
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                               HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )
