// Plays the user at the server's key page, as a browser would: GET the authorize URL, post the page's form with the
// dryAPI key (from the environment, so it never shows in the process list), and follow the redirect to the client's
// callback. Usage: DRYAPI_API_KEY=... node authorize-with-key.mjs '<authorize URL>'
const authorizeUrl = new URL(process.argv[2]);
const key = process.env.DRYAPI_API_KEY;
if (!key) throw new Error('DRYAPI_API_KEY is not set');

const page = await fetch(authorizeUrl, { redirect: 'manual' });
const html = await page.text();
if (page.status !== 200) throw new Error(`the authorize page answered ${page.status}: ${html.slice(0, 300)}`);

const form = new URLSearchParams();
for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
  form.append(decode(name), decode(value));
}
form.append('api_key', key);

const cookie = page.headers.getSetCookie().map(header => header.split(';')[0]).join('; ');
const submitted = await fetch(new URL('/authorize', authorizeUrl), {
  method: 'POST',
  redirect: 'manual',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
  body: form,
});
const location = submitted.headers.get('location');
if (submitted.status < 300 || submitted.status > 399 || !location) {
  throw new Error(`posting the key answered ${submitted.status} without a redirect: ${(await submitted.text()).slice(0, 300)}`);
}

const callback = await fetch(location);
console.log(`key page posted; the client's callback answered ${callback.status}`);

function decode(text) {
  return text.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}
