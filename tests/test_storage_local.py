"""The local-folder object store passes the object-store contract."""

import pytest

from storage.objects import open_object_store
from storage.objects.local import LocalObjectStore
from tests.object_store_contract import ObjectStoreContract


class TestLocalObjectStore(ObjectStoreContract):
    @pytest.fixture
    def store(self, tmp_path):
        return open_object_store((tmp_path / "objects").as_uri())


def test_bare_path_url_opens_local_store(tmp_path):
    assert isinstance(open_object_store(str(tmp_path / "o")), LocalObjectStore)


def test_unknown_scheme_is_a_clear_error():
    from config.errors import ConfigurationError

    with pytest.raises(ConfigurationError, match="tidak didukung"):
        open_object_store("ftp://example/bucket")
