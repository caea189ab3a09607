// The model pages: the diagram with `sopflow check` findings marked on their elements
// (a marker and a numbered badge per element), the list of findings linked to them, the SOP document.
import { fetchModel, showDiagram } from './diagram.js';
import { wirePdfButtons } from './pdfview.js';

function badge(findings) {
  const span = document.createElement('span');
  const errors = findings.filter((f) => f.severity === 'error').length;
  span.className = `sf-finding-badge ${errors ? 'error' : 'warning'}`;
  span.textContent = String(findings.length);
  span.title = findings.map((f) => `[${f.rule}] ${f.message}`).join('\n');
  return span;
}

async function show() {
  const host = document.getElementById('diagram');
  if (!host) return;
  const findings = JSON.parse(document.getElementById('findings-data').textContent);
  const inline = document.getElementById('diagram-xml');
  const xml = inline ? JSON.parse(inline.textContent) : await fetchModel(host);
  const byElement = new Map();
  for (const finding of findings) {
    if (!finding.element_id) continue;
    if (!byElement.has(finding.element_id)) byElement.set(finding.element_id, []);
    byElement.get(finding.element_id).push(finding);
  }
  const marks = { error: [], warning: [] };
  for (const [id, list] of byElement) {
    marks[list.some((f) => f.severity === 'error') ? 'error' : 'warning'].push(id);
  }
  const viewer = await showDiagram(host, xml, marks);
  const registry = viewer.get('elementRegistry');
  const overlays = viewer.get('overlays');
  const canvas = viewer.get('canvas');
  const root = canvas.getRootElement();
  const marked = [];
  for (const [id, list] of byElement) {
    const element = registry.get(id);
    if (!element || element === root || element.waypoints) continue;
    overlays.add(id, 'sf-finding', { position: { top: -10, right: 10 }, html: badge(list) });
    marked.push(id);
  }
  for (const row of document.querySelectorAll('[data-element-id]')) {
    const id = row.dataset.elementId;
    if (!marked.includes(id)) continue;
    row.classList.add('on-diagram');
    row.addEventListener('click', () => {
      for (const other of marked) canvas.removeMarker(other, 'sf-focus');
      canvas.addMarker(id, 'sf-focus');
      canvas.scrollToElement(registry.get(id));
    });
  }
  host.dataset.marked = marked.sort().join(' ');
  host.dataset.ready = 'true';
}

wirePdfButtons();
show().catch(() => {
  const host = document.getElementById('diagram');
  host.textContent = 'Diagram tidak dapat ditampilkan.';
  host.dataset.ready = 'failed';
});
