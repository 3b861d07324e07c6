"""axe-core (Deque, MPL-2.0) for the browser tests' accessibility checks: fetched from npm once into
the test cache (``~/.cache/dukung-test/axe-core-<version>/axe.min.js``), never committed.

Not a server: the Chromium service calls :func:`fetch_axe` and hands the script's path to the tests
in ``DUKUNG_TEST_AXE``; a test injects it into each page and runs ``axe.run()``. ``npm pack`` checks
the tarball against the registry's integrity hash.
"""

from __future__ import annotations

import shutil
import tarfile
import tempfile
from pathlib import Path

from tests.services.base import CACHE_DIR, ServiceUnavailable, run

AXE_VAR = "DUKUNG_TEST_AXE"
AXE_VERSION = "4.10.3"


def axe_path(version: str = AXE_VERSION) -> Path:
    return CACHE_DIR / f"axe-core-{version}" / "axe.min.js"


def fetch_axe(version: str = AXE_VERSION) -> Path:
    """The cached axe.min.js of ``version``, fetched with `npm pack` on first use."""
    target = axe_path(version)
    if target.exists() and target.stat().st_size > 100_000:
        return target
    if shutil.which("npm") is None:
        raise ServiceUnavailable("npm tidak ada (apt-get install -y npm) untuk mengambil axe-core")
    with tempfile.TemporaryDirectory(prefix="dukung-axe-") as tmp:
        run(["npm", "pack", f"axe-core@{version}", "--pack-destination", tmp, "--silent"], timeout=300,
            cwd=Path(tmp), what=f"npm pack axe-core@{version}")
        tarballs = list(Path(tmp).glob("axe-core-*.tgz"))
        if not tarballs:
            raise ServiceUnavailable(f"npm pack axe-core@{version} tidak menghasilkan berkas .tgz")
        with tarfile.open(tarballs[0]) as tar:
            member = tar.getmember("package/axe.min.js")
            data = tar.extractfile(member).read()
            licence = tar.extractfile(tar.getmember("package/LICENSE")).read()
    target.parent.mkdir(parents=True, exist_ok=True)
    (target.parent / "LICENSE").write_bytes(licence)
    partial = target.with_suffix(".part")
    partial.write_bytes(data)
    partial.replace(target)
    return target
