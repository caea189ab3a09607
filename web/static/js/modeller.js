// The model editor: the bpmn-js Modeler with the Camunda properties panel and sopflow's element templates,
// the form-js editor for each task's form, and saving as a new version after `sopflow check`, whose
// findings are marked on the diagram and listed.
import INDONESIAN from './modeller-id.js';

const page = document.getElementById('modeller');
const data = JSON.parse(document.getElementById('modeller-data').textContent);
const { createModeler, FormEditor } = window.SopflowModeler;

const statusLine = document.getElementById('save-status');
const saveButton = document.getElementById('save-button');
const findingsBox = document.getElementById('findings');
const findingsList = document.getElementById('findings-list');
const formList = document.getElementById('form-list');
const formTitle = document.getElementById('form-title');
const formHost = document.getElementById('form-editor');
const scaffoldButton = document.getElementById('scaffold-button');

const modeler = createModeler('#canvas', '#properties', data.templates, INDONESIAN);
window.sopflowEditor = { modeler };  // for scripts driving the page (the browser tests)
const forms = { ...data.forms };  // form key -> Camunda Form schema, as edited so far
let formEditor = null;
let openForm = null;  // the key of the form in the form editor
let changed = false;
let marked = [];  // element ids marked with findings

const SEVERITY = { error: 'Galat', warning: 'Peringatan' };

function setStatus(text, kind) {
  statusLine.textContent = text;
  statusLine.className = `status ${kind || ''}`;
}

function setChanged(value) {
  changed = value;
  page.dataset.changed = String(value);
  if (value) setStatus('Ada perubahan yang belum disimpan.', 'pending');
}

// -- tabs ---------------------------------------------------------------------------------------------
for (const tab of document.querySelectorAll('[role="tab"]')) {
  tab.addEventListener('click', () => showTab(tab.getAttribute('aria-controls')));
}

function showTab(panelId) {
  for (const tab of document.querySelectorAll('[role="tab"]')) {
    const selected = tab.getAttribute('aria-controls') === panelId;
    tab.setAttribute('aria-selected', String(selected));
    document.getElementById(tab.getAttribute('aria-controls')).hidden = !selected;
  }
  if (panelId === 'tab-forms') listForms();
}

// -- element templates ------------------------------------------------------------------------------
// The properties panel's "Pilih"/"Ganti" asks the page to offer the templates that apply to the element.
const chooser = document.getElementById('template-chooser');
const templateList = document.getElementById('template-list');

modeler.on('elementTemplates.select', ({ element }) => chooseTemplate(element));

function chooseTemplate(element) {
  const elementTemplates = modeler.get('elementTemplates');
  const templates = elementTemplates.getLatest(element);
  document.getElementById('template-chooser-element').textContent =
    `${element.businessObject.name || element.id} (${element.type.replace('bpmn:', '')})`;
  templateList.replaceChildren();
  for (const template of templates) {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'link';
    button.dataset.templateId = template.id;
    button.textContent = template.name;
    button.addEventListener('click', () => {
      chooser.close();
      modeler.get('selection').select(elementTemplates.applyTemplate(element, template));
    });
    const about = document.createElement('span');
    about.className = 'muted small';
    about.textContent = template.description ? ` ${template.description}` : '';
    item.append(button, about);
    templateList.append(item);
  }
  if (!templates.length) {
    const item = document.createElement('li');
    item.className = 'muted';
    item.textContent = 'Tidak ada templat SOP untuk jenis elemen ini (templat berlaku untuk tugas, proses dan pool).';
    templateList.append(item);
  }
  chooser.showModal();
}

// -- forms --------------------------------------------------------------------------------------------
// The form keys of the diagram's tasks, with the task names using each.
function formKeys() {
  const keys = new Map();
  for (const element of modeler.get('elementRegistry').getAll()) {
    const bo = element.businessObject;
    const key = bo && bo.$instanceOf && bo.$instanceOf('bpmn:UserTask') ? bo.get('camunda:formKey') : null;
    if (!key) continue;
    if (!keys.has(key)) keys.set(key, []);
    keys.get(key).push({ id: element.id, name: bo.name || element.id });
  }
  return keys;
}

function listForms() {
  keepOpenForm();
  formList.replaceChildren();
  const keys = formKeys();
  for (const [key, tasks] of [...keys.entries()].sort()) {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'link';
    button.dataset.formKey = key;
    button.textContent = key;
    button.addEventListener('click', () => openFormEditor(key, tasks));
    item.append(button);
    const note = document.createElement('span');
    note.className = 'muted small';
    note.textContent = ` ${tasks.map((t) => t.name).join(', ')}${forms[key] ? '' : ' · belum ada formulir'}`;
    item.append(note);
    if (key === openForm) item.className = 'current';
    formList.append(item);
  }
  if (!keys.size) {
    const item = document.createElement('li');
    item.className = 'muted';
    item.textContent = 'Belum ada tugas dengan formulir (camunda:formKey).';
    formList.append(item);
  }
}

function keepOpenForm() {
  if (formEditor && openForm) forms[openForm] = formEditor.saveSchema();
}

async function openFormEditor(key, tasks) {
  keepOpenForm();
  if (formEditor) formEditor.destroy();
  formEditor = null;
  openForm = key;
  formTitle.textContent = `Formulir ${key}`;
  formHost.replaceChildren();
  scaffoldButton.hidden = Boolean(forms[key]);
  scaffoldButton.dataset.taskId = tasks[0].id;
  listForms();
  if (!forms[key]) {
    const hint = document.createElement('p');
    hint.className = 'muted';
    hint.textContent = 'Tugas ini belum punya formulir. Buat kerangkanya dari jenis dokumen tugas, lalu ubah di sini.';
    formHost.append(hint);
    return;
  }
  formEditor = new FormEditor({ container: formHost });
  await formEditor.importSchema(forms[key]);
  formEditor.on('changed', () => setChanged(true));
  page.dataset.openForm = key;
}

scaffoldButton.addEventListener('click', async () => {
  const key = openForm;
  const { xml } = await modeler.saveXML({ format: true });
  const response = await post(data.scaffoldUrl, { bpmn: xml, task: scaffoldButton.dataset.taskId });
  const body = await answer(response);
  if (!response.ok) {
    setStatus(body.message || 'Kerangka formulir tidak dapat dibuat.', 'error');
    return;
  }
  forms[key] = body.form;
  setChanged(true);
  await openFormEditor(key, formKeys().get(key) || [{ id: scaffoldButton.dataset.taskId }]);
});

// -- findings -----------------------------------------------------------------------------------------
function clearFindings() {
  const canvas = modeler.get('canvas');
  const registry = modeler.get('elementRegistry');
  for (const id of marked.filter((markedId) => registry.get(markedId))) {  // some may be deleted by now
    canvas.removeMarker(id, 'sf-finding-error');
    canvas.removeMarker(id, 'sf-finding-warning');
  }
  modeler.get('overlays').remove({ type: 'sf-finding' });
  marked = [];
  findingsList.replaceChildren();
  findingsBox.hidden = true;
}

function showFindings(findings) {
  clearFindings();
  const registry = modeler.get('elementRegistry');
  const canvas = modeler.get('canvas');
  const overlays = modeler.get('overlays');
  const counts = new Map();
  for (const finding of findings) {
    const element = finding.element_id && registry.get(finding.element_id);
    const shown = element && element.type !== 'bpmn:Process' && element !== canvas.getRootElement();
    if (shown) {
      if (!counts.has(element.id)) counts.set(element.id, { error: 0, warning: 0 });
      counts.get(element.id)[finding.severity === 'error' ? 'error' : 'warning'] += 1;
    }
    findingsList.append(findingItem(finding, shown));
  }
  for (const [id, count] of counts) {
    const kind = count.error ? 'error' : 'warning';
    canvas.addMarker(id, `sf-finding-${kind}`);
    const badge = document.createElement('span');
    badge.className = `sf-finding-badge ${kind}`;
    badge.dataset.elementId = id;
    badge.textContent = String(count.error + count.warning);
    badge.title = `${count.error} galat, ${count.warning} peringatan`;
    overlays.add(id, 'sf-finding', { position: { top: -10, right: 10 }, html: badge });
    marked.push(id);
  }
  findingsBox.hidden = findings.length === 0;
}

function findingItem(finding, onDiagram) {
  const item = document.createElement('li');
  item.className = `finding ${finding.severity}`;
  item.dataset.elementId = finding.element_id || '';
  const severity = document.createElement('strong');
  severity.textContent = SEVERITY[finding.severity] || finding.severity;
  const where = document.createElement(onDiagram ? 'button' : 'span');
  where.textContent = finding.element_id || finding.file || 'model';
  if (onDiagram) {
    where.type = 'button';
    where.className = 'link';
    where.addEventListener('click', () => {
      showTab('tab-diagram');
      const element = modeler.get('elementRegistry').get(finding.element_id);
      if (element) {
        modeler.get('selection').select(element);
        modeler.get('canvas').scrollToElement(element);
      }
    });
  }
  const message = document.createElement('span');
  message.textContent = finding.message;
  const rule = document.createElement('span');
  rule.className = 'muted small';
  rule.textContent = `[${finding.rule}]${finding.file ? ` ${finding.file}` : ''}${finding.line ? `:${finding.line}` : ''}`;
  item.append(severity, ' ', where, ': ', message, ' ', rule);
  return item;
}

// -- saving -------------------------------------------------------------------------------------------
function post(url, body) {
  return fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': data.csrf },
    body: JSON.stringify(body),
  });
}

// The properties panels apply typing after a pause (300 ms); let the last keystrokes land before saving.
function settle() {
  if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
  return new Promise((resolve) => { setTimeout(resolve, 350); });
}

// The server's JSON answer; a plain-text refusal (e.g. 413, body too large) becomes its message.
async function answer(response) {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return { message: text.slice(0, 300) };
  }
}

async function save() {
  saveButton.disabled = true;
  setStatus('Memeriksa dan menyimpan…', 'pending');
  try {
    await settle();
    keepOpenForm();
    const { xml } = await modeler.saveXML({ format: true });
    const used = {};
    for (const key of formKeys().keys()) if (forms[key]) used[key] = forms[key];
    const response = await post(data.saveUrl, { bpmn: xml, forms: used, version: data.version });
    const body = await answer(response);
    showFindings(body.findings || []);
    if (response.ok && body.ok) {
      data.version = body.version;
      document.getElementById('version').textContent = String(body.version);
      setChanged(false);
      setStatus(body.message, 'ok');
      const link = document.createElement('a');
      link.href = `${data.versionUrl}${body.version}`;
      link.textContent = ` Lihat versi ${body.version}.`;
      statusLine.append(link);
      page.dataset.savedVersion = String(body.version);
    } else {
      setStatus(body.message || 'Model tidak disimpan.', 'error');
    }
  } catch (error) {
    setStatus(`Model tidak disimpan: ${error}`, 'error');
  } finally {
    saveButton.disabled = false;
    page.dataset.saves = String(Number(page.dataset.saves || 0) + 1);
  }
}

saveButton.addEventListener('click', save);
window.addEventListener('beforeunload', (event) => {
  if (changed) event.preventDefault();
});

// The whole diagram in view, clear of the palette on the left.
function fitBesidePalette() {
  const canvas = modeler.get('canvas');
  const { inner, outer } = canvas.viewbox();
  const left = 120;
  const margin = 20;
  const scale = Math.min(1, (outer.width - left - margin) / inner.width, (outer.height - 2 * margin) / inner.height);
  if (!(scale > 0)) return;
  canvas.viewbox({ x: inner.x - left / scale, y: inner.y - margin / scale,
                   width: outer.width / scale, height: outer.height / scale });
}

async function start() {
  await modeler.importXML(data.bpmn);
  fitBesidePalette();
  modeler.on('commandStack.changed', () => setChanged(true));
  showFindings(data.findings || []);
  listForms();
  page.dataset.ready = 'true';
}

start().catch((error) => {
  setStatus(`Model tidak dapat dibuka: ${error}`, 'error');
});
