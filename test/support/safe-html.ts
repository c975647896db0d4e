/**
 * The invariants every sanitized body must hold, checked on the tree a browser builds from it (parse5): only
 * allowlisted elements and attributes, no event handler, style or comment, every URL absolute with an allowed scheme,
 * and markup that serializes back to itself (well-formed: parsing it again changes nothing).
 */
import { defaultTreeAdapter, html as html5, parseFragment, serialize, type DefaultTreeAdapterTypes } from 'parse5';
import { ELEMENTS, GLOBAL_ATTRIBUTES } from '../../src/content/allowlist';

type Node = DefaultTreeAdapterTypes.ChildNode | DefaultTreeAdapterTypes.DocumentFragment;

const URL_ATTRIBUTES = new Set(['href', 'src', 'poster', 'cite', 'longdesc']);
const LINK = /^(?:https?:\/\/[^\s]+|mailto:[^\s]*|tel:[^\s]*)$/;
const RESOURCE = /^https?:\/\/[^\s]+$/;

/** Every way `html` breaks the invariants; empty when it holds them all. */
export function unsafeParts(html: string): string[] {
  const problems: string[] = [];
  const fragment = parseFragment(defaultTreeAdapter.createElement('body', html5.NS.HTML, []), html, {});
  if (serialize(fragment) !== html) problems.push('does not serialize back to itself');
  const visit = (node: Node) => {
    if (node.nodeName === '#comment') problems.push('comment');
    if ('tagName' in node) {
      if (node.namespaceURI !== html5.NS.HTML) problems.push(`foreign element ${node.tagName}`);
      const allowed = ELEMENTS[node.tagName];
      if (allowed === undefined) problems.push(`element ${node.tagName}`);
      for (const { name, value } of node.attrs) {
        if (!Object.hasOwn(allowed ?? {}, name) && !Object.hasOwn(GLOBAL_ATTRIBUTES, name))
          problems.push(`attribute ${node.tagName}@${name}`);
        if (/^on/i.test(name) || name === 'style') problems.push(`attribute ${name}`);
        if (URL_ATTRIBUTES.has(name) && !(name === 'href' ? LINK : RESOURCE).test(value))
          problems.push(`${node.tagName}@${name}="${value}"`);
        if (name === 'srcset') {
          for (const candidate of value.split(/,\s+/)) {
            if (!RESOURCE.test(candidate.split(' ')[0]!)) problems.push(`srcset candidate "${candidate}"`);
          }
        }
      }
    }
    if ('childNodes' in node) node.childNodes.forEach(visit);
  };
  visit(fragment);
  return problems;
}
