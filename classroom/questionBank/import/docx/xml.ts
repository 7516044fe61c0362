/** The few DOM operations the .docx reader needs, over @xmldom/xmldom's nodes. */

export const NS = {
  w: 'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
  r: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  m: 'http://schemas.openxmlformats.org/officeDocument/2006/math',
  a: 'http://schemas.openxmlformats.org/drawingml/2006/main',
  v: 'urn:schemas-microsoft-com:vml',
  mc: 'http://schemas.openxmlformats.org/markup-compatibility/2006',
} as const;

/** The part of a DOM element used here (xmldom's Element has it). */
export interface XmlElement {
  readonly nodeType: number;
  readonly localName: string | null;
  readonly namespaceURI: string | null;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<XmlElement>;
  getAttribute(name: string): string | null;
  getAttributeNS(ns: string, name: string): string | null;
}

const ELEMENT = 1;

export function childrenOf(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (let i = 0; i < el.childNodes.length; i++) {
    const c = el.childNodes[i]!;
    if (c.nodeType === ELEMENT) out.push(c);
  }
  return out;
}

export function is(el: XmlElement, ns: string, name: string): boolean {
  return el.localName === name && el.namespaceURI === ns;
}

export function child(el: XmlElement, ns: string, name: string): XmlElement | undefined {
  return childrenOf(el).find((c) => is(c, ns, name));
}

/** A namespaced attribute; Word writes w:val, m:val… */
export function attr(el: XmlElement, ns: string, name: string): string | null {
  const v = el.getAttributeNS(ns, name);
  return v === null || v === '' ? null : v;
}
