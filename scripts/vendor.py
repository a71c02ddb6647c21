"""Fetch the front-end libraries from the npm registry into static/vendor/.

The files are committed, so neither a user nor CI needs npm or a network to
run the app; run this script (it needs npm) only to update a library:

    python scripts/vendor.py            # fetch every library listed below
    python scripts/vendor.py htmx.org   # just one

Each library lands in static/vendor/<folder>/ with its licence, and
static/vendor/VERSIONS.json records the version and the tarball's integrity.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(__file__).resolve().parent.parent / "static" / "vendor"

# package spec -> (folder, {file in the package: name in the folder})
LIBRARIES = {
    # Cytoscape draws the network; fcose lays it out (load order: cytoscape,
    # layout-base, cose-base, cytoscape-fcose).
    "cytoscape@3.34.4": (
        "cytoscape",
        {"dist/cytoscape.min.js": "cytoscape.min.js", "LICENSE": "LICENSE"},
    ),
    "layout-base@2.0.1": (
        "layout-base",
        {"layout-base.js": "layout-base.js", "LICENSE": "LICENSE"},
    ),
    "cose-base@2.2.0": (
        "cose-base",
        {"cose-base.js": "cose-base.js", "LICENSE": "LICENSE"},
    ),
    "cytoscape-fcose@2.2.0": (
        "cytoscape-fcose",
        {"cytoscape-fcose.js": "cytoscape-fcose.js", "LICENSE": "LICENSE"},
    ),
    # Chart.js draws the assessment's measures over time.
    "chart.js@4.6.2": (
        "chart.js",
        {"dist/chart.umd.min.js": "chart.umd.min.js", "LICENSE.md": "LICENSE.md"},
    ),
    # Test-only: the browser tests inject axe-core to check each page's
    # accessibility (tests/browser/helpers.py); no page loads it.
    "axe-core@4.14.1": (
        "axe-core",
        {"axe.min.js": "axe.min.js", "LICENSE": "LICENSE"},
    ),
    # Leaflet draws the maps (static/js/map.js); its images are not used
    # (places are circle markers), so only the script and stylesheet.
    "leaflet@1.9.4": (
        "leaflet",
        {
            "dist/leaflet.js": "leaflet.js",
            "dist/leaflet.css": "leaflet.css",
            "LICENSE": "LICENSE",
        },
    ),
    "htmx.org@2.0.11": (
        "htmx",
        {"dist/htmx.min.js": "htmx.min.js", "LICENSE": "LICENSE"},
    ),
}


def fetch(spec: str, folder: str, files: dict[str, str]) -> dict[str, str]:
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            ["npm", "pack", spec, "--json", "--pack-destination", tmp],
            check=True,
            capture_output=True,
            text=True,
        )
        info = json.loads(out.stdout)[0]
        target = VENDOR / folder
        target.mkdir(parents=True, exist_ok=True)
        with tarfile.open(Path(tmp) / info["filename"]) as archive:
            for inner, name in files.items():
                member = archive.extractfile(f"package/{inner}")
                if member is None:
                    raise SystemExit(f"{spec} has no {inner}")
                (target / name).write_bytes(member.read())
        return {"version": info["version"], "integrity": info["integrity"]}


def main(names: list[str]) -> None:
    versions_file = VENDOR / "VERSIONS.json"
    versions = json.loads(versions_file.read_text()) if versions_file.exists() else {}
    chosen = {
        s: v for s, v in LIBRARIES.items() if not names or s.split("@")[0] in names
    }
    for index, (spec, (folder, files)) in enumerate(chosen.items(), 1):
        print(f"[{index}/{len(chosen)}] {spec} -> static/vendor/{folder}/")
        versions[spec.rsplit("@", 1)[0]] = fetch(spec, folder, files)
    versions_file.write_text(json.dumps(versions, indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
