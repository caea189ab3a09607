// The SOP diagram in the bpmn-js viewer (loaded as a classic script: window.BpmnJS), with markers.

// Shows `xml` in `host`, fitted; `marks` maps a marker class suffix to element ids (sf-<kind>).
// Returns the viewer; ids not in the diagram are skipped.
export async function showDiagram(host, xml, marks = {}) {
  const viewer = new window.BpmnJS({ container: host });
  await viewer.importXML(xml);
  const canvas = viewer.get('canvas');
  canvas.zoom('fit-viewport');
  const registry = viewer.get('elementRegistry');
  for (const [kind, ids] of Object.entries(marks)) {
    for (const id of ids) {
      if (registry.get(id)) canvas.addMarker(id, `sf-${kind}`);
    }
  }
  return viewer;
}

// The model XML a host names with data-model-url, fetched with the page's session.
export async function fetchModel(host) {
  const response = await fetch(host.dataset.modelUrl, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`model ${response.status}`);
  return response.text();
}
