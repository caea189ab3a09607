// Test page: the form-js editor of the shipped modeller bundle, as Camunda Modeler embeds it.
window.importForm = async function (container, schema) {
  container.innerHTML = '';
  const editor = new window.SopflowModeler.FormEditor({ container });
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
