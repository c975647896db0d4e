/**
 * /widget/builder.js: makes the embed builder live. Every change updates the preview element's attributes (it
 * re-renders itself), the preview frame and both snippets, which come from the same code as the server's.
 */
import type { Layout, Theme } from '../options';
import { embedAttributes, frameSnippet, frameSrc, scriptSnippet, type EmbedChoice } from '../snippet';
import { frameHeightPx } from '../styles';

const form = document.querySelector<HTMLFormElement>('form.embed')!;
const element = document.querySelector('latest-analysis')!;
const frame = document.querySelector<HTMLIFrameElement>('iframe[data-latest-analysis]')!;
const site = { name: form.dataset.siteName ?? '', url: form.dataset.siteUrl ?? '' };

form.querySelector('button.apply')?.remove();

function show(id: string, snippet: string): void {
  const code = document.getElementById(id)!;
  code.textContent = snippet;
  code.closest('pre')?.nextElementSibling?.setAttribute('data-copy', snippet);
}

form.addEventListener('change', () => {
  const data = new FormData(form);
  const value = (name: string) => String(data.get(name) ?? '');
  const choice: EmbedChoice = {
    region: value('region') || undefined,
    tag: value('tag') || undefined,
    limit: Number(value('limit')),
    theme: value('theme') as Theme,
    layout: value('layout') as Layout,
  };
  const attributes = embedAttributes(choice);
  for (const name of ['region', 'tag']) if (!attributes.some(([n]) => n === name)) element.removeAttribute(name);
  for (const [name, v] of attributes) element.setAttribute(name, v);
  frame.src = frameSrc(location.origin, choice);
  frame.height = String(frameHeightPx(choice.layout, choice.limit));
  show('snippet-script', scriptSnippet(location.origin, choice, site));
  show('snippet-frame', frameSnippet(location.origin, choice, site));
  history.replaceState(null, '', `?${new URLSearchParams(attributes)}`);
});
