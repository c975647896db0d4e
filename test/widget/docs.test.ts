import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import widgetDoc from '../../docs/widget.md?raw';
import { frameSnippet, scriptSnippet, type EmbedChoice } from '../../src/widget/snippet';

const documented = [...widgetDoc.matchAll(/```html\n([\s\S]*?)\n```/g)].map((m) => m[1]);

describe('docs/widget.md', () => {
  it('documents exactly the snippets the embed builder gives for the same choice', () => {
    const origin = 'https://syndication.meridian-review.example';
    const choice: EmbedChoice = { region: 'asia-pacific', tag: 'china', limit: 5, theme: 'auto', layout: 'list' };
    const site = { name: env.SITE.name, url: env.SITE.url };
    expect(documented).toEqual([scriptSnippet(origin, choice, site), frameSnippet(origin, choice, site)]);
  });
});
