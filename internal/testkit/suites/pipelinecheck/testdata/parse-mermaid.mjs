// Parses Mermaid diagrams with the real mermaid package, as GitHub's
// renderer does: stdin is a JSON array of diagram texts; stdout has one
// line per diagram, "ok <type>" or "error <message>".
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

let input = '';
for await (const chunk of process.stdin) input += chunk;
for (const text of JSON.parse(input)) {
  try {
    const r = await mermaid.parse(text);
    console.log('ok ' + r.diagramType);
  } catch (e) {
    console.log('error ' + String(e.message || e).split('\n').join(' '));
  }
}
