import { describe, expect, it } from 'vitest';
import { HttpMailer, MailRejected, type Mail } from '../../src/newsletter/mailer';
import { failNext, received, resetStandins } from '../support/standins';

const mail: Mail = {
  to: 'reader@example.org',
  subject: 'Confirm your subscription',
  text: 'Confirm: https://x.test/c',
  html: '<p>Confirm</p>',
  headers: { 'List-Unsubscribe': '<https://x.test/u>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
};
const mailer = (attempts = 3) =>
  new HttpMailer({
    url: 'https://mail.test/send',
    apiKey: 'mail-key',
    from: 'Meridian Review <news@meridian-review.example>',
    attempts,
    backoffMs: 1,
  });

describe('the HTTP email API sender', () => {
  it('posts the message as JSON with the bearer key', async () => {
    await resetStandins();
    await mailer().send(mail);
    const [request] = await received('mail.test');
    expect(request!.method).toBe('POST');
    expect(request!.contentType).toBe('application/json');
    expect(JSON.parse(request!.body)).toEqual({
      from: 'Meridian Review <news@meridian-review.example>',
      to: ['reader@example.org'],
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: mail.headers,
    });
  });

  it('retries with backoff when the API fails, and succeeds once it answers', async () => {
    await resetStandins();
    await failNext('mail.test', 2);
    await mailer(3).send(mail);
    expect(await received('mail.test')).toHaveLength(3);
  });

  it('throws when every attempt fails, so the queue retries later', async () => {
    await resetStandins();
    await failNext('mail.test', 5);
    await expect(mailer(2).send(mail)).rejects.toThrow(/unreachable after 2 attempts/);
  });

  it('refuses header values with CR or LF before sending anything', async () => {
    await resetStandins();
    await expect(mailer().send({ ...mail, subject: 'Hi\r\nBcc: victim@example.org' })).rejects.toBeInstanceOf(
      MailRejected,
    );
    await expect(mailer().send({ ...mail, to: 'a@example.org\nCc: b@example.org' })).rejects.toBeInstanceOf(
      MailRejected,
    );
    expect(await received('mail.test')).toEqual([]);
  });
});
