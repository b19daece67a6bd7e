"""Property tests never fail on the clock (root conftest.py registers the profile)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def test_the_loaded_profile_has_no_deadline():
    assert settings.default.deadline is None
    assert HealthCheck.too_slow in settings.default.suppress_health_check


@settings(max_examples=5)
@given(st.integers())
def test_a_test_with_its_own_settings_keeps_no_deadline(number):
    assert settings().deadline is None and isinstance(number, int)
