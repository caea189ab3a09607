// The task page: form-js renders the case's own form; preview and signing post its data as JSON.
import { renderPdf, wirePdfButtons } from './pdfview.js';

const page = document.getElementById('task');
const csrf = page.dataset.csrf;
const previewButton = document.getElementById('preview-button');
const previewBox = document.getElementById('preview');
const previewStatus = document.getElementById('preview-status');
const signForm = document.getElementById('sign-form');
const signButton = document.getElementById('sign-button');
const secretError = document.getElementById('secret-error');
const formMessage = document.getElementById('form-message');

const schemaNode = document.getElementById('form-schema');
const schema = schemaNode ? JSON.parse(schemaNode.textContent) : null;
let form = null;

function idsByKey(components, out = {}) {
  for (const c of components || []) {
    if (c.key && c.id) out[c.key] = c.id;
    idsByKey(c.components, out);
  }
  return out;
}

// form-js's own validation messages, in Indonesian.
const MESSAGES = [
  [/^Field is required\.$/, 'Wajib diisi.'],
  [/^Field must have minimum value of (.+)\.$/, 'Paling kecil $1.'],
  [/^Field must have maximum value of (.+)\.$/, 'Paling besar $1.'],
  [/^Field must have minimum length of (.+)\.$/, 'Paling sedikit $1 karakter.'],
  [/^Field must have maximum length of (.+)\.$/, 'Paling banyak $1 karakter.'],
  [/^Field must match pattern (.+)\.$/, 'Tidak sesuai pola $1.'],
  [/^Field must be a valid email\.$/, 'Alamat surel tidak sah.'],
  [/^Field must be a valid\s+international phone number.*$/, 'Nomor telepon internasional tidak sah (contoh: +62215551234).'],
];

function indonesian(message) {
  for (const [pattern, text] of MESSAGES) {
    if (pattern.test(message)) return message.replace(pattern, text);
  }
  return message;
}

async function setUpForm() {
  if (!schema) return;
  const initial = JSON.parse(document.getElementById('form-data').textContent);
  form = new window.FormViewer.Form({ container: document.getElementById('form') });
  const validator = form.get('validator');
  const validate = validator.validateFieldInstance.bind(validator);
  validator.validateFieldInstance = (...args) => validate(...args).map(indonesian);
  await form.importSchema(schema, initial);
  form.on('changed', () => setPreviewed(false));
  page.dataset.formReady = 'true';
}

function currentData() {
  if (!form) return { data: {}, errors: {} };
  const { data, errors } = form.submit();
  return { data, errors };
}

function setPreviewed(done) {
  signButton.disabled = !done;
  if (!done && !previewBox.hidden) {
    previewStatus.textContent = 'Isian berubah; pratinjau ulang sebelum menandatangani.';
  }
}

function showMessage(text) {
  formMessage.textContent = text;
  formMessage.hidden = !text;
}

// A server-side finding on one field, shown under that field by form-js itself.
function showFieldError(key, message) {
  const id = schema ? idsByKey(schema.components)[key] : null;
  if (form && id) {
    form._setState({ errors: { [id]: [message] } });
  }
  showMessage(message);
}

async function post(url, body) {
  return fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'Accept': 'application/json, application/pdf', 'X-CSRF-Token': csrf },
    body: JSON.stringify(body),
  });
}

async function problem(response) {
  try {
    return await response.json();
  } catch (error) {
    return { title: 'Kesalahan', message: `Server menjawab ${response.status}.` };
  }
}

previewButton.addEventListener('click', async () => {
  showMessage('');
  const { data, errors } = currentData();
  if (Object.keys(errors).length) {
    showMessage('Lengkapi isian yang ditandai terlebih dahulu.');
    return;
  }
  previewButton.disabled = true;
  previewStatus.textContent = 'Menyiapkan pratinjau…';
  try {
    const response = await post(page.dataset.previewUrl, { data });
    if (response.ok) {
      await renderPdf(previewBox, await response.arrayBuffer());
      previewStatus.textContent = `Pratinjau revisi ${response.headers.get('x-sopflow-revision')} siap.`;
      setPreviewed(true);
    } else {
      const body = await problem(response);
      previewStatus.textContent = '';
      if (body.field) showFieldError(body.field, body.message); else showMessage(`${body.title}: ${body.message}`);
    }
  } finally {
    previewButton.disabled = false;
  }
});

signForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  secretError.hidden = true;
  showMessage('');
  const { data, errors } = currentData();
  if (Object.keys(errors).length) {
    showMessage('Lengkapi isian yang ditandai terlebih dahulu.');
    return;
  }
  const secretInput = document.getElementById('secret');
  signButton.disabled = true;
  const label = signButton.textContent;
  signButton.textContent = 'Menandatangani…';
  try {
    const response = await post(page.dataset.completeUrl, { data, secret: secretInput.value });
    secretInput.value = '';
    if (response.ok) {
      const body = await response.json();
      window.location.assign(body.redirect);
      return;
    }
    const body = await problem(response);
    if (body.field === 'secret') {
      secretError.textContent = body.message;
      secretError.hidden = false;
    } else if (body.field) {
      showFieldError(body.field, body.message);
    } else {
      showMessage(`${body.title}: ${body.message}`);
    }
  } finally {
    signButton.textContent = label;
    signButton.disabled = false;
  }
});

wirePdfButtons();
setUpForm().catch(() => showMessage('Formulir tidak dapat dimuat.'));
