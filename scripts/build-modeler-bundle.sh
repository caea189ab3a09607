#!/bin/sh
# Builds the modeller bundle (modeler/bundle/sopflow-modeler.js: bpmn-js Modeler, Camunda properties panel,
# element templates, form-js editor) with esbuild from the npm packages pinned in package.json, minified,
# into OUT/sopflow-modeler.min.js and OUT/sopflow-modeler.min.css, the diagram font in OUT/fonts/, and the
# licence comments of the bundled code in OUT/sopflow-modeler.min.js.LEGAL.txt.
# The same inputs give the same bytes: tests/web/test_assets.py rebuilds it and compares.
# Usage: sh scripts/build-modeler-bundle.sh OUT
set -e
out=${1:?usage: build-modeler-bundle.sh OUT}
cd "$(dirname "$0")/.."
mkdir -p "$out"
node_modules/.bin/esbuild modeler/bundle/sopflow-modeler.js --bundle --format=iife --minify \
    --target=es2020 --legal-comments=external --log-level=warning \
    --outfile="$out/sopflow-modeler.min.js" \
    --asset-names='fonts/[name]-[hash]' --loader:.woff=file --loader:.woff2=file --loader:.ttf=file --loader:.eot=file \
    --loader:.svg=dataurl

# the licence of each package the bundle is made of
for package in bpmn-js diagram-js bpmn-moddle bpmn-js-properties-panel @bpmn-io/properties-panel \
        bpmn-js-element-templates camunda-bpmn-moddle camunda-bpmn-js-behaviors @bpmn-io/form-js-editor \
        @bpmn-io/form-js-viewer; do
    mkdir -p "$out/licenses"
    cp "node_modules/$package/LICENSE" "$out/licenses/$(echo "$package" | tr / -).LICENSE"
done
