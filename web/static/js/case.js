// The case page: the SOP's BPMN in the bpmn-js viewer with done, waiting and overdue tasks marked.
import { fetchModel, showDiagram } from './diagram.js';
import { wirePdfButtons } from './pdfview.js';

async function show() {
  const host = document.getElementById('diagram');
  const marks = JSON.parse(document.getElementById('diagram-marks').textContent);
  await showDiagram(host, await fetchModel(host), marks);
  host.dataset.ready = 'true';
}

wirePdfButtons();
show().catch(() => {
  document.getElementById('diagram').textContent = 'Diagram tidak dapat ditampilkan.';
});
