// The modeller bundle shipped in the web package (web/static/vendor/modeler/): the bpmn-js Modeler with the
// Camunda 7 properties panel, the element templates module and the camunda moddle, and the form-js editor.
// scripts/build-modeler-bundle.sh builds it with esbuild from the packages pinned in package.json.
import BpmnModeler from 'bpmn-js/lib/Modeler';
import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  CamundaPlatformPropertiesProviderModule
} from 'bpmn-js-properties-panel';
import { ElementTemplatesPropertiesProviderModule } from 'bpmn-js-element-templates';
import CamundaBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-platform';
import camundaModdle from 'camunda-bpmn-moddle/resources/camunda.json';
import { FormEditor } from '@bpmn-io/form-js-editor';

import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'bpmn-js-element-templates/dist/assets/element-templates.css';
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import '@bpmn-io/form-js-editor/dist/assets/form-js-editor.css';

/**
 * A diagram-js translate service from a dictionary (English text -> translation); text it lacks stays as is.
 *
 * @param {Object<string, string>} dictionary
 */
function translateModule(dictionary) {
  const translate = (template, replacements = {}) => (dictionary[template] || template)
    .replace(/{([^}]+)}/g, (whole, key) => (key in replacements ? replacements[key] : whole));
  return { translate: ['value', translate] };
}

/**
 * A bpmn-js Modeler with the Camunda 7 properties panel and the given element templates.
 *
 * @param {string|Element} canvas where the diagram is drawn
 * @param {string|Element} panel where the properties panel is drawn
 * @param {Array<object>} templates element templates (sopflow-element-templates.json)
 * @param {Object<string, string>} [translations] labels of the modeller in the page's language
 */
function createModeler(canvas, panel, templates, translations) {
  return new BpmnModeler({
    container: canvas,
    propertiesPanel: { parent: panel },
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      CamundaPlatformPropertiesProviderModule,
      ElementTemplatesPropertiesProviderModule,
      CamundaBehaviorsModule,
      ...(translations ? [translateModule(translations)] : [])
    ],
    moddleExtensions: { camunda: camundaModdle },
    elementTemplates: templates
  });
}

window.SopflowModeler = { createModeler, FormEditor };
