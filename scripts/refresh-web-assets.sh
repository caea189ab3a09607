#!/bin/sh
# Copies the browser assets pinned in package.json from node_modules into the
# web package (web/static/vendor/), so installing sopflow needs no npm.
# Run after changing a pin:  npm ci && sh scripts/refresh-web-assets.sh
# and commit web/static/vendor/ (tests/web/test_assets.py checks it against the pins).
set -e
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
out=web/static/vendor
rm -rf "$out"
mkdir -p "$out"

# copy PACKAGE SOURCE TARGET: one built file of an npm package into $out/TARGET
copy() {
    mkdir -p "$(dirname "$out/$3")"
    cp "node_modules/$1/$2" "$out/$3"
}

copy htmx.org dist/htmx.min.js htmx/htmx.min.js
copy htmx.org LICENSE htmx/LICENSE
copy @bpmn-io/form-js dist/form-viewer.umd.js form-js/form-viewer.umd.js
copy @bpmn-io/form-js dist/assets/form-js.css form-js/form-js.css
copy @bpmn-io/form-js LICENSE form-js/LICENSE
copy bpmn-js dist/bpmn-navigated-viewer.production.min.js bpmn-js/bpmn-navigated-viewer.production.min.js
copy bpmn-js dist/assets/diagram-js.css bpmn-js/diagram-js.css
copy bpmn-js dist/assets/bpmn-js.css bpmn-js/bpmn-js.css
copy bpmn-js LICENSE bpmn-js/LICENSE
copy pdfjs-dist build/pdf.min.mjs pdfjs/pdf.min.mjs
copy pdfjs-dist build/pdf.worker.min.mjs pdfjs/pdf.worker.min.mjs
copy pdfjs-dist LICENSE pdfjs/LICENSE
sh scripts/build-modeler-bundle.sh "$out/modeler"

# versions.json: the version of each copied package (of each bundled one for the modeller) and the
# SHA-256 of each file
python3 - "$out" <<'PY'
import hashlib, json, sys
from pathlib import Path

out = Path(sys.argv[1])
packages = {"htmx.org": "htmx", "@bpmn-io/form-js": "form-js", "bpmn-js": "bpmn-js", "pdfjs-dist": "pdfjs"}
bundled = ["bpmn-js", "bpmn-js-properties-panel", "@bpmn-io/properties-panel", "bpmn-js-element-templates",
           "camunda-bpmn-moddle", "camunda-bpmn-js-behaviors", "@bpmn-io/form-js-editor", "diagram-js"]


def version(name):
    return json.loads(Path("node_modules", name, "package.json").read_text())["version"]


def files(folder):
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((out / folder).rglob("*")) if p.is_file()
    }


manifest = {name: {"version": version(name), "folder": folder, "files": files(folder)}
            for name, folder in packages.items()}
manifest["sopflow-modeler"] = {"built_from": {name: version(name) for name in bundled}, "folder": "modeler",
                               "files": files("modeler")}
(out / "versions.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
PY
echo "assets copied to $out"
