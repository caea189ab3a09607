// Test page: the shipped modeller bundle (bpmn-js Modeler, Camunda properties panel, element templates).
window.createModeler = function (canvas, panel, templates) {
  window.modeler = window.SopflowModeler.createModeler(canvas, panel, templates);
  return window.modeler;
};
