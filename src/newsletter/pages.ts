import { REGIONS } from '../schema/taxonomy';
import type { Site } from '../schema/site';
import { html, layout, type Html } from '../pages/layout';

function page(site: Site, title: string, body: Html): string {
  return layout({
    title: `${title} — ${site.name}`,
    description: `${site.name} weekly round-up`,
    lang: site.language,
    body: html`<main>${body}</main>`,
  });
}

/** The signup form used on the publication's own site; works without JavaScript. */
export function signupPage(site: Site, regionNames: Record<string, string>, requireConsent: boolean): string {
  return page(
    site,
    'The weekly round-up',
    html`<h1>${site.name} weekly round-up</h1>
<p class="lede">The week's analysis in one email, every Friday. Pick the regions you follow, or none for everything.</p>
<form method="post" action="/newsletter/subscribe">
<p><label>Email <input type="email" name="email" required maxlength="254" autocomplete="email"></label></p>
<p><label>Name (optional) <input type="text" name="name" maxlength="100" autocomplete="name"></label></p>
<fieldset><legend>Regions</legend>
${REGIONS.map((r) => html`<label><input type="checkbox" name="regions" value="${r}"> ${regionNames[r] ?? r}</label><br>`)}
</fieldset>
<p><label><input type="checkbox" name="consent" value="true"${requireConsent ? html` required` : ''}> I agree to receive the weekly round-up and can unsubscribe at any time.</label></p>
<p class="hp" aria-hidden="true"><label>Leave this empty <input type="text" name="website" tabindex="-1" autocomplete="off"></label></p>
<input type="hidden" name="form-version" value="site-1">
<p><button type="submit">Subscribe</button></p>
</form>`,
  );
}

export function messagePage(site: Site, title: string, message: string, details: string[] = []): string {
  return page(
    site,
    title,
    html`<h1>${title}</h1><p class="lede">${message}</p>${details.length ? html`<ul>${details.map((d) => html`<li>${d}</li>`)}</ul>` : ''}`,
  );
}

/** A page with one button: confirming or unsubscribing happens on POST, so a mail scanner that follows links changes nothing. */
export function actionPage(
  site: Site,
  title: string,
  message: string,
  action: string,
  token: string,
  button: string,
  extra: Record<string, string> = {},
): string {
  return page(
    site,
    title,
    html`<h1>${title}</h1><p class="lede">${message}</p>
<form method="post" action="${action}"><input type="hidden" name="token" value="${token}">${Object.entries(extra).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}<button type="submit">${button}</button></form>`,
  );
}

/** The reader's regions, from the link in every round-up email; a plain form, so it works without JavaScript. */
export function preferencesPage(
  site: Site,
  regionNames: Record<string, string>,
  token: string,
  chosen: readonly string[],
): string {
  return page(
    site,
    'Your regions',
    html`<h1>Your regions</h1>
<p class="lede">The weekly round-up lists the week's analysis in the regions you pick. Pick none to get everything.</p>
<form method="post" action="/newsletter/preferences">
<input type="hidden" name="token" value="${token}">
<fieldset><legend>Regions</legend>
${REGIONS.map((r) => html`<label><input type="checkbox" name="regions" value="${r}"${chosen.includes(r) ? html` checked` : ''}> ${regionNames[r] ?? r}</label><br>`)}
</fieldset>
<p><button type="submit">Save</button></p>
</form>`,
  );
}
