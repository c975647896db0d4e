/**
 * Static assets of the HTML pages, kept in the bundle: a few hundred bytes each, so no separate
 * asset pipeline is worth having.
 */
export const SITE_CSS = `:root{color-scheme:light dark;--fg:#1d232b;--muted:#5b6572;--bg:#fff;--line:#dde2e8;--accent:#9b1c31;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
@media (prefers-color-scheme:dark){:root{--fg:#e6e9ee;--muted:#9aa4b1;--bg:#14181d;--line:#2b323b;--accent:#f2788c}}
body{margin:0 auto;max-width:60rem;padding:1.5rem;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}h1{font-size:1.8rem;margin:.2em 0}h2{margin-top:2rem;border-bottom:1px solid var(--line);padding-bottom:.3rem}
.lede{color:var(--muted);max-width:44rem}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.45rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:600;color:var(--muted);font-size:.85rem}td.count{text-align:right;font-variant-numeric:tabular-nums;color:var(--muted)}
.formats{display:flex;flex-wrap:wrap;gap:.35rem}.feed-url{display:inline-flex;gap:.25rem;align-items:center}
code{font-size:.8rem;background:color-mix(in srgb,var(--line) 45%,transparent);padding:.1rem .3rem;border-radius:.25rem;word-break:break-all}
button.copy{font:inherit;font-size:.75rem;padding:.05rem .4rem;border:1px solid var(--line);background:transparent;color:var(--fg);border-radius:.25rem;cursor:pointer}
button.copy:focus-visible,a:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
ol.items{list-style:none;padding:0}ol.items li{padding:.8rem 0;border-bottom:1px solid var(--line)}.dek{margin:.2rem 0;color:var(--muted)}.meta{font-size:.85rem;color:var(--muted)}
nav.crumbs{font-size:.9rem}.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
form label{display:inline-block;margin:.15rem 0}input[type=email],input[type=text]{font:inherit;display:block;width:min(26rem,100%);margin-top:.25rem;padding:.45rem .6rem;border:1px solid var(--line);border-radius:.35rem;background:var(--bg);color:var(--fg)}
fieldset{border:1px solid var(--line);border-radius:.35rem;max-width:26rem;columns:2}legend{color:var(--muted);font-size:.9rem}
form button[type=submit]{font:inherit;font-weight:600;padding:.5rem 1.1rem;border:0;border-radius:.35rem;background:var(--accent);color:#fff;cursor:pointer}
input:focus-visible,form button:focus-visible{outline:2px solid var(--accent);outline-offset:2px}`;

/** Copy buttons: progressive enhancement; without JS the URLs are plain selectable text. */
export const SITE_JS = `document.addEventListener('click',function(e){var b=e.target.closest&&e.target.closest('button.copy');if(!b)return;var t=b.getAttribute('data-copy');if(navigator.clipboard){navigator.clipboard.writeText(t).then(function(){b.textContent='Copied';setTimeout(function(){b.textContent='Copy'},1500)})}});
document.querySelectorAll('button.copy[hidden]').forEach(function(b){if(navigator.clipboard)b.hidden=false});`;
