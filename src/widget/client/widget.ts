/**
 * widget.js: the `<latest-analysis>` element. Its markup comes from ../markup.ts (the same as /widget/frame),
 * its styles from ../styles.ts; this file only reads attributes, fetches, and swaps the shadow root's content.
 * Content is only ever inserted as text nodes, no cookies are sent and nothing is stored.
 */
import type { WidgetData } from '../latest-json';
import { widgetView, type H } from '../markup';
import {
  DATA_PARAMS,
  IMAGES,
  isUsableLang,
  LAYOUTS,
  LIMIT,
  THEMES,
  UTM_SOURCE,
  type Layout,
  type Theme,
  type ViewOptions,
} from '../options';
import { WIDGET_CSS } from '../styles';

const TAG = 'latest-analysis';
/** Read when the script runs: the JSON lives where widget.js came from, whichever page embeds it. */
const API = new URL('/widget/latest.json', (document.currentScript as HTMLScriptElement | null)?.src ?? location.href);

const sheet = new CSSStyleSheet();
// A constructed stylesheet, not a <style> element: partners' `style-src` rules do not apply to it.
sheet.replaceSync(WIDGET_CSS);

/** Strings become Text nodes (as `textContent` would): nothing from the data is ever parsed as HTML. */
const dom: H<Node> = (tag, attrs, children = []) => {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined) el.setAttribute(name, String(value));
  for (const child of children) if (child) el.append(child);
  return el;
};

interface Answer {
  status: number;
  body: WidgetData & { errors?: { pointer: string; detail: string }[] };
}

/** One request per distinct URL, however many widgets on the page ask for it. */
const answers = new Map<string, Promise<Answer>>();

function load(url: string): Promise<Answer> {
  let answer = answers.get(url);
  if (!answer) {
    answer = fetch(url, { credentials: 'omit' }).then(async (res) => ({ status: res.status, body: await res.json() }));
    answer.catch(() => answers.delete(url));
    answers.set(url, answer);
  }
  return answer;
}

const pick = <T extends string>(value: string | null, allowed: readonly T[]): T | undefined =>
  allowed.find((a) => a === value);

class LatestAnalysis extends HTMLElement {
  static observedAttributes = [...DATA_PARAMS, 'theme', 'layout', 'images', 'lang', 'utm-source'];
  #root = this.attachShadow({ mode: 'open' });
  #run = 0;
  #queued = false;

  constructor() {
    super();
    this.#root.adoptedStyleSheets = [sheet];
  }

  connectedCallback() {
    this.#schedule();
  }

  attributeChangedCallback() {
    this.#schedule();
  }

  /** Attributes arrive one callback each; render once for all of them. */
  #schedule() {
    if (this.#queued) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      if (this.isConnected) void this.#render();
    });
  }

  /** Attribute → value, or the default plus a note for the one warning. */
  #read<T>(name: string, parse: (raw: string) => T | undefined, fallback: T, issues: string[]): T {
    const raw = this.getAttribute(name);
    if (raw === null) return fallback;
    const value = parse(raw);
    if (value === undefined) issues.push(`${name}="${raw}" is not valid, so the default is used`);
    return value ?? fallback;
  }

  async #render() {
    const run = ++this.#run;
    const issues: string[] = [];
    const limit = this.#read(
      'limit',
      (v) => (/^\d+$/.test(v) && +v >= LIMIT.min && +v <= LIMIT.max ? +v : undefined),
      LIMIT.default,
      issues,
    );
    const options: ViewOptions = {
      limit,
      layout: this.#read<Layout>('layout', (v) => pick(v, LAYOUTS), 'list', issues),
      theme: this.#read<Theme>('theme', (v) => pick(v, THEMES), 'auto', issues),
      images: this.#read('images', (v) => pick(v, IMAGES), 'on', issues) === 'on',
      lang: this.#read(
        'lang',
        (v) => (isUsableLang(v) ? v : undefined),
        document.documentElement.lang || undefined,
        issues,
      ),
      utmSource: this.#read('utm-source', (v) => (UTM_SOURCE.test(v) ? v : undefined), undefined, issues),
    };
    this.#root.replaceChildren(widgetView(dom, null, options));

    const params = new URLSearchParams();
    for (const name of DATA_PARAMS) {
      const value = name === 'limit' ? String(limit) : this.getAttribute(name);
      if (value) params.set(name, value);
    }
    try {
      let answer = await load(`${API.href}?${params}`);
      // The worker names every parameter it refused (400) or does not know (404): drop those, ask again.
      const refused = answer.body.errors ?? [];
      if (answer.status >= 400 && answer.status < 500 && refused.length > 0) {
        for (const { pointer, detail } of refused) {
          params.delete(pointer.slice(1));
          issues.push(`${detail}, so it is ignored`);
        }
        answer = await load(`${API.href}?${params}`);
      }
      if (answer.status !== 200) throw new Error(`${API.href} answered ${answer.status}`);
      if (run === this.#run) this.#root.replaceChildren(widgetView(dom, answer.body, options));
    } catch (error) {
      // Never a broken page: show the fallback content the partner put inside the element.
      if (run === this.#run) this.#root.replaceChildren(document.createElement('slot'));
      issues.push(`could not load the latest articles (${String(error)}), so the content inside the element is shown`);
    }
    if (issues.length > 0 && run === this.#run) console.warn(`<${TAG}>: ${issues.join('; ')}.`);
  }
}

if (!customElements.get(TAG)) customElements.define(TAG, LatestAnalysis);
