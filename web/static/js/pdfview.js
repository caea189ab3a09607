// Renders PDFs with pdf.js into a container, one canvas per page, fitted to its width.
import * as pdfjs from '/static/vendor/pdfjs/pdf.min.mjs';

pdfjs.GlobalWorkerOptions.workerSrc = '/static/vendor/pdfjs/pdf.worker.min.mjs';

export async function renderPdf(container, source) {
  const params = source instanceof ArrayBuffer ? { data: new Uint8Array(source) } : { url: source };
  const pdf = await pdfjs.getDocument({ ...params, isEvalSupported: false, enableXfa: false }).promise;
  container.hidden = false;
  container.replaceChildren();
  const width = Math.max(container.clientWidth - 2, 280);
  for (let number = 1; number <= pdf.numPages; number++) {
    const page = await pdf.getPage(number);
    const scale = width / page.getViewport({ scale: 1 }).width;
    const viewport = page.getViewport({ scale: scale * (window.devicePixelRatio || 1) });
    const canvas = document.createElement('canvas');
    canvas.width = viewport.width;
    canvas.height = viewport.height;
    canvas.className = 'pdf-page';
    canvas.setAttribute('aria-label', `Halaman ${number} dari ${pdf.numPages}`);
    container.append(canvas);
    await page.render({ canvasContext: canvas.getContext('2d'), viewport }).promise;
  }
  container.dataset.pages = String(pdf.numPages);
  return pdf.numPages;
}

// Buttons with data-pdf-src show that PDF in the element named by data-pdf-target.
export function wirePdfButtons(root = document) {
  for (const button of root.querySelectorAll('[data-pdf-src]')) {
    button.addEventListener('click', async () => {
      const target = document.getElementById(button.dataset.pdfTarget);
      target.hidden = false;
      target.textContent = 'Memuat dokumen…';
      try {
        await renderPdf(target, button.dataset.pdfSrc);
      } catch (error) {
        target.textContent = 'Dokumen tidak dapat ditampilkan.';
      }
    });
  }
}
