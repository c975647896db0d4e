import { html } from 'hono/html';
import type { Site } from '../schema/site';
import type { Mail } from './mailer';

export interface ConfirmationLinks {
  confirm: string;
  unsubscribe: string;
}

/**
 * The double opt-in email. Every mail carries RFC 8058 one-click unsubscribe headers, so a mail
 * provider can unsubscribe with one POST and no page visit.
 */
export function confirmationEmail(site: Site, to: string, links: ConfirmationLinks): Mail {
  const subject = `Confirm your subscription to the ${site.name} weekly round-up`;
  const text = [
    `Someone, hopefully you, asked to receive the ${site.name} weekly round-up at this address.`,
    '',
    `Confirm your subscription (the link works for 48 hours):`,
    links.confirm,
    '',
    `If this was not you, ignore this email: nothing will be sent without your confirmation.`,
    `Unsubscribe at any time: ${links.unsubscribe}`,
  ].join('\n');
  const body = String(html`<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5">
<p>Someone, hopefully you, asked to receive the ${site.name} weekly round-up at this address.</p>
<p><a href="${links.confirm}">Confirm your subscription</a> (the link works for 48 hours).</p>
<p>If this was not you, ignore this email: nothing will be sent without your confirmation.</p>
<p style="font-size:small"><a href="${links.unsubscribe}">Unsubscribe</a></p>
</body></html>`);
  return {
    to,
    subject,
    text,
    html: body,
    headers: { 'List-Unsubscribe': `<${links.unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}
