import { describe, expect, it } from 'vitest';
import { articleRecordText } from '../../src/content/article-record';
import { ParsedArticles } from '../../src/storage/parsed-articles';
import { makeArticle } from '../support/articles';

const KEY = 'article:one';

describe("the isolate's parsed articles", () => {
  it('hands out the article parsed before while KV holds the same text, and parses again when it changes', () => {
    const parsed = new ParsedArticles();
    const text = articleRecordText(makeArticle({ slug: 'one', title: 'First title' }));
    const first = parsed.parse(KEY, text);
    expect(first?.title).toBe('First title');
    // The same characters read again are a new string, as every KV read is.
    expect(parsed.parse(KEY, `${text} `.trimEnd())).toBe(first);

    const edited = parsed.parse(KEY, articleRecordText(makeArticle({ slug: 'one', title: 'Second title' })));
    expect(edited?.title).toBe('Second title');
    expect(edited).not.toBe(first);
  });

  it('forgets an article KV no longer holds, and never keeps an invalid record', () => {
    const parsed = new ParsedArticles();
    const text = articleRecordText(makeArticle({ slug: 'one' }));
    parsed.parse(KEY, text);
    expect(parsed.parse(KEY, null)).toBeNull();
    expect(parsed.parse(KEY, '{"not":"an article"}')).toBeNull();
    expect(parsed.parse(KEY, '{"not":"an article"}')).toBeNull();
    expect(parsed.parse(KEY, text)).not.toBeNull();
  });

  it('hands out frozen articles, so no request can change what the next one reads', () => {
    const article = new ParsedArticles().parse(KEY, articleRecordText(makeArticle({ slug: 'one' })))!;
    expect(Object.isFrozen(article)).toBe(true);
    expect(Object.isFrozen(article.authors[0])).toBe(true);
    expect(() => {
      (article as { title: string }).title = 'changed';
    }).toThrow(TypeError);
  });

  it('keeps the most recently used articles within its size, parsing the others again', () => {
    const texts = ['a', 'b', 'c'].map((slug) => articleRecordText(makeArticle({ slug: `article-${slug}` })));
    const parsed = new ParsedArticles(texts[0]!.length * 2 + 10);
    const [a, b] = [parsed.parse('article:a', texts[0]!), parsed.parse('article:b', texts[1]!)];
    expect(parsed.parse('article:a', texts[0]!)).toBe(a); // a is now the most recent
    parsed.parse('article:c', texts[2]!); // over the size: b, the least recently used, goes
    expect(parsed.parse('article:a', texts[0]!)).toBe(a);
    expect(parsed.parse('article:b', texts[1]!)).not.toBe(b);
  });
});
