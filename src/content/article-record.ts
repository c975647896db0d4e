/**
 * Where article bodies are sanitized: once when an article is published (prepareArticle, used by the article store),
 * and when a record stored by an older sanitizer, or before there was one, is read (StoredArticle). A record carries
 * the version that cleaned it, so reading a current record costs nothing more than validating it.
 */
import { ProblemError } from '../http/problem';
import { ArticleRecord, type Article } from '../schema/article';
import { sanitizeHtml, SANITIZER_VERSION } from './sanitize';

/** `article` with its body sanitized against its own URL. */
export function cleanArticle(article: Article): Article {
  return { ...article, bodyHtml: sanitizeHtml(article.bodyHtml, article.url) };
}

/**
 * The article as it is stored and served: body sanitized.
 *
 * @throws ProblemError (422) when nothing of the body is left, so the editor learns why rather than finding it blank.
 */
export function prepareArticle(article: Article): Article {
  const clean = cleanArticle(article);
  if (clean.bodyHtml.trim() === '') {
    throw new ProblemError('validation-failed', {
      errors: [
        { pointer: '#/bodyHtml', detail: 'nothing is left after removing what is not allowed (docs/security.md)' },
      ],
    });
  }
  return clean;
}

/** The text stored for a prepared article: its JSON with the version of the sanitizer that cleaned it. */
export function articleRecordText(article: Article): string {
  return JSON.stringify({ ...article, sanitizer: SANITIZER_VERSION });
}

/** A stored article record, validated, as an Article; one cleaned by another sanitizer version is cleaned again. */
export const StoredArticle = ArticleRecord.transform(({ sanitizer, ...article }): Article =>
  sanitizer === SANITIZER_VERSION ? article : cleanArticle(article),
);
