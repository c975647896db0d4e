import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import readme from '../../README.md?raw';
import { frameSnippet, scriptSnippet, type EmbedChoice } from '../../src/widget/snippet';

const section = readme.slice(readme.indexOf('## Widget'), readme.indexOf('## Deploying to Cloudflare'));
const documented = [...section.matchAll(/```html\n([\s\S]*?)\n```/g)].map((m) => m[1]);

describe('the README', () => {
  it('documents exactly the snippets the embed builder gives for the same choice', () => {
    const origin = 'https://syndication.meridian-review.example';
    const choice: EmbedChoice = { region: 'asia-pacific', tag: 'china', limit: 5, theme: 'auto', layout: 'list' };
    const site = { name: env.SITE.name, url: env.SITE.url };
    expect(documented).toEqual([scriptSnippet(origin, choice, site), frameSnippet(origin, choice, site)]);
  });
});
