import pytest
from django.core.exceptions import ImproperlyConfigured

from rose.config.env import env_bool, env_int, env_str


def test_a_malformed_boolean_setting_is_an_error_not_a_default(monkeypatch):
    monkeypatch.setenv("ROSE_TEST_FLAG", "yes please")
    with pytest.raises(ImproperlyConfigured, match="true or false"):
        env_bool("ROSE_TEST_FLAG", False)
    monkeypatch.setenv("ROSE_TEST_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("ROSE_TEST_NUMBER", 1)


def test_a_secret_can_be_read_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    monkeypatch.setenv("ROSE_TEST_SECRET_FILE", str(secret))
    assert env_str("ROSE_TEST_SECRET") == "from-a-file"


def test_a_missing_required_setting_names_the_variable(monkeypatch):
    monkeypatch.delenv("ROSE_TEST_REQUIRED", raising=False)
    with pytest.raises(ImproperlyConfigured, match="ROSE_TEST_REQUIRED"):
        env_str("ROSE_TEST_REQUIRED")
