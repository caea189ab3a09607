// The case page: the SOP's BPMN in the bpmn-js viewer with done, waiting and overdue tasks marked.
import { wirePdfButtons } from './pdfview.js';

async function showDiagram() {
  const host = document.getElementById('diagram');
  const marks = JSON.parse(document.getElementById('diagram-marks').textContent);
  const viewer = new window.BpmnJS({ container: host });
  const response = await fetch(host.dataset.modelUrl, { credentials: 'same-origin' });
  await viewer.importXML(await response.text());
  const canvas = viewer.get('canvas');
  canvas.zoom('fit-viewport');
  const registry = viewer.get('elementRegistry');
  for (const [kind, ids] of Object.entries(marks)) {
    for (const id of ids) {
      if (registry.get(id)) canvas.addMarker(id, `sf-${kind}`);
    }
  }
  host.dataset.ready = 'true';
}

wirePdfButtons();
showDiagram().catch(() => {
  document.getElementById('diagram').textContent = 'Diagram tidak dapat ditampilkan.';
});
