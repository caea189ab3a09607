// Test page bundle: the form-js editor, as Camunda Modeler embeds it.
import { FormEditor } from '@bpmn-io/form-js-editor';

import '@bpmn-io/form-js-editor/dist/assets/form-js-editor.css';

window.importForm = async function (container, schema) {
  container.innerHTML = '';
  const editor = new FormEditor({ container });
  try {
    const result = await editor.importSchema(schema);
    const saved = editor.saveSchema();
    return { ok: true, warnings: result.warnings.map(String), components: saved.components.length };
  } catch (error) {
    return { ok: false, error: String(error), warnings: (error.warnings || []).map(String) };
  } finally {
    editor.destroy();
  }
};
